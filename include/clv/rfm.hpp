#pragma once
// From a transaction log to the per-customer summary (recency, frequency, T, monetary value),
// as lifetimes' summary_data_from_transaction_data and calibration_and_holdout_data make it.
// docs/rfm.md states the conventions; in short:
//  - purchases are grouped into periods: the day (Collapse::day, the default) or the unit's
//    calendar period (Collapse::unit: Monday-based weeks, calendar months); several purchases in
//    one period count once and their amounts are added;
//  - frequency = distinct periods - 1; recency = last - first purchase; T = observation end -
//    first purchase; monetary_value = mean amount per repeat period (0 when none);
//  - with Collapse::day times are in days / 7 (weeks) or days / 30.4375 (months, 365.25 / 12);
//    with Collapse::unit they are whole periods;
//  - purchases after the observation end are left out and counted (RfmReport);
//  - refunds (negative amounts) net within their period: a period with a refund whose net is
//    0 or less is no purchase (neither in frequency nor in monetary value), and a customer left
//    with no purchase period is left out and counted (RfmReport). Monetary figures are the
//    net amounts of the purchase periods.
//
// Rows may come in any order; memory grows with customers and their distinct purchase periods,
// not with rows.
//
// Typical use (`clv fit LOG`):
//   clv::RfmOptions options;            // columns customer_id, date, amount; unit days
//   options.unit = clv::TimeUnit::weeks;
//   clv::SummaryTable summary = clv::summarise_log("orders.csv", options);

#include "clv/io/input.hpp"
#include "clv/io/transaction_reader.hpp"
#include "clv/progress.hpp"
#include "clv/summary.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clv {

enum class Collapse { day, unit };

// What the holdout's monetary value averages over. per_period: the holdout spend over its
// purchase periods (days by default), as the calibration monetary value. per_transaction: the
// same spend over the holdout's rows (refund rows included), as lifetimes'
// calibration_and_holdout_data, which averages transactions; the two differ for customers
// with several purchases on one day.
enum class HoldoutAverage { per_period, per_transaction };

struct RfmOptions {
  io::TransactionLogOptions log;  // format, columns, date format, bad rows
  TimeUnit unit = TimeUnit::days;
  Collapse collapse = Collapse::day;
  // Purchases after this day are left out (and counted). Default: the last date in the log.
  std::optional<io::DayNumber> observation_end;
  // With a calibration end: the summary covers purchases up to it (customers whose first
  // purchase is after it are left out) and `SummaryTable::holdout` the rest.
  std::optional<io::DayNumber> calibration_end;
  HoldoutAverage holdout_average = HoldoutAverage::per_period;
  // Told the rows read so far, every 2^16 rows (for a progress line); none: nothing is told.
  ProgressSink* progress = nullptr;
  // 1: read and sum on the calling thread. 2 or more: one thread reads and parses (and
  // decompresses), the calling thread sums. 0: 2 when the machine has two cores or more.
  unsigned threads = 0;
};

struct RfmReport {
  std::uint64_t rows_read = 0;                // good rows read (those after the observation end too)
  std::uint64_t rows_skipped = 0;             // bad rows left out (BadRows::skip)
  std::uint64_t rows_after_observation_end = 0;
  std::uint64_t customers_without_purchase = 0;  // every period refunded: left out of the summary
  std::vector<Error> skipped_examples;        // the first few bad rows
  std::optional<io::DayNumber> first_day;     // earliest and latest purchase in the log
  std::optional<io::DayNumber> last_day;
  bool has_amounts = false;
};

struct RfmResult {
  SummaryTable summary;
  RfmReport report;
};

// The days one unit stands for with Collapse::day: 1, 7, 30.4375.
[[nodiscard]] double unit_days(TimeUnit unit) noexcept;

// The period a day falls in: the day itself, its Monday-based week, or its calendar month,
// numbered consecutively (for Collapse::unit).
[[nodiscard]] std::int32_t period_of(io::DayNumber day, TimeUnit unit, Collapse collapse) noexcept;

// The order of customer ids in every summary: ids made only of digits (up to 18 significant
// digits) first, by numeric value, equal values by bytes ("01" before "1"); then all other ids
// by bytes. A total order, so output is deterministic, and natural for numeric ids.
[[nodiscard]] bool customer_id_less(std::string_view a, std::string_view b) noexcept;

// A streaming accumulator: add() every purchase, in any order, then finish().
class RfmAccumulator {
 public:
  // `observation_end` of the options may be absent: it then becomes the last day added.
  explicit RfmAccumulator(const RfmOptions& options);
  ~RfmAccumulator();
  RfmAccumulator(RfmAccumulator&&) noexcept;
  RfmAccumulator& operator=(RfmAccumulator&&) noexcept;

  // A negative amount is a refund, netted within its period.
  void add(std::string_view customer_id, io::DayNumber day, double amount);
  // Adds everything `other` has seen (for accumulators fed from parts of one log).
  void merge(RfmAccumulator&& other);

  [[nodiscard]] std::uint64_t rows() const noexcept;
  [[nodiscard]] std::uint64_t rows_after_observation_end() const noexcept;
  [[nodiscard]] std::size_t customers() const noexcept;
  // The earliest and latest purchase day added (before the observation end).
  [[nodiscard]] std::optional<io::DayNumber> first_day() const noexcept;
  [[nodiscard]] std::optional<io::DayNumber> last_day() const noexcept;
  // After finish(): customers left out because none of their periods is a purchase.
  [[nodiscard]] std::uint64_t customers_without_purchase() const noexcept;

  // The summary, sorted by customer_id_less. Throws clv::Error (data_error) when no purchase
  // was added, or (usage) when the calibration end is not before the observation end.
  [[nodiscard]] SummaryTable finish(bool has_amounts);

  struct Impl;

 private:
  std::unique_ptr<Impl> m_impl;
};

// Reads a whole log and summarises it. `path` "-" or "" is standard input; ".gz" is decompressed.
[[nodiscard]] RfmResult summarise_log_with_report(const std::string& path, const RfmOptions& options);
[[nodiscard]] RfmResult summarise_with_report(io::InputSource& source, const RfmOptions& options);

// The same, for callers that only want the summary (warnings are dropped).
[[nodiscard]] SummaryTable summarise_log(const std::string& path, const RfmOptions& options);

}  // namespace clv
