#pragma once
// The tracking curve of Fader, Hardie & Lee (2005, figures 2 and 3): repeat transactions per
// calendar period, actual vs what a purchase model expects, across the calibration and holdout
// periods. Expected repeat transactions by calendar time tau are
//   sum over customers of E[X(tau - t_first)]            (0 before the customer's first purchase)
// where E[X(t)] is the unconditional expectation for a customer who made the first purchase t
// time units ago (models::expected_transactions_new). Pure: purchase days in, table out.

#include "clv/io/purchase_days.hpp"
#include "clv/models/model.hpp"

#include <optional>
#include <vector>

namespace clv {

struct TrackingOptions {
  double unit_days = 7.0;  // days per model time unit (rfm's: 1, 7, 30.4375)
  double period = 1.0;     // length of a period in model time units
  io::DayNumber end = 0;   // last day observed (inclusive)
  // Customers whose first purchase is after this day are left out (they were not in the
  // calibration summary the model was fitted on); periods that start after it are "holdout".
  std::optional<io::DayNumber> calibration_end;
};

struct TrackingPeriod {
  int period = 0;              // 1-based
  io::DayNumber start = 0;     // first day of the period
  bool holdout = false;        // starts after the calibration end
  double actual = 0.0;         // repeat purchase days in the period
  double expected = 0.0;
  double cumulative_actual = 0.0;
  double cumulative_expected = 0.0;
};

struct TrackingCurve {
  std::vector<TrackingPeriod> periods;
  double customers = 0.0;      // in the cohort
  io::DayNumber origin = 0;    // the earliest first purchase: period 1 starts here
};

// Period k covers times [(k-1) P, k P) from the origin (the last one cut at the end of the
// `end` day); a purchase on day d is at time (d - origin) / unit_days, and the end of the
// period (for the expectation) is k P, or the end of the `end` day. Throws clv::Error (usage)
// for a period or unit_days that is not positive, or more than 100,000 periods.
[[nodiscard]] TrackingCurve tracking_curve(const models::FitResult& purchase, const io::PurchaseDays& days,
                                           const TrackingOptions& options);

}  // namespace clv
