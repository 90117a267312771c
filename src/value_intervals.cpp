#include "clv/value_intervals.hpp"

#include "clv/draw_bounds.hpp"
#include "clv/error.hpp"
#include "distinct_histories.hpp"
#include "models/workers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <thread>
#include <utility>

namespace clv {

namespace {

enum Quantity : std::size_t { k_transactions, k_average_purchase, k_value, k_quantities };

// What stays fixed across draws, and the customers' shared histories.
struct Fixed {
  detail::DistinctHistories distinct;
  std::vector<std::size_t> group;  // per distinct history: its (frequency, age) entry
  std::vector<std::pair<double, double>> groups;  // (frequency, age)
  std::vector<double> acquisition_costs;  // per customer
  std::vector<double> service_costs;
  std::vector<double> given_referral;  // referral income given in the set, per customer
  ReferralTree tree;
  double horizon = 0.0;  // years x year length
};

// One draw's per-customer quantities and totals, computed as forecast_customer_set (formula
// view) and customer_value compute them.
struct DrawResult {
  std::vector<double> quantities[k_quantities];
  std::vector<double> own;  // own net income per customer
  double revenue = 0.0;
  double own_net_income = 0.0;
  double sum_of_values = 0.0;
};

void compute_draw(const Fixed& fixed, const SummaryTable& summary, const models::FitResult& purchase,
                  const models::FitResult* spend, const CustomerForecastOptions& options, ReferralDepth depth,
                  const std::vector<double>& purchase_parameters, const std::vector<double>* spend_parameters,
                  DrawResult& out) {
  const std::size_t n = summary.customers.size();
  std::vector<double> if_alive(fixed.groups.size());
  for (std::size_t g = 0; g < fixed.groups.size(); ++g) {
    if_alive[g] = models::expected_transactions_if_alive(purchase.kind, purchase_parameters, fixed.groups[g].first,
                                                         fixed.groups[g].second, fixed.horizon);
  }
  std::vector<double> alive(fixed.distinct.histories.size());
  for (std::size_t u = 0; u < alive.size(); ++u) {
    alive[u] = models::probability_alive(purchase.kind, purchase_parameters, fixed.distinct.histories[u]);
  }
  for (auto& column : out.quantities) {
    column.resize(n);
  }
  std::vector<double>& own = out.own;
  own.resize(n);
  out.revenue = 0.0;
  out.own_net_income = 0.0;
  out.sum_of_values = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const CustomerSummary& customer = summary.customers[i];
    const std::uint32_t u = fixed.distinct.index[i];
    const double p = alive[u];
    const double transactions = p == 0.0 ? 0.0 : if_alive[fixed.group[u]] * p;
    double average_purchase = 0.0;  // the order of sources of customers_from_models.hpp
    if (options.average_purchase) {
      average_purchase = *options.average_purchase * options.margin;
    } else if (spend != nullptr) {
      average_purchase =
          models::expected_average_spend(*spend_parameters, customer.frequency, customer.monetary_value) *
          options.margin;
    } else {
      average_purchase = (customer.frequency > 0.0 ? customer.monetary_value : 0.0) * options.margin;
    }
    const double revenue = transactions * average_purchase;
    own[i] = revenue - fixed.acquisition_costs[i] - fixed.service_costs[i];  // as value.hpp
    out.quantities[k_transactions][i] = transactions;
    out.quantities[k_average_purchase][i] = average_purchase;
    out.revenue += revenue;
    out.own_net_income += own[i];
  }
  const ReferralTotals totals = referral_totals(fixed.tree, own, depth);
  for (std::size_t i = 0; i < n; ++i) {
    const double value = own[i] + (fixed.given_referral[i] + totals.income[i]);
    out.quantities[k_value][i] = value;
    out.sum_of_values += value;
  }
}

double spend_per_purchase(const CustomerSummary& customer, const models::FitResult* spend,
                          const std::vector<double>* spend_parameters, const CustomerForecastOptions& options) {
  if (options.average_purchase) {
    return *options.average_purchase * options.margin;
  }
  if (spend != nullptr) {
    return models::expected_average_spend(*spend_parameters, customer.frequency, customer.monetary_value) *
           options.margin;
  }
  return (customer.frequency > 0.0 ? customer.monetary_value : 0.0) * options.margin;
}

// The (frequency, age) entry of each distinct history.
void group_histories(Fixed& fixed) {
  std::map<std::pair<double, double>, std::size_t> group_of;
  fixed.group.reserve(fixed.distinct.histories.size());
  for (const models::PurchaseHistory& history : fixed.distinct.histories) {
    const auto [it, added] = group_of.try_emplace({history.frequency, history.age}, fixed.groups.size());
    if (added) {
      fixed.groups.emplace_back(history.frequency, history.age);
    }
    fixed.group.push_back(it->second);
  }
}

void check_level_and_draws(double level, const ParameterDraws& draws, const models::FitResult* spend,
                           std::size_t customers, std::size_t rows) {
  if (!(level > 0.0 && level < 1.0)) {
    throw usage_error(fmt::format("--interval must be a level between 0 and 1 (e.g. 0.9), not {}", level));
  }
  if (draws.purchase.size() < 2) {
    throw usage_error(fmt::format("--draws must be at least 2, not {}", draws.purchase.size()));
  }
  if (customers != rows || (spend != nullptr && draws.spend.size() != draws.purchase.size())) {
    throw Error(ExitCode::software, "intervals: the customers or draws do not match the summary and models");
  }
}

// What value_intervals and segment_value_intervals keep across draws (formula view).
Fixed formula_fixed(const CustomerSet& set, const SummaryTable& summary, const CustomerForecastOptions& options) {
  const std::size_t n = summary.customers.size();
  Fixed fixed;
  fixed.distinct = detail::distinct_histories(summary);
  group_histories(fixed);
  fixed.acquisition_costs.resize(n);
  fixed.service_costs.resize(n);
  fixed.given_referral.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Customer& customer = set.customers[i];
    if (!customer.transactions || !customer.average_purchase) {
      throw Error(ExitCode::software, "value intervals need formula customers");
    }
    fixed.acquisition_costs[i] = customer.acquisition_cost.value_or(0.0);
    fixed.service_costs[i] = customer.service_cost;
    fixed.given_referral[i] = customer.referral_net_income.value_or(0.0);
  }
  fixed.tree = build_referral_tree(set);
  const double length = options.year_length.value_or(summary.unit ? year_length(*summary.unit) : 0.0);
  fixed.horizon = static_cast<double>(options.years) * length;
  return fixed;
}

}  // namespace

ProjectionIntervals projection_intervals(const CustomerSet& set, const SummaryTable& summary,
                                         const models::FitResult& purchase, const models::FitResult* spend,
                                         const CustomerForecastOptions& options, ReferralDepth depth,
                                         const ParameterDraws& draws, double level) {
  check_level_and_draws(level, draws, spend, set.customers.size(), summary.customers.size());
  const std::size_t n = summary.customers.size();
  const auto years = static_cast<std::size_t>(options.years);
  const std::size_t draw_count = draws.purchase.size();
  Fixed fixed;
  fixed.distinct = detail::distinct_histories(summary);
  group_histories(fixed);
  fixed.tree = build_referral_tree(set);
  const double length = options.year_length.value_or(summary.unit ? year_length(*summary.unit) : 0.0);
  std::vector<double> costs(n * years, 0.0);  // each ledger year's cost, as forecast_customer_set set it
  for (std::size_t i = 0; i < n; ++i) {
    for (const LedgerYear& year : set.customers[i].years) {
      if (year.year >= 1 && static_cast<std::size_t>(year.year) <= years) {
        costs[i * years + static_cast<std::size_t>(year.year) - 1] = year.cost;
      }
    }
  }
  const std::size_t per_customer = years + 1;
  DrawBounds bounds(n * per_customer, draw_count, level);
  const unsigned wanted = options.threads != 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
  const auto workers = static_cast<unsigned>(std::min<std::size_t>(wanted, draw_count));
  const std::size_t batch = 2 * static_cast<std::size_t>(workers);
  std::vector<std::vector<double>> results(batch);  // per slot: n x (years + 1) profits
  for (std::size_t first = 0; first < draw_count; first += batch) {
    const std::size_t count = std::min(batch, draw_count - first);
    models::detail::run_workers(workers, [&](unsigned worker, unsigned stride) {
      for (std::size_t slot = worker; slot < count; slot += stride) {
        const std::size_t d = first + slot;
        const std::vector<double>& parameters = draws.purchase[d];
        // E[Y(k L)] per distinct history and year, as forecast_customer_set's ledger view.
        std::vector<double> if_alive(fixed.groups.size() * years);
        for (std::size_t g = 0; g < fixed.groups.size(); ++g) {
          for (std::size_t k = 0; k < years; ++k) {
            if_alive[g * years + k] = models::expected_transactions_if_alive(
                purchase.kind, parameters, fixed.groups[g].first, fixed.groups[g].second,
                static_cast<double>(k + 1) * length);
          }
        }
        std::vector<double> alive(fixed.distinct.histories.size());
        for (std::size_t u = 0; u < alive.size(); ++u) {
          alive[u] = models::probability_alive(purchase.kind, parameters, fixed.distinct.histories[u]);
        }
        std::vector<double> sales(n * years);
        std::vector<double> own(n * years);
        for (std::size_t i = 0; i < n; ++i) {
          const std::uint32_t u = fixed.distinct.index[i];
          const double spend_of = spend_per_purchase(summary.customers[i], spend,
                                                     spend != nullptr ? &draws.spend[d] : nullptr, options);
          double previous = 0.0;
          for (std::size_t k = 0; k < years; ++k) {
            const double expected = alive[u] == 0.0 ? 0.0 : if_alive[fixed.group[u] * years + k] * alive[u];
            const double base_sales = (expected - previous) * spend_of;
            previous = expected;
            sales[i * years + k] = base_sales + 0.0;  // revenue = base sales + new sales (none)
            own[i * years + k] = base_sales + 0.0 - costs[i * years + k];
          }
        }
        const std::vector<double> from_referred = referral_by_year(fixed.tree, own, years, depth);
        std::vector<double>& out = results[slot];
        out.resize(n * per_customer);
        for (std::size_t i = 0; i < n; ++i) {
          double cumulative = 0.0;
          for (std::size_t k = 0; k < years; ++k) {
            const std::size_t at = i * years + k;
            const double profit = sales[at] - costs[at] + (0.0 + from_referred[at]);  // as project()
            cumulative += profit;
            out[i * per_customer + k] = profit;
          }
          out[i * per_customer + years] = cumulative;
        }
      }
    });
    models::detail::run_workers(workers, [&](unsigned worker, unsigned stride) {
      const std::size_t begin = n * per_customer * worker / stride;
      const std::size_t end = n * per_customer * (worker + 1) / stride;
      for (std::size_t item = begin; item < end; ++item) {
        for (std::size_t slot = 0; slot < count; ++slot) {
          bounds.add(item, results[slot][item]);
        }
      }
    });
  }
  ProjectionIntervals result;
  result.profit.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < per_customer; ++k) {
      result.profit[i].push_back(bounds.bounds(i * per_customer + k));
    }
  }
  return result;
}

ValueIntervals value_intervals(const CustomerSet& set, const SummaryTable& summary, const models::FitResult& purchase,
                               const models::FitResult* spend, const CustomerForecastOptions& options,
                               ReferralDepth depth, const ParameterDraws& draws, double level) {
  if (!(level > 0.0 && level < 1.0)) {
    throw usage_error(fmt::format("--interval must be a level between 0 and 1 (e.g. 0.9), not {}", level));
  }
  const std::size_t draw_count = draws.purchase.size();
  if (draw_count < 2) {
    throw usage_error(fmt::format("--draws must be at least 2, not {}", draw_count));
  }
  if (set.customers.size() != summary.customers.size() || (spend != nullptr && draws.spend.size() != draw_count)) {
    throw Error(ExitCode::software, "value intervals: the customers or draws do not match the summary and models");
  }
  const std::size_t n = summary.customers.size();
  const Fixed fixed = formula_fixed(set, summary, options);

  const unsigned wanted = options.threads != 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
  const auto workers = static_cast<unsigned>(std::min<std::size_t>(wanted, draw_count));
  DrawBounds bounds(n * k_quantities, draw_count, level);
  std::vector<double> revenue(draw_count);
  std::vector<double> own_net_income(draw_count);
  std::vector<double> sum_of_values(draw_count);
  // Draws in batches: each worker computes whole draws (the referral sums need every customer),
  // then each worker adds a fixed range of customers of every draw of the batch to the bounds.
  const std::size_t batch = 4 * static_cast<std::size_t>(workers);
  std::vector<DrawResult> results(batch);
  for (std::size_t first = 0; first < draw_count; first += batch) {
    const std::size_t count = std::min(batch, draw_count - first);
    models::detail::run_workers(workers, [&](unsigned worker, unsigned stride) {
      for (std::size_t slot = worker; slot < count; slot += stride) {
        const std::size_t d = first + slot;
        compute_draw(fixed, summary, purchase, spend, options, depth, draws.purchase[d],
                     spend != nullptr ? &draws.spend[d] : nullptr, results[slot]);
      }
    });
    models::detail::run_workers(workers, [&](unsigned worker, unsigned stride) {
      const std::size_t begin = n * worker / stride;
      const std::size_t end = n * (worker + 1) / stride;
      // Customer by customer, so that each one's limits are read once per batch.
      for (std::size_t i = begin; i < end; ++i) {
        for (std::size_t q = 0; q < k_quantities; ++q) {
          for (std::size_t slot = 0; slot < count; ++slot) {
            bounds.add(i * k_quantities + q, results[slot].quantities[q][i]);
          }
        }
      }
    });
    for (std::size_t slot = 0; slot < count; ++slot) {
      revenue[first + slot] = results[slot].revenue;
      own_net_income[first + slot] = results[slot].own_net_income;
      sum_of_values[first + slot] = results[slot].sum_of_values;
    }
  }
  ValueIntervals result;
  result.customers.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    CustomerValueIntervals& c = result.customers[i];
    c.transactions = bounds.bounds(i * k_quantities + k_transactions);
    c.average_purchase = bounds.bounds(i * k_quantities + k_average_purchase);
    c.value = bounds.bounds(i * k_quantities + k_value);
  }
  std::vector<double> scratch;
  result.revenue = central_bounds(revenue, level, scratch);
  result.own_net_income = central_bounds(own_net_income, level, scratch);
  result.sum_of_values = central_bounds(sum_of_values, level, scratch);
  return result;
}

SegmentValueIntervals segment_value_intervals(const CustomerSet& set, const SummaryTable& summary,
                                              const models::FitResult& purchase, const models::FitResult* spend,
                                              const CustomerForecastOptions& options, const ParameterDraws& draws,
                                              double level, const std::vector<std::size_t>& segment_of,
                                              std::size_t segments) {
  check_level_and_draws(level, draws, spend, set.customers.size(), summary.customers.size());
  const std::size_t n = summary.customers.size();
  if (segment_of.size() != n) {
    throw Error(ExitCode::software, "segment intervals: one segment per customer is needed");
  }
  std::vector<std::size_t> sizes(segments, 0);
  for (const std::size_t s : segment_of) {
    if (s >= segments) {
      throw Error(ExitCode::software, "segment intervals: a segment index is out of range");
    }
    ++sizes[s];
  }
  const Fixed fixed = formula_fixed(set, summary, options);
  const std::size_t draw_count = draws.purchase.size();
  const unsigned wanted = options.threads != 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
  const auto workers = static_cast<unsigned>(std::min<std::size_t>(wanted, draw_count));
  // Items: per segment its total, then its mean; then the total and mean of everyone. The sums
  // of a draw run over the customers in the set's order, whatever thread computes the draw.
  const std::size_t items = 2 * (segments + 1);
  DrawBounds bounds(items, draw_count, level);
  const std::size_t batch = 4 * static_cast<std::size_t>(workers);
  std::vector<DrawResult> results(batch);
  std::vector<std::vector<double>> sums(batch);
  std::vector<std::exception_ptr> failures(workers);
  for (std::size_t first = 0; first < draw_count; first += batch) {
    const std::size_t count = std::min(batch, draw_count - first);
    models::detail::run_workers(workers, [&](unsigned worker, unsigned stride) {
      try {
        for (std::size_t slot = worker; slot < count; slot += stride) {
          const std::size_t d = first + slot;
          // The referral depth does not matter: only own net incomes are summed.
          compute_draw(fixed, summary, purchase, spend, options, ReferralDepth::all, draws.purchase[d],
                       spend != nullptr ? &draws.spend[d] : nullptr, results[slot]);
          std::vector<double>& sum = sums[slot];
          sum.assign(items, 0.0);
          double all = 0.0;
          for (std::size_t i = 0; i < n; ++i) {
            sum[2 * segment_of[i]] += results[slot].own[i];
            all += results[slot].own[i];
          }
          for (std::size_t s = 0; s < segments; ++s) {
            sum[2 * s + 1] = sizes[s] == 0 ? 0.0 : sum[2 * s] / static_cast<double>(sizes[s]);
          }
          sum[2 * segments] = all;
          sum[2 * segments + 1] = n == 0 ? 0.0 : all / static_cast<double>(n);
        }
      } catch (...) {
        failures[worker] = std::current_exception();
      }
    });
    for (const std::exception_ptr& failure : failures) {
      if (failure) {
        std::rethrow_exception(failure);
      }
    }
    for (std::size_t item = 0; item < items; ++item) {
      for (std::size_t slot = 0; slot < count; ++slot) {
        bounds.add(item, sums[slot][item]);
      }
    }
  }
  SegmentValueIntervals result;
  for (std::size_t s = 0; s < segments; ++s) {
    result.total_value.push_back(bounds.bounds(2 * s));
    result.mean_value.push_back(bounds.bounds(2 * s + 1));
  }
  result.all_total_value = bounds.bounds(2 * segments);
  result.all_mean_value = bounds.bounds(2 * segments + 1);
  return result;
}

}  // namespace clv
