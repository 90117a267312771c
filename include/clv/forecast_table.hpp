#pragma once
// Per-customer forecasts from fitted models: expected transactions over a horizon, probability
// alive, expected average purchase and the discounted customer lifetime value; and the
// calibration-vs-holdout check. Pure functions: summary and fitted parameters in, structs out.
//
// Lifetime value convention (the one of lifetimes' customer_lifetime_value): the horizon H is
// cut into periods of length P (the last one shorter if P does not divide H). Period k, ending
// at t_k = min(kP, H), contributes the transactions expected in it, E[Y(t_k)] - E[Y(t_{k-1})],
// discounted at the end of the period by (1 + d)^k:
//   value = margin x expected_average_spend x sum_k (E[Y(t_k)] - E[Y(t_{k-1})]) / (1 + d)^k
// With d = 0 this is margin x expected_average_spend x E[Y(H)].

#include "clv/models/model.hpp"
#include "clv/summary.hpp"

#include <cstddef>
#include <optional>
#include <vector>

namespace clv {

struct ForecastOptions {
  double horizon = 0.0;        // in the model's time units
  double discount_rate = 0.0;  // per period, e.g. 0.01 for 1% a month with period 1 in months
  double period = 1.0;         // length of a discounting period in time units
  double margin = 1.0;         // share of revenue that is profit
  unsigned threads = 0;        // 0: one per core
};

struct CustomerForecast {
  double expected_transactions = 0.0;  // repeat transactions expected in (T, T + horizon]
  double probability_alive = 0.0;
  double expected_transactions_if_alive = 0.0;  // in (T, T + horizon] for a customer still active
  double expected_average_spend = 0.0;  // only with a spend model
  double lifetime_value = 0.0;          // only with a spend model
};

struct ForecastTable {
  std::vector<CustomerForecast> customers;  // same order as the summary
  bool has_value = false;                   // expected_average_spend and lifetime_value are set
};

// `spend` may be null (no value columns). Throws clv::Error (usage) for a horizon, period,
// discount rate or margin out of range, and (data_error) when a spend model is given and a
// customer with repeat purchases has no positive monetary value.
[[nodiscard]] ForecastTable forecast_customers(const models::FitResult& purchase, const models::FitResult* spend,
                                               const SummaryTable& summary, const ForecastOptions& options);

// Calibration vs holdout: customers grouped by calibration frequency 0, 1, ..., max and
// "max or more"; per group the mean repeat transactions actually made in the holdout and the
// mean the model predicted for each customer's own holdout duration.
struct HoldoutGroup {
  int frequency = 0;         // calibration repeat purchases (the last group: this or more)
  bool or_more = false;
  double customers = 0.0;    // sum of weights
  double actual = 0.0;       // mean holdout repeat transactions
  double predicted = 0.0;    // mean model prediction
};

struct HoldoutComparison {
  std::vector<HoldoutGroup> groups;  // frequency 0..max, empty groups left out
  double customers = 0.0;
  double actual_total = 0.0;
  double predicted_total = 0.0;
};

// Throws clv::Error (data_error) when the summary has no holdout columns.
[[nodiscard]] HoldoutComparison compare_holdout(const models::FitResult& purchase, const SummaryTable& summary,
                                                int max_frequency = 7, unsigned threads = 0);

}  // namespace clv
