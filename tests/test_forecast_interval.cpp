#include "clv/forecast_interval.hpp"

#include "clv/error.hpp"
#include "clv/models/simulate.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using clv::models::ModelKind;

namespace {

clv::SummaryTable one_customer(double frequency, double recency, double age) {
  clv::SummaryTable summary;
  clv::CustomerSummary customer;
  customer.id = "profile";
  customer.frequency = frequency;
  customer.recency = recency;
  customer.age = age;
  summary.customers.push_back(customer);
  return summary;
}

}  // namespace

TEST_CASE("90% parameter intervals contain the true expectation in about 90% of replications", "[interval]") {
  // Populations simulated from known BG/NBD parameters, fitted, and the interval of one
  // customer's E[Y(26)] and P(alive) checked against their values at the true parameters.
  const std::vector<double> truth{0.5, 5.0, 0.8, 2.5};
  const clv::SummaryTable profile = one_customer(2.0, 20.0, 30.0);
  clv::ForecastOptions forecast;
  forecast.horizon = 26.0;
  const clv::models::PurchaseForecast at_truth =
      clv::models::forecast(ModelKind::bg_nbd, truth, {2.0, 20.0, 30.0, 1.0}, 26.0);
  constexpr int k_replications = 120;
  int transactions_inside = 0;
  int alive_inside = 0;
  for (int replication = 0; replication < k_replications; ++replication) {
    clv::models::SimulationOptions simulation;
    simulation.customers = 1500;
    simulation.min_age = 20.0;
    simulation.max_age = 40.0;
    simulation.seed = 1000 + static_cast<std::uint64_t>(replication);
    const auto data = clv::models::simulate_purchases(ModelKind::bg_nbd, truth, simulation);
    const clv::models::FitResult fit = clv::models::fit_purchase_model(ModelKind::bg_nbd, data);
    clv::IntervalOptions interval;
    interval.level = 0.9;
    interval.draws = 400;
    interval.seed = static_cast<std::uint64_t>(replication) + 1;
    const clv::ForecastIntervals result = clv::forecast_intervals(fit, nullptr, profile, forecast, interval);
    const clv::CustomerIntervals& c = result.customers[0];
    transactions_inside += c.expected_transactions.lower <= at_truth.expected_transactions &&
                           at_truth.expected_transactions <= c.expected_transactions.upper;
    alive_inside += c.probability_alive.lower <= at_truth.probability_alive &&
                    at_truth.probability_alive <= c.probability_alive.upper;
  }
  // 120 replications at 90 %: 108 expected, standard deviation 3.3.
  CHECK(transactions_inside >= 98);
  CHECK(transactions_inside <= 117);
  CHECK(alive_inside >= 98);
  CHECK(alive_inside <= 117);
}

TEST_CASE("intervals: deterministic for a seed, ordered, and their errors", "[interval]") {
  clv::models::FitResult fit;
  fit.kind = ModelKind::bg_nbd;
  fit.parameters = {0.243, 4.414, 0.793, 2.426};
  // A diagonal covariance: the log-parameters then have standard deviations se/theta.
  fit.covariance = {{1.6e-4, 0, 0, 0}, {0, 0.143, 0, 0}, {0, 0, 0.0345, 0}, {0, 0, 0, 0.4975}};
  const auto draws = clv::draw_parameters(fit, 20000, 5);
  // Mean of log(alpha) is log(4.414) and its standard deviation sqrt(0.143)/4.414.
  double sum = 0.0, squares = 0.0;
  for (const auto& d : draws) {
    sum += std::log(d[1]);
    squares += std::log(d[1]) * std::log(d[1]);
  }
  const double mean = sum / 20000.0;
  const double sd = std::sqrt(squares / 20000.0 - mean * mean);
  CHECK(mean == Approx(std::log(4.414)).margin(3e-3));
  CHECK(sd == Approx(std::sqrt(0.143) / 4.414).epsilon(0.03));
  CHECK(clv::draw_parameters(fit, 3, 5) == clv::draw_parameters(fit, 3, 5));

  clv::SummaryTable summary = one_customer(2.0, 30.43, 38.86);
  clv::ForecastOptions forecast;
  forecast.horizon = 39.0;
  clv::IntervalOptions interval;
  interval.draws = 300;
  const auto a = clv::forecast_intervals(fit, nullptr, summary, forecast, interval);
  const auto b = clv::forecast_intervals(fit, nullptr, summary, forecast, interval);
  CHECK(a.customers[0].expected_transactions.lower == b.customers[0].expected_transactions.lower);
  CHECK(a.customers[0].expected_transactions.upper == b.customers[0].expected_transactions.upper);
  const double point = clv::models::forecast(ModelKind::bg_nbd, fit.parameters, {2.0, 30.43, 38.86, 1.0}, 39.0)
                           .expected_transactions;
  CHECK(a.customers[0].expected_transactions.lower < point);
  CHECK(point < a.customers[0].expected_transactions.upper);
  CHECK(a.total_transactions.lower == a.customers[0].expected_transactions.lower);

  interval.level = 1.0;
  CHECK_THROWS_AS(clv::forecast_intervals(fit, nullptr, summary, forecast, interval), clv::Error);
  interval.level = 0.9;
  interval.draws = 1;
  CHECK_THROWS_AS(clv::forecast_intervals(fit, nullptr, summary, forecast, interval), clv::Error);
  // More than k_max_draws: refused before anything is drawn (no memory for 10^9 draws).
  interval.draws = clv::k_max_draws + 1;
  try {
    (void)clv::forecast_intervals(fit, nullptr, summary, forecast, interval);
    FAIL("100001 draws were accepted");
  } catch (const clv::Error& error) {
    CHECK(error.code() == clv::ExitCode::usage);
    CHECK(error.message() == "--draws: must be a whole number from 2 to 100000, not 100001");
  }
  interval.draws = 10;
  fit.covariance.clear();
  CHECK_THROWS_AS(clv::forecast_intervals(fit, nullptr, summary, forecast, interval), clv::Error);
}

TEST_CASE("bootstrap intervals agree with the parametric ones on well-identified data", "[interval]") {
  // Both estimate the same sampling variability of the parameters: on 3,000 simulated BG/NBD
  // customers the two 90 % intervals of one customer's E[Y(26)] have similar widths and overlap.
  const std::vector<double> truth{0.5, 5.0, 0.8, 2.5};
  clv::models::SimulationOptions simulation;
  simulation.customers = 3000;
  simulation.min_age = 20.0;
  simulation.max_age = 40.0;
  simulation.seed = 77;
  const auto data = clv::models::simulate_purchases(ModelKind::bg_nbd, truth, simulation);
  const clv::models::FitResult fit = clv::models::fit_purchase_model(ModelKind::bg_nbd, data);
  clv::SummaryTable population;
  for (std::size_t i = 0; i < data.size(); ++i) {
    clv::CustomerSummary c;
    c.id = std::to_string(i);
    c.frequency = data[i].frequency;
    c.recency = data[i].recency;
    c.age = data[i].age;
    population.customers.push_back(c);
  }
  clv::ForecastOptions forecast;
  forecast.horizon = 26.0;
  clv::IntervalOptions parametric;
  parametric.draws = 400;
  clv::BootstrapOptions bootstrap;
  bootstrap.replicates = 150;
  bootstrap.seed = 3;
  const auto a = clv::forecast_intervals(fit, nullptr, population, forecast, parametric);
  const auto b = clv::bootstrap_intervals(fit, nullptr, population, forecast, bootstrap);
  for (const std::size_t i : {std::size_t{0}, std::size_t{1}, std::size_t{2}}) {
    const auto& pa = a.customers[i].expected_transactions;
    const auto& pb = b.customers[i].expected_transactions;
    CAPTURE(i, pa.lower, pa.upper, pb.lower, pb.upper);
    const double width_a = pa.upper - pa.lower;
    const double width_b = pb.upper - pb.lower;
    CHECK(width_b > 0.6 * width_a);
    CHECK(width_b < 1.6 * width_a);
    CHECK(pb.lower < pa.upper);
    CHECK(pa.lower < pb.upper);
  }
  // Same seed, same bounds.
  const auto again = clv::bootstrap_intervals(fit, nullptr, population, forecast, bootstrap);
  CHECK(again.total_transactions.lower == b.total_transactions.lower);
  CHECK(again.total_transactions.upper == b.total_transactions.upper);
}
