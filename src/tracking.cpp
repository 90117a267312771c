#include "clv/tracking.hpp"

#include "clv/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace clv {

TrackingCurve tracking_curve(const models::FitResult& purchase, const io::PurchaseDays& days,
                             const TrackingOptions& options) {
  if (!(options.period > 0.0 && std::isfinite(options.period))) {
    throw usage_error(fmt::format("--period must be a positive number, not {}", options.period));
  }
  if (!(options.unit_days > 0.0)) {
    throw usage_error("the days per time unit must be positive");
  }
  TrackingCurve curve;
  // The cohort, counted by first purchase day: E[X(t)] is then evaluated once per distinct
  // first day and period, not once per customer.
  std::map<io::DayNumber, double> cohort;
  for (const io::CustomerDays& customer : days.customers) {
    if (options.calibration_end && customer.days.front() > *options.calibration_end) {
      continue;
    }
    cohort[customer.days.front()] += 1.0;
    curve.customers += 1.0;
  }
  if (cohort.empty()) {
    throw data_error("no customer made a first purchase by the calibration end");
  }
  curve.origin = cohort.begin()->first;
  const double end_time = static_cast<double>(options.end - curve.origin + 1) / options.unit_days;
  const double count = std::ceil(end_time / options.period - 1e-12);
  if (count > 100000.0) {
    throw usage_error(fmt::format("{} periods are too many: choose a longer --period", count));
  }
  const auto periods = static_cast<std::size_t>(std::max(1.0, count));
  curve.periods.resize(periods);

  for (const io::CustomerDays& customer : days.customers) {
    if (options.calibration_end && customer.days.front() > *options.calibration_end) {
      continue;
    }
    for (std::size_t i = 1; i < customer.days.size(); ++i) {
      const double time = static_cast<double>(customer.days[i] - curve.origin) / options.unit_days;
      const auto k = std::min(periods - 1, static_cast<std::size_t>(std::floor(time / options.period)));
      curve.periods[k].actual += 1.0;
    }
  }

  double cumulative_actual = 0.0;
  double previous_expected = 0.0;
  for (std::size_t k = 0; k < periods; ++k) {
    TrackingPeriod& period = curve.periods[k];
    period.period = static_cast<int>(k + 1);
    period.start = curve.origin + static_cast<io::DayNumber>(
                                      std::ceil(static_cast<double>(k) * options.period * options.unit_days - 1e-9));
    period.holdout = options.calibration_end && period.start > *options.calibration_end;
    const double time = std::min(static_cast<double>(k + 1) * options.period, end_time);
    double expected = 0.0;
    for (const auto& [first_day, customers] : cohort) {
      const double age = time - static_cast<double>(first_day - curve.origin) / options.unit_days;
      if (age > 0.0) {
        expected += customers * models::expected_transactions_new(purchase.kind, purchase.parameters, age);
      }
    }
    cumulative_actual += period.actual;
    period.cumulative_actual = cumulative_actual;
    period.cumulative_expected = expected;
    period.expected = expected - previous_expected;
    previous_expected = expected;
  }
  return curve;
}

}  // namespace clv
