#include "clv/value_intervals.hpp"

#include "clv/at_risk_intervals.hpp"

#include "clv/error.hpp"
#include "clv/projection.hpp"
#include "clv/segment.hpp"
#include "clv/value.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <cstdint>
#include <vector>

#include "for_each_draw.hpp"
#include "sorted_quantile.hpp"

using clv::models::ModelKind;

namespace {

clv::models::FitResult model(ModelKind kind, std::vector<double> parameters, double relative_error) {
  clv::models::FitResult fit;
  fit.kind = kind;
  fit.parameters = parameters;
  const std::size_t k = parameters.size();
  // Row by row: GCC 12 under ThreadSanitizer warns falsely (free-nonheap-object) on assign(k, row).
  fit.covariance.resize(k);
  for (std::size_t i = 0; i < k; ++i) {
    fit.covariance[i].resize(k);
    for (std::size_t j = 0; j < k; ++j) {
      // A positive definite covariance with some correlation.
      const double sd_i = relative_error * parameters[i];
      const double sd_j = relative_error * parameters[j];
      fit.covariance[i][j] = sd_i * sd_j * (i == j ? 1.0 : 0.3);
    }
  }
  return fit;
}

clv::SummaryTable summary() {
  clv::SummaryTable table;
  table.unit = clv::TimeUnit::weeks;
  const double rows[][4] = {{0, 0, 30, 0}, {3, 20, 30, 40}, {3, 25, 30, 55}, {1, 5, 40, 20}, {8, 35, 36, 30},
                            {0, 0, 12, 0}, {2, 10, 12, 80}};
  int id = 0;
  for (const auto& row : rows) {
    clv::CustomerSummary c;
    c.id = fmt::format("c{}", id++);
    c.frequency = row[0];
    c.recency = row[1];
    c.age = row[2];
    c.monetary_value = row[3];
    table.customers.push_back(c);
  }
  return table;
}

clv::AttributeTable attributes() {
  // c1 referred c2 and c3; c3 referred c4: referral income flows up two levels.
  clv::AttributeTable table;
  table.source = "attributes.csv";
  const char* referrers[] = {nullptr, nullptr, "c1", "c1", "c3", nullptr, nullptr};
  for (int i = 0; i < 7; ++i) {
    clv::CustomerAttributes row;
    row.id = fmt::format("c{}", i);
    row.acquisition_cost = 10.0 * i;
    if (referrers[i] != nullptr) {
      row.referred_by = referrers[i];
    }
    table.customers.push_back(row);
  }
  return table;
}

// Three years' value at a 30% margin less 2 of service cost a year.
clv::CustomerForecastOptions value_options(clv::CustomerView view) {
  clv::CustomerForecastOptions options;
  options.view = view;
  options.years = 3;
  options.margin = 0.3;
  options.service_cost = 2.0;
  return options;
}

// The customers, their referrals and the BG/NBD and gamma-gamma fits most cases here start from.
struct FittedCustomers {
  const clv::SummaryTable customers = summary();
  const clv::AttributeTable extra = attributes();
  const clv::models::FitResult purchase = model(ModelKind::bg_nbd, {0.5, 5.0, 0.8, 2.5}, 0.15);
  const clv::models::FitResult spend = model(ModelKind::gamma_gamma, {6.0, 4.0, 15.0}, 0.1);

  [[nodiscard]] clv::ParameterDraws parameter_draws(int count, std::uint64_t seed = clv::IntervalOptions{}.seed) const {
    clv::IntervalOptions interval;
    interval.draws = count;
    interval.seed = seed;
    return clv::normal_parameter_draws(purchase, &spend, interval);
  }

  // The customer set forecast with these models, or with one draw's.
  [[nodiscard]] clv::CustomerSet forecast(const clv::CustomerForecastOptions& options) const {
    return forecast(options, purchase, spend);
  }
  [[nodiscard]] clv::CustomerSet forecast(const clv::CustomerForecastOptions& options,
                                          const clv::models::FitResult& drawn_purchase,
                                          const clv::models::FitResult& drawn_spend) const {
    return clv::forecast_customer_set(customers, drawn_purchase, &drawn_spend, &extra, options);
  }
};

}  // namespace

TEST_CASE_METHOD(FittedCustomers,
                 "value intervals: each customer's and each total's bounds are the quantiles of the values "
                 "recomputed per draw by forecast_customer_set and customer_values",
                 "[interval][value-interval]") {
  clv::CustomerForecastOptions options = value_options(clv::CustomerView::formula);
  options.threads = 2;
  const clv::CustomerSet set = forecast(options);
  const clv::ParameterDraws draws = parameter_draws(301, 5);
  for (const clv::ReferralDepth depth : {clv::ReferralDepth::all, clv::ReferralDepth::direct}) {
    const clv::ValueIntervals result =
        clv::value_intervals(set, customers, purchase, &spend, options, depth, draws, 0.9);

    // The independent computation: the whole forecast redone with each draw's parameters.
    const std::size_t n = customers.customers.size();
    std::vector<std::vector<double>> values(n);
    std::vector<std::vector<double>> transactions(n);
    std::vector<double> totals;
    for_each_draw(purchase, spend, draws, [&](const auto& drawn_purchase, const auto& drawn_spend) {
      const std::vector<clv::ValueResult> results =
          clv::customer_values(forecast(options, drawn_purchase, drawn_spend), depth);
      double total = 0.0;
      for (std::size_t i = 0; i < n; ++i) {
        values[i].push_back(results[i].value);
        transactions[i].push_back(*results[i].transactions);
        total += results[i].value;
      }
      totals.push_back(total);
    });
    double sum_of_uppers = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      INFO("customer " << i);
      CHECK(result.customers[i].value.lower == Approx(sorted_quantile(values[i], 0.05)).epsilon(1e-12));
      CHECK(result.customers[i].value.upper == Approx(sorted_quantile(values[i], 0.95)).epsilon(1e-12));
      CHECK(result.customers[i].transactions.lower == Approx(sorted_quantile(transactions[i], 0.05)).epsilon(1e-12));
      CHECK(result.customers[i].transactions.upper == Approx(sorted_quantile(transactions[i], 0.95)).epsilon(1e-12));
      sum_of_uppers += result.customers[i].value.upper;
    }
    CHECK(result.sum_of_values.lower == Approx(sorted_quantile(totals, 0.05)).epsilon(1e-12));
    CHECK(result.sum_of_values.upper == Approx(sorted_quantile(totals, 0.95)).epsilon(1e-12));
    // The total's upper bound is not the sum of the customers' upper bounds (their draws differ).
    CHECK(result.sum_of_values.upper < sum_of_uppers - 1e-6);
  }
  // c1's value includes the drawn values of c2, c3 (and c4 with depth all): wider than its own.
  const clv::ValueIntervals all =
      clv::value_intervals(set, customers, purchase, &spend, options, clv::ReferralDepth::all, draws, 0.9);
  CHECK(all.customers[1].value.upper - all.customers[1].value.lower >
        all.customers[2].value.upper - all.customers[2].value.lower);
}

TEST_CASE("value intervals: the same for any thread count, and the usage errors", "[interval][value-interval]") {
  const clv::SummaryTable customers = summary();
  const clv::models::FitResult purchase = model(ModelKind::pareto_nbd, {0.5, 5.0, 0.6, 8.0}, 0.1);
  clv::CustomerForecastOptions options;
  options.view = clv::CustomerView::formula;
  options.average_purchase = 25.0;
  const clv::CustomerSet set = clv::forecast_customer_set(customers, purchase, nullptr, nullptr, options);
  clv::IntervalOptions interval;
  interval.draws = 50;
  const clv::ParameterDraws draws = clv::normal_parameter_draws(purchase, nullptr, interval);
  options.threads = 1;
  const clv::ValueIntervals one =
      clv::value_intervals(set, customers, purchase, nullptr, options, clv::ReferralDepth::all, draws, 0.8);
  options.threads = 3;
  const clv::ValueIntervals three =
      clv::value_intervals(set, customers, purchase, nullptr, options, clv::ReferralDepth::all, draws, 0.8);
  for (std::size_t i = 0; i < customers.customers.size(); ++i) {
    CHECK(one.customers[i].value.lower == three.customers[i].value.lower);
    CHECK(one.customers[i].value.upper == three.customers[i].value.upper);
    CHECK(one.customers[i].transactions.upper == three.customers[i].transactions.upper);
    // With one average purchase for everyone, the bounds are 25 x the transactions' bounds.
    CHECK(one.customers[i].average_purchase.lower == 25.0);
    CHECK(one.customers[i].value.upper == Approx(25.0 * one.customers[i].transactions.upper).epsilon(1e-13));
  }
  CHECK(one.sum_of_values.lower == three.sum_of_values.lower);
  CHECK_THROWS_AS(clv::value_intervals(set, customers, purchase, nullptr, options, clv::ReferralDepth::all, draws, 1.5),
                  clv::Error);
  clv::ParameterDraws one_draw = draws;
  one_draw.purchase.resize(1);
  CHECK_THROWS_AS(
      clv::value_intervals(set, customers, purchase, nullptr, options, clv::ReferralDepth::all, one_draw, 0.9),
      clv::Error);
}

TEST_CASE_METHOD(FittedCustomers, "at-risk intervals: the quantiles of at_risk_inputs recomputed per draw",
                 "[interval][at-risk-interval]") {
  clv::AtRiskForecastOptions options;
  options.horizon = 26.0;
  options.margin = 0.4;
  const clv::ParameterDraws draws = parameter_draws(250);
  const std::vector<std::size_t> rows{1, 3, 4};
  const clv::AtRiskIntervals result =
      clv::at_risk_intervals(customers, rows, purchase, &spend, options, draws, 0.8);
  std::vector<std::vector<double>> alive(rows.size());
  std::vector<std::vector<double>> at_stake(rows.size());
  std::vector<double> totals;
  for_each_draw(purchase, spend, draws, [&](const auto& drawn_purchase, const auto& drawn_spend) {
    const std::vector<clv::AtRiskInput> inputs = clv::at_risk_inputs(customers, drawn_purchase, &drawn_spend, options);
    double total = 0.0;
    for (std::size_t k = 0; k < rows.size(); ++k) {
      const clv::AtRiskInput& input = inputs[rows[k]];
      alive[k].push_back(input.probability_alive);
      at_stake[k].push_back(clv::value_at_stake(input.probability_alive, input.value_if_alive));
      total += at_stake[k].back();
    }
    totals.push_back(total);
  });
  for (std::size_t k = 0; k < rows.size(); ++k) {
    INFO("row " << rows[k]);
    CHECK(result.probability_alive[k].lower == Approx(sorted_quantile(alive[k], 0.1)).epsilon(1e-12));
    CHECK(result.probability_alive[k].upper == Approx(sorted_quantile(alive[k], 0.9)).epsilon(1e-12));
    CHECK(result.value_at_stake[k].lower == Approx(sorted_quantile(at_stake[k], 0.1)).epsilon(1e-12));
    CHECK(result.value_at_stake[k].upper == Approx(sorted_quantile(at_stake[k], 0.9)).epsilon(1e-12));
  }
  CHECK(result.total_value_at_stake.lower == Approx(sorted_quantile(totals, 0.1)).epsilon(1e-12));
  CHECK(result.total_value_at_stake.upper == Approx(sorted_quantile(totals, 0.9)).epsilon(1e-12));
}

TEST_CASE_METHOD(FittedCustomers, "projection intervals: the quantiles of project() on the ledgers recomputed per draw",
                 "[interval][value-interval]") {
  const clv::CustomerForecastOptions options = value_options(clv::CustomerView::ledger);
  const clv::CustomerSet set = forecast(options);
  const clv::ParameterDraws draws = parameter_draws(201);
  const clv::ProjectionIntervals result =
      clv::projection_intervals(set, customers, purchase, &spend, options, clv::ReferralDepth::all, draws, 0.9);
  const std::size_t n = customers.customers.size();
  std::vector<std::vector<std::vector<double>>> profits(n, std::vector<std::vector<double>>(4));
  for_each_draw(purchase, spend, draws, [&](const auto& drawn_purchase, const auto& drawn_spend) {
    clv::ProjectionOptions projection;
    projection.years = 3;
    const std::vector<clv::Projection> tables =
        clv::project(forecast(options, drawn_purchase, drawn_spend), projection);
    REQUIRE(tables.size() == n);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t y = 0; y < 3; ++y) {
        profits[i][y].push_back(tables[i].years[y].profit);
      }
      profits[i][3].push_back(tables[i].total_profit);
    }
  });
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < 4; ++k) {
      INFO("customer " << i << ", column " << k);
      CHECK(result.profit[i][k].lower == Approx(sorted_quantile(profits[i][k], 0.05)).epsilon(1e-12));
      CHECK(result.profit[i][k].upper == Approx(sorted_quantile(profits[i][k], 0.95)).epsilon(1e-12));
    }
  }
}

TEST_CASE_METHOD(FittedCustomers,
                 "segment value intervals: each segment's total and mean bounds are the quantiles of its "
                 "customers' own net incomes summed per draw",
                 "[interval][segment-interval]") {
  clv::CustomerForecastOptions options = value_options(clv::CustomerView::formula);
  const clv::CustomerSet set = forecast(options);
  const clv::ParameterDraws draws = parameter_draws(257, 11);
  // Three segments; c1 (a referrer) and c3 (its referred customer) sit in different segments,
  // so counting referral income would count c3's sales twice.
  const std::vector<std::string> keys{"b", "a", "c", "b", "a", "c", "b"};
  const clv::SegmentIndex index = clv::index_segments(keys);
  REQUIRE(index.names == std::vector<std::string>{"a", "b", "c"});
  REQUIRE(index.of == std::vector<std::size_t>{1, 0, 2, 1, 0, 2, 1});

  // The independent computation: the forecast redone per draw, own net incomes summed by hand.
  const std::size_t n = customers.customers.size();
  std::vector<std::vector<double>> totals(3);
  std::vector<std::vector<double>> means(3);
  std::vector<double> all_totals;
  std::vector<double> all_means;
  const double sizes[] = {2.0, 3.0, 2.0};
  for_each_draw(purchase, spend, draws, [&](const auto& drawn_purchase, const auto& drawn_spend) {
    const std::vector<clv::ValueResult> results =
        clv::customer_values(forecast(options, drawn_purchase, drawn_spend), clv::ReferralDepth::all);
    double sums[3] = {0.0, 0.0, 0.0};
    double all = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const double own = results[i].own_net_income;
      sums[index.of[i]] += own;
      all += own;
    }
    for (std::size_t g = 0; g < 3; ++g) {
      totals[g].push_back(sums[g]);
      means[g].push_back(sums[g] / sizes[g]);
    }
    all_totals.push_back(all);
    all_means.push_back(all / static_cast<double>(n));
  });
  for (const unsigned threads : {1U, 2U}) {
    options.threads = threads;
    const clv::SegmentValueIntervals result = clv::segment_value_intervals(
        set, customers, purchase, &spend, options, draws, 0.8, index.of, index.names.size());
    REQUIRE(result.total_value.size() == 3);
    for (std::size_t g = 0; g < 3; ++g) {
      INFO("segment " << index.names[g] << ", threads " << threads);
      CHECK(result.total_value[g].lower == Approx(sorted_quantile(totals[g], 0.1)).epsilon(1e-12));
      CHECK(result.total_value[g].upper == Approx(sorted_quantile(totals[g], 0.9)).epsilon(1e-12));
      CHECK(result.mean_value[g].lower == Approx(sorted_quantile(means[g], 0.1)).epsilon(1e-12));
      CHECK(result.mean_value[g].upper == Approx(sorted_quantile(means[g], 0.9)).epsilon(1e-12));
      CHECK(result.total_value[g].lower < result.total_value[g].upper);
    }
    CHECK(result.all_total_value.lower == Approx(sorted_quantile(all_totals, 0.1)).epsilon(1e-12));
    CHECK(result.all_total_value.upper == Approx(sorted_quantile(all_totals, 0.9)).epsilon(1e-12));
    CHECK(result.all_mean_value.lower == Approx(sorted_quantile(all_means, 0.1)).epsilon(1e-12));
    CHECK(result.all_mean_value.upper == Approx(sorted_quantile(all_means, 0.9)).epsilon(1e-12));
    // The total's bounds equal value_intervals' own net income bounds over the same draws.
    const clv::ValueIntervals values =
        clv::value_intervals(set, customers, purchase, &spend, options, clv::ReferralDepth::all, draws, 0.8);
    CHECK(result.all_total_value.lower == values.own_net_income.lower);
    CHECK(result.all_total_value.upper == values.own_net_income.upper);
  }
  CHECK_THROWS_AS(clv::segment_value_intervals(set, customers, purchase, &spend, options, draws, 0.8,
                                               std::vector<std::size_t>{0, 1}, 3),
                  clv::Error);
  CHECK_THROWS_AS(clv::segment_value_intervals(set, customers, purchase, &spend, options, draws, 1.5, index.of, 3),
                  clv::Error);
}

TEST_CASE("segment value bounds are set on the segments by name and on the total", "[interval][segment-interval]") {
  clv::SegmentTable table;
  table.segments.resize(2);
  table.segments[0].segment = "web";
  table.segments[1].segment = "shop";
  const std::vector<std::string> names{"shop", "web"};
  clv::set_segment_value_bounds(table, names, {{1.0, 2.0}, {3.0, 4.0}}, {{0.5, 1.0}, {1.5, 2.0}}, {4.0, 6.0},
                                {1.0, 1.5});
  CHECK(table.segments[0].total_value_bounds->lower == 3.0);
  CHECK(table.segments[0].mean_value_bounds->upper == 2.0);
  CHECK(table.segments[1].total_value_bounds->upper == 2.0);
  CHECK(table.total.total_value_bounds->upper == 6.0);
  CHECK(table.total.mean_value_bounds->lower == 1.0);
  table.segments[1].segment = "phone";
  CHECK_THROWS_AS(clv::set_segment_value_bounds(table, names, {{1.0, 2.0}, {3.0, 4.0}}, {{0.5, 1.0}, {1.5, 2.0}},
                                                {4.0, 6.0}, {1.0, 1.5}),
                  clv::Error);
}
