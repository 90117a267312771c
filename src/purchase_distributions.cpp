#include "clv/purchase_distributions.hpp"

#include "clv/error.hpp"
#include "distinct_histories.hpp"

#include <fmt/format.h>

#include <cmath>

namespace clv {

std::vector<models::PurchaseDistribution> purchase_distributions(const models::FitResult& purchase,
                                                                 const SummaryTable& summary, double horizon,
                                                                 int max_count) {
  // Customers with the same history share a distribution (see distinct_histories.hpp).
  const detail::DistinctHistories distinct = detail::distinct_histories(summary);
  std::vector<models::PurchaseDistribution> unique;
  unique.reserve(distinct.histories.size());
  for (const models::PurchaseHistory& history : distinct.histories) {
    unique.push_back(models::purchase_distribution(purchase.kind, purchase.parameters, history, horizon, max_count));
  }
  std::vector<models::PurchaseDistribution> result;
  result.reserve(summary.customers.size());
  for (const std::uint32_t index : distinct.index) {
    result.push_back(unique[index]);
  }
  return result;
}

NewCustomerForecast forecast_new_customer(const models::FitResult& purchase, const models::FitResult* spend,
                                          const ForecastOptions& options, std::optional<int> max_count) {
  // The option checks of the per-customer forecast (one customer-free call).
  (void)forecast_customers(purchase, nullptr, SummaryTable{}, options);
  NewCustomerForecast result;
  result.expected_transactions = models::expected_transactions_new(purchase.kind, purchase.parameters, options.horizon);
  if (max_count) {
    // Acquired at 0 with nothing since: the history (0, 0, 0) of every model.
    result.distribution =
        models::purchase_distribution(purchase.kind, purchase.parameters, models::PurchaseHistory{}, options.horizon,
                                      *max_count);
  }
  if (spend != nullptr) {
    const double spend_per_purchase = models::expected_average_spend(spend->parameters, 0.0, 0.0);
    double discounted = result.expected_transactions;
    if (options.discount_rate != 0.0 && options.horizon > 0.0) {
      // Period k ends at t_k = min(kP, H) and is discounted by (1 + d)^k (forecast_table.hpp).
      const auto periods = static_cast<std::size_t>(std::ceil(options.horizon / options.period));
      discounted = 0.0;
      double previous = 0.0;
      double factor = 1.0;
      for (std::size_t k = 1; k <= periods; ++k) {
        factor *= 1.0 + options.discount_rate;
        const double end = std::min(static_cast<double>(k) * options.period, options.horizon);
        const double expected = models::expected_transactions_new(purchase.kind, purchase.parameters, end);
        discounted += (expected - previous) / factor;
        previous = expected;
      }
    }
    result.expected_average_spend = spend_per_purchase;
    result.lifetime_value = options.margin * spend_per_purchase * discounted;
  }
  return result;
}

}  // namespace clv
