#include "clv/forecast_interval.hpp"

#include "clv/error.hpp"
#include "models/workers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <random>
#include <span>
#include <thread>

namespace clv {

namespace {

// Lower-triangular L with L L^T = the covariance of the log-parameters,
// cov(log theta_i, log theta_j) = cov(theta_i, theta_j) / (theta_i theta_j) (delta method).
std::vector<std::vector<double>> log_scale_cholesky(const models::FitResult& fit) {
  const std::size_t k = fit.parameters.size();
  const std::string name{models::model_name(fit.kind)};
  if (fit.covariance.size() != k) {
    throw data_error(fmt::format("the {} model has no covariance (its information matrix was singular): no intervals "
                                 "can be drawn from it",
                                 name));
  }
  std::vector<std::vector<double>> lower(k, std::vector<double>(k, 0.0));
  for (std::size_t i = 0; i < k; ++i) {
    for (std::size_t j = 0; j <= i; ++j) {
      if (fit.covariance[i].size() != k || !std::isfinite(fit.covariance[i][j])) {
        throw data_error(fmt::format("the {} model's covariance is not a finite {}x{} matrix", name, k, k));
      }
      double sum = fit.covariance[i][j] / (fit.parameters[i] * fit.parameters[j]);
      for (std::size_t m = 0; m < j; ++m) {
        sum -= lower[i][m] * lower[j][m];
      }
      if (i == j) {
        if (!(sum > 0.0)) {
          throw data_error(fmt::format("the {} model's covariance is not positive definite", name));
        }
        lower[i][i] = std::sqrt(sum);
      } else {
        lower[i][j] = sum / lower[j][j];
      }
    }
  }
  return lower;
}

Bounds bounds(std::span<double> values, double level) {
  std::vector<double> scratch;
  return central_bounds(values, level, scratch);
}

}  // namespace

std::vector<std::vector<double>> draw_parameters(const models::FitResult& fit, int draws, std::uint64_t seed) {
  const auto lower = log_scale_cholesky(fit);
  const std::size_t k = fit.parameters.size();
  std::mt19937_64 engine(seed);
  std::normal_distribution<double> normal;
  std::vector<std::vector<double>> result;
  result.reserve(static_cast<std::size_t>(std::max(draws, 0)));
  std::vector<double> z(k);
  for (int d = 0; d < draws; ++d) {
    for (double& value : z) {
      value = normal(engine);
    }
    std::vector<double> parameters(k);
    for (std::size_t i = 0; i < k; ++i) {
      double shift = 0.0;
      for (std::size_t j = 0; j <= i; ++j) {
        shift += lower[i][j] * z[j];
      }
      parameters[i] = fit.parameters[i] * std::exp(shift);
    }
    result.push_back(std::move(parameters));
  }
  return result;
}

namespace {

void check_level(double level) {
  if (!(level > 0.0 && level < 1.0)) {
    throw usage_error(fmt::format("--interval must be a level between 0 and 1 (e.g. 0.9), not {}", level));
  }
}

// The spend model's draws come from their own stream, so adding --spend-model does not change
// the purchase draws.
constexpr std::uint64_t k_spend_stream = 0x9e3779b97f4a7c15ULL;

// One distinct history (frequency, recency, age, monetary value), with the summed weight of the
// customers who share it and its (frequency, age) group.
struct DistinctRow {
  double frequency = 0.0;
  double recency = 0.0;
  double age = 0.0;
  double monetary_value = 0.0;
  double weight = 0.0;
  std::size_t group = 0;  // rows with the same (frequency, age) are consecutive and share it
};

// Rows per block: each worker keeps quantities x rows x draws values of its block in memory.
constexpr std::size_t k_block_rows = 512;

// The forecasts of one block of rows for every draw, reduced to their bounds (written to
// `result`, one entry per row) and to the block's weighted totals per draw.
struct BlockTotals {
  std::vector<double> transactions;
  std::vector<double> alive;
  std::vector<double> value;
};

class IntervalBlocks {
 public:
  IntervalBlocks(const models::FitResult& purchase, const models::FitResult* spend, const ForecastOptions& options,
                 double level, const std::vector<std::vector<double>>& purchase_draws,
                 const std::vector<std::vector<double>>& spend_draws, const std::vector<DistinctRow>& rows)
      : m_purchase(purchase), m_spend(spend), m_options(options), m_level(level), m_purchase_draws(purchase_draws),
        m_spend_draws(spend_draws), m_rows(rows) {
    // Period ends and discount factors of the lifetime value (forecast_table.hpp).
    if (spend != nullptr && options.discount_rate != 0.0 && options.horizon > 0.0) {
      const auto periods = static_cast<std::size_t>(std::ceil(options.horizon / options.period));
      double factor = 1.0;
      for (std::size_t k = 1; k <= periods; ++k) {
        factor *= 1.0 + options.discount_rate;
        m_period_ends.push_back(std::min(static_cast<double>(k) * options.period, options.horizon));
        m_factors.push_back(factor);
      }
    }
  }

  // Rows [first, end): their bounds into `out` (indexed by row), their totals per draw.
  void run(std::size_t first, std::size_t end, std::vector<CustomerIntervals>& out, BlockTotals& totals,
           std::vector<double>& values) const {
    const std::size_t draws = m_purchase_draws.size();
    const std::size_t count = end - first;
    const bool has_value = m_spend != nullptr;
    const std::size_t quantities = has_value ? 4 : 2;
    values.assign(quantities * count * draws, 0.0);
    std::vector<double> scratch;
    totals.transactions.assign(draws, 0.0);
    totals.alive.assign(draws, 0.0);
    totals.value.assign(has_value ? draws : 0, 0.0);
    for (std::size_t d = 0; d < draws; ++d) {
      const std::vector<double>& parameters = m_purchase_draws[d];
      double if_alive = 0.0;
      double discounted_if_alive = 0.0;  // the discounted transactions if alive
      std::size_t group = static_cast<std::size_t>(-1);
      for (std::size_t i = 0; i < count; ++i) {
        const DistinctRow& row = m_rows[first + i];
        if (row.group != group) {
          group = row.group;
          if_alive = models::expected_transactions_if_alive(m_purchase.kind, parameters, row.frequency, row.age,
                                                            m_options.horizon);
          discounted_if_alive = has_value ? discounted(parameters, row, if_alive) : 0.0;
        }
        const double alive = models::probability_alive(m_purchase.kind, parameters,
                                                       {row.frequency, row.recency, row.age, 1.0});
        const double transactions = alive == 0.0 ? 0.0 : if_alive * alive;
        values[(0 * count + i) * draws + d] = transactions;
        values[(1 * count + i) * draws + d] = alive;
        totals.transactions[d] += row.weight * transactions;
        totals.alive[d] += row.weight * alive;
        if (has_value) {
          const double average_spend =
              models::expected_average_spend(m_spend_draws[d], row.frequency, row.monetary_value);
          const double value = m_options.margin * average_spend * (alive == 0.0 ? 0.0 : discounted_if_alive * alive);
          values[(2 * count + i) * draws + d] = average_spend;
          values[(3 * count + i) * draws + d] = value;
          totals.value[d] += row.weight * value;
        }
      }
    }
    for (std::size_t i = 0; i < count; ++i) {
      CustomerIntervals& intervals = out[first + i];
      Bounds* targets[4] = {&intervals.expected_transactions, &intervals.probability_alive,
                            &intervals.expected_average_spend, &intervals.lifetime_value};
      for (std::size_t q = 0; q < quantities; ++q) {
        // Selected in place: the block's values are not needed afterwards.
        *targets[q] = central_bounds(std::span<double>(values).subspan((q * count + i) * draws, draws), m_level,
                                     scratch);
      }
    }
  }

 private:
  // Sum over the discounting periods k of (E[Y(t_k) | alive] - E[Y(t_{k-1}) | alive]) / (1 + d)^k;
  // times P(alive) it is the discounted expected transactions (forecast_table.hpp).
  double discounted(const std::vector<double>& parameters, const DistinctRow& row, double at_horizon) const {
    if (m_period_ends.empty()) {
      return at_horizon;
    }
    double sum = 0.0;
    double previous = 0.0;
    // All the period ends at once: linear in their number (forecast_table.cpp).
    const std::vector<double> if_alive = models::expected_transactions_if_alive_path(
        m_purchase.kind, parameters, row.frequency, row.age, m_period_ends);
    for (std::size_t k = 0; k < m_period_ends.size(); ++k) {
      const double now = k + 1 == m_period_ends.size() ? at_horizon : if_alive[k];
      sum += (now - previous) / m_factors[k];
      previous = now;
    }
    return sum;
  }

  const models::FitResult& m_purchase;
  const models::FitResult* m_spend;
  const ForecastOptions& m_options;
  double m_level;
  const std::vector<std::vector<double>>& m_purchase_draws;
  const std::vector<std::vector<double>>& m_spend_draws;
  const std::vector<DistinctRow>& m_rows;
  std::vector<double> m_period_ends;
  std::vector<double> m_factors;
};

// The intervals of the forecasts over the given parameter sets (one per draw; spend_draws empty
// without a spend model). Customers with the same history have the same forecasts for every
// draw, and for these models E[Y | alive] depends on (frequency, age) only: distinct histories
// are sorted by (frequency, age, recency, monetary value), cut into fixed blocks, and each
// block's draws computed once per (frequency, age) run. Blocks are spread over the threads; the
// bounds of a row do not depend on which thread computed it, and the totals per draw are summed
// block by block in block order, so the output is the same for any thread count.
ForecastIntervals intervals_over(const models::FitResult& purchase, const models::FitResult* spend,
                                 const SummaryTable& summary, const ForecastOptions& options, double level,
                                 const std::vector<std::vector<double>>& purchase_draws,
                                 const std::vector<std::vector<double>>& spend_draws) {
  using Key = std::array<double, 4>;  // frequency, age, recency, monetary value
  std::map<Key, std::size_t> index_of;
  std::vector<std::map<Key, std::size_t>::iterator> entry(summary.customers.size());
  for (std::size_t i = 0; i < summary.customers.size(); ++i) {
    const CustomerSummary& c = summary.customers[i];
    entry[i] = index_of.try_emplace(Key{c.frequency, c.age, c.recency, spend != nullptr ? c.monetary_value : 0.0}, 0)
                   .first;
  }
  std::vector<DistinctRow> rows;
  rows.reserve(index_of.size());
  for (auto& [key, position] : index_of) {
    const bool same_group = !rows.empty() && rows.back().frequency == key[0] && rows.back().age == key[1];
    const std::size_t group = rows.empty() ? 0 : rows.back().group + (same_group ? 0 : 1);
    position = rows.size();
    rows.push_back(DistinctRow{key[0], key[2], key[1], key[3], 0.0, group});
  }
  for (std::size_t i = 0; i < summary.customers.size(); ++i) {
    rows[entry[i]->second].weight += summary.customers[i].weight;
  }

  const std::size_t draws = purchase_draws.size();
  const IntervalBlocks blocks(purchase, spend, options, level, purchase_draws, spend_draws, rows);
  const std::size_t block_count = (rows.size() + k_block_rows - 1) / k_block_rows;
  std::vector<CustomerIntervals> distinct(rows.size());
  std::vector<BlockTotals> totals(block_count);
  const unsigned wanted = options.threads != 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
  const auto workers = static_cast<unsigned>(std::min<std::size_t>(wanted, block_count));
  models::detail::run_workers(workers, [&](unsigned worker, unsigned stride) {
    std::vector<double> values;
    for (std::size_t b = worker; b < block_count; b += stride) {
      blocks.run(b * k_block_rows, std::min(rows.size(), (b + 1) * k_block_rows), distinct, totals[b], values);
    }
  });

  std::vector<double> total_transactions(draws, 0.0);
  std::vector<double> total_alive(draws, 0.0);
  std::vector<double> total_value(draws, 0.0);
  for (const BlockTotals& block : totals) {
    for (std::size_t d = 0; d < draws; ++d) {
      total_transactions[d] += block.transactions[d];
      total_alive[d] += block.alive[d];
      if (spend != nullptr) {
        total_value[d] += block.value[d];
      }
    }
  }
  ForecastIntervals result;
  result.customers.reserve(summary.customers.size());
  for (std::size_t i = 0; i < summary.customers.size(); ++i) {
    result.customers.push_back(distinct[entry[i]->second]);
  }
  result.total_transactions = bounds(total_transactions, level);
  result.total_alive = bounds(total_alive, level);
  if (spend != nullptr) {
    result.total_value = bounds(total_value, level);
  }
  return result;
}

}  // namespace

ParameterDraws normal_parameter_draws(const models::FitResult& purchase, const models::FitResult* spend,
                                      const IntervalOptions& interval) {
  check_level(interval.level);
  if (interval.draws < 2 || interval.draws > k_max_draws) {
    throw usage_error(fmt::format("--draws: must be a whole number from 2 to {}, not {}", k_max_draws, interval.draws));
  }
  ParameterDraws draws;
  draws.purchase = draw_parameters(purchase, interval.draws, interval.seed);
  if (spend != nullptr) {
    draws.spend = draw_parameters(*spend, interval.draws, interval.seed ^ k_spend_stream);
  }
  return draws;
}

ForecastIntervals forecast_intervals(const models::FitResult& purchase, const models::FitResult* spend,
                                     const SummaryTable& summary, const ForecastOptions& options,
                                     const IntervalOptions& interval) {
  check_level(interval.level);
  if (interval.draws < 2) {
    throw usage_error(fmt::format("--draws must be at least 2, not {}", interval.draws));
  }
  // The forecast's own checks (options, spend data), with their messages.
  (void)forecast_customers(purchase, spend, summary, options);
  const ParameterDraws draws = normal_parameter_draws(purchase, spend, interval);
  return intervals_over(purchase, spend, summary, options, interval.level, draws.purchase, draws.spend);
}

ForecastIntervals forecast_intervals(const models::FitResult& purchase, const models::FitResult* spend,
                                     const SummaryTable& summary, const ForecastOptions& options,
                                     const ParameterDraws& draws, double level) {
  check_level(level);
  if (draws.purchase.size() < 2 || (spend != nullptr && draws.spend.size() != draws.purchase.size())) {
    throw usage_error(fmt::format("intervals need at least 2 draws, not {}", draws.purchase.size()));
  }
  (void)forecast_customers(purchase, spend, summary, options);
  return intervals_over(purchase, spend, summary, options, level, draws.purchase, draws.spend);
}

ParameterDraws bootstrap_parameter_draws(const models::FitResult& purchase, const models::FitResult* spend,
                                         const SummaryTable& summary, const BootstrapOptions& bootstrap) {
  check_level(bootstrap.level);
  if (bootstrap.replicates < 2) {
    throw usage_error(fmt::format("--bootstrap must be at least 2, not {}", bootstrap.replicates));
  }
  // Customers drawn with replacement, each row with probability proportional to its count, as
  // many as there are customers; identical draws become one weighted row, so a refit costs what
  // a fit of the distinct histories costs.
  const std::size_t rows = summary.customers.size();
  std::vector<double> cumulative(rows);
  double total = 0.0;
  for (std::size_t i = 0; i < rows; ++i) {
    total += summary.customers[i].weight;
    cumulative[i] = total;
  }
  if (!(total > 0.0)) {
    throw data_error("no customers to resample");
  }
  const auto resampled_size = static_cast<std::size_t>(std::llround(total));
  std::mt19937_64 engine(bootstrap.seed);
  std::uniform_real_distribution<double> uniform(0.0, total);
  std::vector<std::vector<double>> purchase_draws;
  std::vector<std::vector<double>> spend_draws;
  std::vector<double> counts(rows);
  for (int replicate = 0; replicate < bootstrap.replicates; ++replicate) {
    std::fill(counts.begin(), counts.end(), 0.0);
    for (std::size_t n = 0; n < resampled_size; ++n) {
      const double u = uniform(engine);
      const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
      counts[std::min<std::size_t>(rows - 1, static_cast<std::size_t>(it - cumulative.begin()))] += 1.0;
    }
    std::vector<models::PurchaseHistory> histories;
    std::vector<models::SpendHistory> spending;
    for (std::size_t i = 0; i < rows; ++i) {
      if (counts[i] == 0.0) {
        continue;
      }
      const CustomerSummary& c = summary.customers[i];
      histories.push_back({c.frequency, c.recency, c.age, counts[i]});
      if (spend != nullptr && c.frequency > 0.0) {
        spending.push_back({c.frequency, c.monetary_value, counts[i]});
      }
    }
    // A resample the model cannot be fitted to (e.g. no repeat buyer drawn) is left out; the
    // interval is over the replicates that could be refitted.
    try {
      std::vector<double> refit_purchase = models::fit_purchase_model(purchase.kind, histories, bootstrap.fit).parameters;
      std::vector<double> refit_spend;
      if (spend != nullptr) {
        refit_spend = models::fit_spend_model(spending, bootstrap.fit).parameters;
      }
      purchase_draws.push_back(std::move(refit_purchase));
      if (spend != nullptr) {
        spend_draws.push_back(std::move(refit_spend));
      }
    } catch (const Error&) {
      continue;
    }
  }
  if (purchase_draws.size() < 2) {
    throw data_error(fmt::format("only {} of {} bootstrap resamples could be refitted: no interval",
                                 purchase_draws.size(), bootstrap.replicates));
  }
  return ParameterDraws{std::move(purchase_draws), std::move(spend_draws)};
}

ForecastIntervals bootstrap_intervals(const models::FitResult& purchase, const models::FitResult* spend,
                                      const SummaryTable& summary, const ForecastOptions& options,
                                      const BootstrapOptions& bootstrap) {
  check_level(bootstrap.level);
  if (bootstrap.replicates < 2) {
    throw usage_error(fmt::format("--bootstrap must be at least 2, not {}", bootstrap.replicates));
  }
  // The forecast's own checks (options, spend data) first: a refit cannot fix those.
  (void)forecast_customers(purchase, spend, summary, options);
  const ParameterDraws draws = bootstrap_parameter_draws(purchase, spend, summary, bootstrap);
  return intervals_over(purchase, spend, summary, options, bootstrap.level, draws.purchase, draws.spend);
}

}  // namespace clv
