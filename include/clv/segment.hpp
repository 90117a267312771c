#pragma once
// Value per segment: customers grouped by a key (acquisition channel, campaign, region, cohort)
// and, per group, how much value it holds and whether what was spent to win its customers comes
// back. Pure: customers and keys in, structs out. Definitions in docs/segment.md.
//
// A customer's value here is its own net income (clv/value.hpp: revenue − acquisition cost −
// service cost), so that a referred customer's sales are counted once, in its own segment, and
// the segments add up to the portfolio's total (as `clv rank`'s total value). What its referred
// customers bring a referrer is listed apart as the segment's referral income.
//
//   ltv_to_cac   = (total value + total acquisition cost) / total acquisition cost
//   payback_year = first year in which the cumulative profit of the sum of the segment's
//                  customers' yearly tables (clv/projection.hpp) is >= 0

#include "clv/at_risk_selection.hpp"
#include "clv/bounds.hpp"
#include "clv/customer.hpp"
#include "clv/projection.hpp"
#include "clv/referral.hpp"
#include "clv/summary.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clv {

inline constexpr std::size_t k_max_segments = 10000;

enum class CohortPeriod { month, quarter, year };

// Parses "month", "quarter" or "year"; throws a usage error naming the three otherwise.
[[nodiscard]] CohortPeriod parse_cohort_period(std::string_view text);

// The cohort of a "YYYY-MM-DD" date: "2024-03", "2024-Q1" or "2024". nullopt when `date` is not
// such a date.
[[nodiscard]] std::optional<std::string> cohort_of(std::string_view date, CohortPeriod period);

// The date of a summarised customer's first purchase: `observation_end` ("YYYY-MM-DD") minus
// its age in `unit`s (1, 7 or 365.25 / 12 days, as `clv rfm` counts them), to the nearest day.
// nullopt when `observation_end` is not a date or the age is not a finite number >= 0.
[[nodiscard]] std::optional<std::string> first_purchase_date(std::string_view observation_end, double age,
                                                             TimeUnit unit);

// A customer's standing under a forecasting model, for the segments' risk columns.
struct SegmentRiskInput {
  double probability_alive = 1.0;  // in [0, 1]
  double value_if_alive = 0.0;
};

struct SegmentOptions {
  int years = 5;                         // of the yearly tables, for payback_year
  ReferralDepth depth = ReferralDepth::all;
  std::optional<std::size_t> top;        // keep the best N segments (the total covers everyone)
  std::size_t max_segments = k_max_segments;  // more is refused unless `top` is given
  AtRiskOptions at_risk;                 // threshold and minimum value at stake (its `top` is ignored)
};

struct SegmentResult {
  std::string segment;
  std::size_t customers = 0;
  double total_value = 0.0;               // Σ own net income: each sale once
  std::optional<double> share;            // of the portfolio's total value; absent when that is <= 0
  double mean_value = 0.0;                // total_value / customers
  double median_value = 0.0;              // of the customers' own net incomes
  double mean_acquisition_cost = 0.0;     // Σ acquisition cost / customers
  std::optional<double> ltv_to_cac;       // absent when Σ acquisition cost is 0
  std::optional<int> payback_year;        // absent when never within `years`, or a customer has no ledger
  bool has_tables = false;                // every customer has a yearly table (payback_year is meaningful)
  double referral_income = 0.0;           // Σ referral net income of the segment's customers
  // With risk inputs (a forecasting model):
  std::optional<double> mean_probability_alive;
  std::optional<std::size_t> customers_at_risk;  // P(alive) below the threshold, value at stake >= minimum, > 0
  std::optional<double> value_at_stake;          // of the customers at risk
  // With --interval (value_intervals.hpp, segment_value_intervals):
  std::optional<Bounds> total_value_bounds;
  std::optional<Bounds> mean_value_bounds;
};

struct SegmentTable {
  std::vector<SegmentResult> segments;  // by total value (largest first), ties by name
  SegmentResult total;                  // every customer; segment "(all)"
  std::size_t segment_count = 0;        // before `top`
};

// Groups `set`'s customers by `keys` (one per customer, same order). `risk` is empty or holds
// one entry per customer. `tables`, when given, holds the same customers in the same order as
// ledgers: their yearly tables give the payback year while the values are `set`'s (the sBG and
// BG/BB customers are valued as formula customers, as `clv value` values them, and projected as
// ledgers, as `clv project` does). Throws clv::Error: usage for bad options; data for a key
// count, risk count or `tables` that does not match the customers, more than max_segments
// segments without `top`, a P(alive) outside [0, 1], and what customer_value,
// build_referral_tree and project throw.
[[nodiscard]] SegmentTable segment_customers(const CustomerSet& set, const std::vector<std::string>& keys,
                                             const std::vector<SegmentRiskInput>& risk,
                                             const SegmentOptions& options, const CustomerSet* tables = nullptr);

// Each customer's segment as an index into `names` (the distinct keys, by name), for
// segment_value_intervals (value_intervals.hpp).
struct SegmentIndex {
  std::vector<std::string> names;
  std::vector<std::size_t> of;  // per customer, keys' order
};
[[nodiscard]] SegmentIndex index_segments(const std::vector<std::string>& keys);

// Sets the value bounds of each segment of `table` (found by name in `names`; total[i] and mean[i]
// are those of names[i]) and of its total row.
void set_segment_value_bounds(SegmentTable& table, const std::vector<std::string>& names,
                              const std::vector<Bounds>& total, const std::vector<Bounds>& mean, Bounds all_total,
                              Bounds all_mean);

// The article's yearly table per segment: the sum of its ledger customers' tables (revenue,
// cost, referral income and profit per year; cumulative and discounted profit, total profit and
// NPV recomputed from the sums). `projections` are project()'s tables for `set`; each table's id
// is its segment's name. Segments in the order of `order` (e.g. a SegmentTable's), or by name
// when `order` is empty; segments without a ledger customer are left out.
struct SegmentProjections {
  std::vector<std::string> names;       // the tables' ids view these
  std::vector<Projection> tables;
};
[[nodiscard]] SegmentProjections project_segments(const CustomerSet& set, const std::vector<std::string>& keys,
                                                  const ProjectionOptions& options,
                                                  const std::vector<std::string>& order = {});

}  // namespace clv
