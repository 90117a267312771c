#include "clv/at_risk_inputs.hpp"

#include "clv/forecast_table.hpp"
#include "clv/error.hpp"
#include "clv/rfm.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace clv {

std::vector<AtRiskInput> at_risk_inputs(const SummaryTable& summary, const models::FitResult& purchase,
                                        const models::FitResult* spend, const AtRiskForecastOptions& options) {
  if (!(options.horizon > 0.0) || !std::isfinite(options.horizon)) {
    throw usage_error(fmt::format("the horizon must be a positive number, not {}", options.horizon));
  }
  if (!(options.margin > 0.0 && options.margin <= 1.0)) {
    throw usage_error(fmt::format("the margin must be in (0, 1], not {}", options.margin));
  }
  if (options.average_purchase && !(std::isfinite(*options.average_purchase) && *options.average_purchase >= 0.0)) {
    throw usage_error(fmt::format("the average purchase must be a number of 0 or more, not {}", *options.average_purchase));
  }
  // The list is of customers, and its totals count each row once.
  require_one_customer_per_row(summary);
  ForecastOptions forecast_options;
  forecast_options.horizon = options.horizon;
  forecast_options.margin = options.margin;
  forecast_options.threads = options.threads;
  // An explicit average purchase makes the spend model's conditional means unneeded.
  const ForecastTable table =
      forecast_customers(purchase, options.average_purchase ? nullptr : spend, summary, forecast_options);

  const std::optional<TimeUnit> unit = options.unit ? options.unit : summary.unit;
  const double days_per_unit = unit ? unit_days(*unit) : 0.0;  // 0: unknown unit, no day counts

  std::vector<AtRiskInput> inputs;
  inputs.reserve(summary.customers.size());
  for (std::size_t i = 0; i < summary.customers.size(); ++i) {
    const CustomerSummary& customer = summary.customers[i];
    const CustomerForecast& forecast = table.customers[i];
    AtRiskInput& input = inputs.emplace_back();
    input.id = customer.id;
    // Rounding can put P(alive) a hair outside [0, 1]; select_at_risk rejects that.
    input.probability_alive = std::clamp(forecast.probability_alive, 0.0, 1.0);
    // Computed directly, not as E[Y] / P(alive): that ratio is 0/0 where P(alive) underflows.
    const double transactions_if_alive = forecast.expected_transactions_if_alive;
    const double average_purchase = options.average_purchase ? *options.average_purchase
                                    : table.has_value        ? forecast.expected_average_spend
                                                             : customer.monetary_value;
    input.value_if_alive = transactions_if_alive * average_purchase * options.margin;
    if (unit) {
      input.days_since_last_purchase = (customer.age - customer.recency) * days_per_unit;
      input.usual_gap_days = usual_gap_days(customer.recency * days_per_unit, customer.frequency);
    }
  }
  return inputs;
}

}  // namespace clv
