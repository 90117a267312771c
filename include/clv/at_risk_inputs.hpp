#pragma once
// The inputs of select_at_risk (clv/at_risk_selection.hpp) from a customer summary and fitted models.
// Pure: summary and parameters in, structs out.
//
// value if alive = E[Y(horizon) | alive, x, t_x, T] x expected average purchase x margin
//
// In BG/NBD, Pareto/NBD and MBG/NBD a customer who is no longer active makes no more purchases,
// so E[Y(t) | x, t_x, T] = P(alive) E[Y(t) | alive, x, T]; the models give the second factor
// directly (it depends on x and T only), so a P(alive) that underflows to 0 loses nothing. The expected average purchase is, in this order
// (as in clv/customers_from_models.hpp): the explicit `average_purchase` option; the Gamma-Gamma
// conditional mean when a spend model is given; the customer's monetary_value.
// Days since the last purchase = (age - recency) and the usual gap = recency / frequency, both
// converted from the summary's time unit to days (1, 7 or 30.4375 days); absent when the unit is
// unknown.

#include "clv/at_risk_selection.hpp"
#include "clv/models/model.hpp"
#include "clv/summary.hpp"

#include <optional>
#include <vector>

namespace clv {

struct AtRiskForecastOptions {
  double horizon = 52.0;  // in the model's time units, > 0
  double margin = 1.0;   // share of revenue that is profit, in (0, 1]
  std::optional<TimeUnit> unit;  // overrides the summary's unit (e.g. the model file's)
  std::optional<double> average_purchase;  // the same spend for every customer, >= 0
  unsigned threads = 0;  // 0: one per core
};

// One input per summary row, same order. Throws clv::Error (usage) for a horizon, margin or
// average purchase out of range, (data) as forecast_customers does.
[[nodiscard]] std::vector<AtRiskInput> at_risk_inputs(const SummaryTable& summary, const models::FitResult& purchase,
                                                      const models::FitResult* spend,
                                                      const AtRiskForecastOptions& options);

}  // namespace clv
