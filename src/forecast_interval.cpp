#include "clv/forecast_interval.hpp"

#include "clv/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <random>

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

// The value at probability `p` of sorted-on-demand `values`: linear interpolation between order
// statistics (R's type 7), so the interval does not jump with the number of draws.
double quantile(std::vector<double>& values, double p) {
  const double position = p * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(values.size() - 1, below + 1);
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(below), values.end());
  const double low = values[below];
  const double high = above == below ? low : *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(above),
                                                                 values.end());
  return low + (position - static_cast<double>(below)) * (high - low);
}

Bounds bounds(std::vector<double>& values, double level) {
  return {quantile(values, 0.5 * (1.0 - level)), quantile(values, 0.5 * (1.0 + level))};
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

// The intervals of the forecasts over the given parameter sets (one per draw; spend_draws empty
// without a spend model).
ForecastIntervals distinct_intervals(const models::FitResult& purchase, const models::FitResult* spend,
                                     const SummaryTable& summary, const ForecastOptions& options, double level,
                                     const std::vector<std::vector<double>>& purchase_draws,
                                     const std::vector<std::vector<double>>& spend_draws);

// Customers with the same (frequency, recency, age, monetary value) have the same forecasts for
// every draw: the draws are computed once per such history (a row weighted by their counts),
// then copied back to each customer.
ForecastIntervals intervals_over(const models::FitResult& purchase, const models::FitResult* spend,
                                 const SummaryTable& summary, const ForecastOptions& options, double level,
                                 const std::vector<std::vector<double>>& purchase_draws,
                                 const std::vector<std::vector<double>>& spend_draws) {
  using Key = std::array<double, 4>;
  std::map<Key, std::size_t> index_of;
  std::vector<std::size_t> index(summary.customers.size());
  SummaryTable distinct;
  distinct.unit = summary.unit;
  for (std::size_t i = 0; i < summary.customers.size(); ++i) {
    const CustomerSummary& c = summary.customers[i];
    const Key key{c.frequency, c.recency, c.age, spend != nullptr ? c.monetary_value : 0.0};
    const auto [it, added] = index_of.try_emplace(key, distinct.customers.size());
    if (added) {
      CustomerSummary row = c;
      row.weight = 0.0;
      distinct.customers.push_back(row);
    }
    distinct.customers[it->second].weight += c.weight;
    index[i] = it->second;
  }
  ForecastIntervals compact =
      distinct_intervals(purchase, spend, distinct, options, level, purchase_draws, spend_draws);
  ForecastIntervals result;
  result.total_transactions = compact.total_transactions;
  result.total_alive = compact.total_alive;
  result.total_value = compact.total_value;
  result.customers.reserve(summary.customers.size());
  for (const std::size_t i : index) {
    result.customers.push_back(compact.customers[i]);
  }
  return result;
}

ForecastIntervals distinct_intervals(const models::FitResult& purchase, const models::FitResult* spend,
                                     const SummaryTable& summary, const ForecastOptions& options, double level,
                                     const std::vector<std::vector<double>>& purchase_draws,
                                     const std::vector<std::vector<double>>& spend_draws) {
  const std::size_t draws = purchase_draws.size();
  ForecastIntervals result;
  result.customers.resize(summary.customers.size());
  std::vector<double> total_transactions(draws, 0.0);
  std::vector<double> total_alive(draws, 0.0);
  std::vector<double> total_value(draws, 0.0);
  // Customers in blocks, so that the draws x customers values stay small in memory.
  constexpr std::size_t k_block = 2048;
  const std::size_t quantities = spend != nullptr ? 4 : 2;
  std::vector<double> values;
  std::vector<double> column(draws);
  for (std::size_t first = 0; first < summary.customers.size(); first += k_block) {
    const std::size_t count = std::min(k_block, summary.customers.size() - first);
    SummaryTable block;
    block.customers.assign(summary.customers.begin() + static_cast<std::ptrdiff_t>(first),
                           summary.customers.begin() + static_cast<std::ptrdiff_t>(first + count));
    block.unit = summary.unit;
    values.assign(quantities * count * draws, 0.0);
    for (std::size_t d = 0; d < draws; ++d) {
      models::FitResult purchase_draw = purchase;
      purchase_draw.parameters = purchase_draws[d];
      models::FitResult spend_draw;
      if (spend != nullptr) {
        spend_draw = *spend;
        spend_draw.parameters = spend_draws[d];
      }
      const ForecastTable table = forecast_customers(purchase_draw, spend != nullptr ? &spend_draw : nullptr, block,
                                                     options);
      for (std::size_t i = 0; i < count; ++i) {
        const CustomerForecast& f = table.customers[i];
        const double weight = block.customers[i].weight;
        values[(0 * count + i) * draws + d] = f.expected_transactions;
        values[(1 * count + i) * draws + d] = f.probability_alive;
        total_transactions[d] += weight * f.expected_transactions;
        total_alive[d] += weight * f.probability_alive;
        if (spend != nullptr) {
          values[(2 * count + i) * draws + d] = f.expected_average_spend;
          values[(3 * count + i) * draws + d] = f.lifetime_value;
          total_value[d] += weight * f.lifetime_value;
        }
      }
    }
    for (std::size_t i = 0; i < count; ++i) {
      CustomerIntervals& out = result.customers[first + i];
      Bounds* targets[4] = {&out.expected_transactions, &out.probability_alive, &out.expected_average_spend,
                            &out.lifetime_value};
      for (std::size_t q = 0; q < quantities; ++q) {
        const auto begin = values.begin() + static_cast<std::ptrdiff_t>((q * count + i) * draws);
        column.assign(begin, begin + static_cast<std::ptrdiff_t>(draws));
        *targets[q] = bounds(column, level);
      }
    }
  }
  result.total_transactions = bounds(total_transactions, level);
  result.total_alive = bounds(total_alive, level);
  if (spend != nullptr) {
    result.total_value = bounds(total_value, level);
  }
  return result;
}

}  // namespace

ForecastIntervals forecast_intervals(const models::FitResult& purchase, const models::FitResult* spend,
                                     const SummaryTable& summary, const ForecastOptions& options,
                                     const IntervalOptions& interval) {
  check_level(interval.level);
  if (interval.draws < 2) {
    throw usage_error(fmt::format("--draws must be at least 2, not {}", interval.draws));
  }
  const auto purchase_draws = draw_parameters(purchase, interval.draws, interval.seed);
  const auto spend_draws = spend != nullptr ? draw_parameters(*spend, interval.draws, interval.seed ^ k_spend_stream)
                                            : std::vector<std::vector<double>>{};
  return intervals_over(purchase, spend, summary, options, interval.level, purchase_draws, spend_draws);
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
  return intervals_over(purchase, spend, summary, options, bootstrap.level, purchase_draws, spend_draws);
}

}  // namespace clv
