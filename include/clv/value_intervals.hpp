#pragma once
// Intervals on the values of forecast customers (`clv value --model`, `clv rank --model`, and per
// segment `clv segment --model`): the parameter draws of forecast_interval.hpp (normal draws or
// bootstrap refits, as a value), and for every draw each customer's expected transactions,
// average purchase and value recomputed as forecast_customer_set (customers_from_models.hpp,
// formula view) and customer_value (value.hpp) would compute them with the drawn parameters, referral income
// included (a referrer's income is the drawn values of the customers below it). The bounds are
// exact type-7 quantiles over the draws (draw_bounds.hpp); the totals' bounds are those of the
// totals of each draw, not sums of bounds. Pure; the draws run on `threads` threads with the
// same output for any count.

#include "clv/customer.hpp"
#include "clv/customers_from_models.hpp"
#include "clv/forecast_interval.hpp"
#include "clv/referral.hpp"
#include "clv/summary.hpp"

#include <vector>

namespace clv {

struct CustomerValueIntervals {
  Bounds transactions;      // expected transactions over the years
  Bounds average_purchase;  // expected average purchase x margin
  Bounds value;             // own net income + referral income
};

struct ValueIntervals {
  std::vector<CustomerValueIntervals> customers;  // the set's order
  Bounds revenue;           // portfolio totals of each draw
  Bounds own_net_income;    // each sale counted once
  Bounds sum_of_values;
};

// `set` is forecast_customer_set(summary, purchase, spend, attributes, options) with
// options.view = formula: its costs, referrers and ids stay; transactions and average purchase
// are recomputed per draw. Throws clv::Error (usage) for a level outside (0, 1), fewer than 2
// draws, or a set that does not match the summary.
[[nodiscard]] ValueIntervals value_intervals(const CustomerSet& set, const SummaryTable& summary,
                                             const models::FitResult& purchase, const models::FitResult* spend,
                                             const CustomerForecastOptions& options, ReferralDepth depth,
                                             const ParameterDraws& draws, double level);

// `clv project --model --interval`: each year's profit and the total profit of every customer of
// `set`, made by forecast_customer_set with options.view = ledger (years, costs and referrers
// stay; sales are recomputed per draw as forecast_customer_set and project() compute them,
// referral income included). profit[i] holds options.years bounds, then the total's.
struct ProjectionIntervals {
  std::vector<std::vector<Bounds>> profit;  // the set's order
};
[[nodiscard]] ProjectionIntervals projection_intervals(const CustomerSet& set, const SummaryTable& summary,
                                                       const models::FitResult& purchase,
                                                       const models::FitResult* spend,
                                                       const CustomerForecastOptions& options, ReferralDepth depth,
                                                       const ParameterDraws& draws, double level);

// `clv segment --model --interval`: the bounds of each segment's total and mean value, where a
// segment's value in a draw is the sum of its customers' own net incomes in that draw (each sale
// counted once, as segment.hpp's total value) and its mean that sum / its customers. `segment_of`
// holds each customer's segment (0 .. segments - 1, the set's order); `set` is formula view, as
// for value_intervals. Same errors as value_intervals, and a data error for a segment_of that
// does not match the set.
struct SegmentValueIntervals {
  std::vector<Bounds> total_value;  // per segment index
  std::vector<Bounds> mean_value;
  Bounds all_total_value;           // every customer
  Bounds all_mean_value;
};
[[nodiscard]] SegmentValueIntervals segment_value_intervals(const CustomerSet& set, const SummaryTable& summary,
                                                            const models::FitResult& purchase,
                                                            const models::FitResult* spend,
                                                            const CustomerForecastOptions& options,
                                                            const ParameterDraws& draws, double level,
                                                            const std::vector<std::size_t>& segment_of,
                                                            std::size_t segments);

}  // namespace clv
