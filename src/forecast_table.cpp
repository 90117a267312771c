#include "clv/forecast_table.hpp"

#include "clv/discount_rate.hpp"
#include "clv/error.hpp"
#include "clv/models/batch.hpp"
#include "distinct_histories.hpp"
#include "models/workers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cmath>
#include <thread>

namespace clv {

namespace {

// Runs body(begin, end) over [0, count) in contiguous chunks on up to `threads` threads
// (0: one per core). Small inputs stay on the calling thread.
template <typename Body>
void parallel_for(std::size_t count, unsigned threads, const Body& body) {
  constexpr std::size_t k_min_chunk = 4096;
  unsigned workers = threads == 0 ? std::max(1U, std::thread::hardware_concurrency()) : threads;
  workers = static_cast<unsigned>(std::min<std::size_t>(workers, (count + k_min_chunk - 1) / k_min_chunk));
  if (workers <= 1) {
    body(std::size_t{0}, count);
    return;
  }
  const std::size_t chunk = (count + workers - 1) / workers;
  // A failure on any chunk is rethrown here, the first chunk's first: the same message whatever the timing.
  models::detail::run_workers(workers, [&](unsigned worker, unsigned) {
    const std::size_t begin = std::min(count, worker * chunk);
    body(begin, std::min(count, begin + chunk));
  });
}

models::PurchaseHistory history_of(const CustomerSummary& customer) {
  return models::PurchaseHistory{customer.frequency, customer.recency, customer.age, customer.weight};
}

void check_options(const ForecastOptions& options) {
  if (!(options.horizon >= 0.0) || !std::isfinite(options.horizon)) {
    throw usage_error(fmt::format("--horizon must be a non-negative number, not {}", options.horizon));
  }
  if (!(options.period > 0.0) || !std::isfinite(options.period)) {
    throw usage_error(fmt::format("--period must be a positive number, not {}", options.period));
  }
  check_discount_rate(options.discount_rate);
  if (!std::isfinite(options.margin)) {
    throw usage_error(fmt::format("--margin must be a finite number, not {}", options.margin));
  }
  if (options.discount_rate > 0.0 && options.horizon / options.period > k_max_discount_periods) {
    throw usage_error(fmt::format("--horizon {} is more than 100000 discounting periods of {}: use a longer --period",
                                  options.horizon, options.period));
  }
}

}  // namespace

ForecastTable forecast_customers(const models::FitResult& purchase, const models::FitResult* spend,
                                 const SummaryTable& summary, const ForecastOptions& options) {
  check_options(options);
  if (spend != nullptr) {
    require_positive_spend(summary);
  }
  // Customers with the same (frequency, recency, age) get the same forecast; summaries of daily
  // logs repeat them a lot, and the forecasts (hypergeometric series) are the expensive part.
  const detail::DistinctHistories distinct = detail::distinct_histories(summary);
  const std::vector<models::PurchaseForecast> at_horizon = models::forecast_all(
      purchase.kind, purchase.parameters, distinct.histories, options.horizon, options.threads);

  // Discounted expected transactions (see the header): period k ends at t_k = min(kP, H).
  std::vector<double> discounted(distinct.histories.size());
  for (std::size_t u = 0; u < discounted.size(); ++u) {
    discounted[u] = at_horizon[u].expected_transactions;
  }
  if (spend != nullptr && options.discount_rate != 0.0 && options.horizon > 0.0) {
    const auto periods = static_cast<std::size_t>(std::ceil(options.horizon / options.period));
    std::vector<double> ends(periods);
    std::vector<double> factors(periods);
    double factor = 1.0;
    for (std::size_t k = 1; k <= periods; ++k) {
      factor *= 1.0 + options.discount_rate;
      ends[k - 1] = std::min(static_cast<double>(k) * options.period, options.horizon);
      factors[k - 1] = factor;
    }
    // Each history's expectations at all the period ends at once: linear in the number of
    // periods (a 2F1 series per period end would cost the square of the horizon).
    parallel_for(distinct.histories.size(), options.threads, [&](std::size_t begin, std::size_t end) {
      for (std::size_t u = begin; u < end; ++u) {
        const models::PurchaseHistory& history = distinct.histories[u];
        const double alive = at_horizon[u].probability_alive;
        const std::vector<double> if_alive = models::expected_transactions_if_alive_path(
            purchase.kind, purchase.parameters, history.frequency, history.age, ends);
        double sum = 0.0;
        double previous = 0.0;
        for (std::size_t k = 0; k < periods; ++k) {
          // As forecast(): E[Y] = P(alive) E[Y | alive], 0 when P(alive) is; the last period ends
          // at the horizon, whose forecast is at hand.
          const double expected = k + 1 == periods ? at_horizon[u].expected_transactions
                                  : alive == 0.0   ? 0.0
                                                   : if_alive[k] * alive;
          sum += (expected - previous) / factors[k];
          previous = expected;
        }
        discounted[u] = sum;
      }
    });
  }

  ForecastTable table;
  table.has_value = spend != nullptr;
  table.customers.resize(summary.customers.size());
  for (std::size_t i = 0; i < summary.customers.size(); ++i) {
    const CustomerSummary& customer = summary.customers[i];
    const std::uint32_t u = distinct.index[i];
    CustomerForecast& result = table.customers[i];
    result.expected_transactions = at_horizon[u].expected_transactions;
    result.probability_alive = at_horizon[u].probability_alive;
    result.expected_transactions_if_alive = at_horizon[u].expected_transactions_if_alive;
    if (spend != nullptr) {
      result.expected_average_spend =
          models::expected_average_spend(spend->parameters, customer.frequency, customer.monetary_value);
      result.lifetime_value = options.margin * result.expected_average_spend * discounted[u];
    }
  }
  // The totals over all customers (each row times its weight, in file order, as they are shown)
  // must be numbers: huge amounts would add up to inf.
  double transactions = 0.0;
  double value = 0.0;
  for (std::size_t i = 0; i < summary.customers.size(); ++i) {
    const double weight = summary.customers[i].weight;
    transactions += weight * table.customers[i].expected_transactions;
    value += weight * table.customers[i].lifetime_value;
    if (!std::isfinite(transactions) || !std::isfinite(value)) {
      throw data_error(fmt::format("the forecasts over all customers add up to more than the largest number clv can "
                                   "hold (about 1.8e308), first at customer '{}'; the amounts are too large",
                                   summary.customers[i].id));
    }
  }
  return table;
}

HoldoutComparison compare_holdout(const models::FitResult& purchase, const SummaryTable& summary, int max_frequency,
                                  unsigned threads) {
  if (summary.holdout.size() != summary.customers.size()) {
    throw data_error(
        "the summary has no holdout columns (frequency_holdout, duration_holdout): make it with "
        "`clv rfm --calibration-end DATE`");
  }
  std::vector<double> predicted(summary.customers.size());
  parallel_for(summary.customers.size(), threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      predicted[i] = models::forecast(purchase.kind, purchase.parameters, history_of(summary.customers[i]),
                                      summary.holdout[i].duration)
                         .expected_transactions;
    }
  });
  const auto groups = static_cast<std::size_t>(max_frequency) + 1;
  std::vector<HoldoutGroup> sums(groups);
  HoldoutComparison comparison;
  for (std::size_t i = 0; i < summary.customers.size(); ++i) {
    const CustomerSummary& customer = summary.customers[i];
    const std::size_t group = std::min(groups - 1, static_cast<std::size_t>(customer.frequency));
    sums[group].customers += customer.weight;
    sums[group].actual += customer.weight * summary.holdout[i].frequency;
    sums[group].predicted += customer.weight * predicted[i];
  }
  for (std::size_t g = 0; g < groups; ++g) {
    HoldoutGroup group = sums[g];
    comparison.customers += group.customers;
    comparison.actual_total += group.actual;
    comparison.predicted_total += group.predicted;
    if (group.customers == 0.0) {
      continue;
    }
    group.frequency = static_cast<int>(g);
    group.or_more = g + 1 == groups;
    group.actual /= group.customers;
    group.predicted /= group.customers;
    comparison.groups.push_back(group);
  }
  return comparison;
}

}  // namespace clv
