#pragma once
// The per-customer repeat-purchase summary: what `clv rfm` makes from a transaction log, what a
// warehouse query makes (docs/scale.md), and what the forecasting models consume. Conventions
// are those of the models' papers and of the `lifetimes` library:
//  - frequency: number of repeat purchase periods (the first purchase is not a repeat),
//  - recency:   time from the first to the last purchase (0 when frequency is 0),
//  - age:       time from the first purchase to the end of observation (the papers' T),
//  - monetary_value: mean amount of the repeat purchases (0 when there are none).
// Times are in `TimeUnit`s.

#include "clv/customer.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clv {

enum class TimeUnit { days, weeks, months };

// "days", "weeks", "months".
[[nodiscard]] std::string_view time_unit_name(TimeUnit unit) noexcept;
// Parses "days"/"weeks"/"months" (also "day", "week", "month"); nullopt otherwise.
[[nodiscard]] std::optional<TimeUnit> parse_time_unit(std::string_view name) noexcept;

struct CustomerSummary {
  std::string id;
  double frequency = 0.0;
  double recency = 0.0;
  double age = 0.0;
  double monetary_value = 0.0;
  double weight = 1.0;  // how many identical customers this row stands for (a `count` column)
  std::optional<double> first_purchase_value;
  std::optional<double> total_spend;
  std::optional<std::int64_t> transactions;
};

// A customer's figures after the calibration period, for model checks.
struct HoldoutSummary {
  double frequency = 0.0;       // repeat purchase periods in the holdout
  double monetary_value = 0.0;  // mean amount of those purchases (0 when none)
  double duration = 0.0;        // length of the holdout period
};

struct SummaryTable {
  std::vector<CustomerSummary> customers;
  // Present only when made with a calibration end: one entry per customer, same order.
  std::vector<HoldoutSummary> holdout;
  // The unit the times are in; absent for a summary read from a file that did not say.
  std::optional<TimeUnit> unit;
  // The end of observation (calibration end when there is a holdout) as "YYYY-MM-DD", if known.
  std::optional<std::string> observation_end;
  // False when made from a log without amounts: monetary figures are then 0 and meaningless.
  bool has_amounts = true;
  // Extra columns of a summary file carried through to the outputs (`--keep`).
  KeptColumns kept;
  // Each customer's line in the file the summary was read from, for errors found later; empty
  // for a summary made from a log (a customer is many lines there: errors name the customer).
  std::vector<std::size_t> lines;
};

// Data errors naming the first row (its line when read from a file) that a result per customer
// cannot take: a row standing for several customers (a count column).
void require_one_customer_per_row(const SummaryTable& summary);
// ... a customer with repeat purchases but no positive monetary_value, which a spend model
// (Gamma-Gamma) conditions on; usually the summary has no monetary_value column at all.
void require_positive_spend(const SummaryTable& summary);

}  // namespace clv
