#include "clv/purchase_distributions.hpp"

#include "clv/error.hpp"
#include "clv/models/bg_bb.hpp"
#include "distinct_histories.hpp"

#include <fmt/format.h>

#include <algorithm>
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

namespace {

// BG/BB: opportunities, not time; no discounting (FHS 2010, eqs. 8 and 9 in models/bg_bb).
NewCustomerForecast forecast_new_opportunities(const models::FitResult& purchase, const models::FitResult* spend,
                                               const ForecastOptions& options, std::optional<int> max_count,
                                               std::optional<double> average_purchase) {
  const double horizon = options.horizon;
  if (!(horizon >= 1.0) || horizon != std::floor(horizon) || horizon > 1e6) {
    throw usage_error(fmt::format("a BG/BB model forecasts --horizon N opportunities, a whole number from 1 to "
                                  "1000000, not {}",
                                  horizon));
  }
  if (options.discount_rate != 0.0 || options.period != 1.0) {
    throw usage_error("--discount-rate and --period are not for a BG/BB model: its value is the undiscounted "
                      "value of the next --horizon opportunities");
  }
  if (purchase.parameters.size() != 4) {
    throw data_error("a BG/BB model has 4 parameters");
  }
  const models::bg_bb::Parameters parameters{purchase.parameters[0], purchase.parameters[1], purchase.parameters[2],
                                             purchase.parameters[3]};
  const int opportunities = static_cast<int>(horizon);
  NewCustomerForecast result;
  result.expected_transactions = models::bg_bb::expected_transactions_new(parameters, opportunities);
  if (max_count) {
    if (*max_count < 0 || *max_count > models::k_max_distribution_count) {
      throw usage_error(fmt::format("--distribution must be a whole number from 0 to {}, not {}",
                                    models::k_max_distribution_count, *max_count));
    }
    if (horizon * (*max_count + 1.0) > models::k_max_bg_bb_distribution_terms) {
      throw usage_error(fmt::format("--distribution {} over --horizon {}: BG/BB sums a term per opportunity and "
                                    "count, and (K + 1) x N must be at most {:.0f}",
                                    *max_count, horizon, models::k_max_bg_bb_distribution_terms));
    }
    result.distribution.probabilities =
        models::bg_bb::transaction_probabilities_new(parameters, opportunities, *max_count);
    double total = 0.0;
    for (const double probability : result.distribution.probabilities) {
      total += probability;
    }
    result.distribution.more = std::max(0.0, 1.0 - total);
  }
  if (spend != nullptr || average_purchase) {
    const double spend_per_purchase =
        average_purchase ? *average_purchase : models::expected_average_spend(spend->parameters, 0.0, 0.0);
    result.expected_average_spend = spend_per_purchase;
    result.lifetime_value = options.margin * spend_per_purchase * result.expected_transactions;
  }
  return result;
}

}  // namespace

NewCustomerForecast forecast_new_customer(const models::FitResult& purchase, const models::FitResult* spend,
                                          const ForecastOptions& options, std::optional<int> max_count,
                                          std::optional<double> average_purchase) {
  if (spend != nullptr && average_purchase) {
    throw usage_error("give --average-purchase (every transaction worth the same) or --spend-model, not both");
  }
  if (average_purchase && !(*average_purchase >= 0.0 && std::isfinite(*average_purchase))) {
    throw usage_error(fmt::format("--average-purchase must be a number >= 0, not {}", *average_purchase));
  }
  if (purchase.kind == models::ModelKind::bg_bb) {
    return forecast_new_opportunities(purchase, spend, options, max_count, average_purchase);
  }
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
  if (spend != nullptr || average_purchase) {
    const double spend_per_purchase =
        average_purchase ? *average_purchase : models::expected_average_spend(spend->parameters, 0.0, 0.0);
    double discounted = result.expected_transactions;
    if (options.discount_rate != 0.0 && options.horizon > 0.0) {
      // Period k ends at t_k = min(kP, H) and is discounted by (1 + d)^k (forecast_table.hpp).
      const auto periods = static_cast<std::size_t>(std::ceil(options.horizon / options.period));
      std::vector<double> ends(periods);
      for (std::size_t k = 1; k <= periods; ++k) {
        ends[k - 1] = std::min(static_cast<double>(k) * options.period, options.horizon);
      }
      // All the period ends at once: linear in their number (forecast_table.cpp).
      const std::vector<double> expectations =
          models::expected_transactions_new_path(purchase.kind, purchase.parameters, ends);
      discounted = 0.0;
      double previous = 0.0;
      double factor = 1.0;
      for (std::size_t k = 1; k <= periods; ++k) {
        factor *= 1.0 + options.discount_rate;
        discounted += (expectations[k - 1] - previous) / factor;
        previous = expectations[k - 1];
      }
    }
    result.expected_average_spend = spend_per_purchase;
    result.lifetime_value = options.margin * spend_per_purchase * discounted;
  }
  return result;
}

}  // namespace clv
