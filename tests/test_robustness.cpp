// Extreme but valid values: results stay finite and correct; the likelihoods cannot overflow
// (they are computed in log space); an optimiser that cannot converge says so.
#include "clv/error.hpp"
#include "clv/models/model.hpp"
#include "clv/value.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace clv;
using namespace clv::models;

namespace {

// 30 years in days.
constexpr double k_thirty_years = 30 * 365.25;

std::vector<PurchaseHistory> varied_histories() {
  // A small population with enough variety to identify every purchase model.
  std::vector<PurchaseHistory> data;
  for (int i = 0; i < 60; ++i) {
    const double age = 20.0 + i % 17;
    const double frequency = i % 6;
    const double recency = frequency == 0 ? 0.0 : age - 1.0 - i % 5;
    data.push_back({frequency, recency, age, 1.0});
  }
  return data;
}

}  // namespace

TEST_CASE("likelihoods stay finite for thousands of purchases over thirty years", "[robustness]") {
  const std::vector<PurchaseHistory> data = {
      {5000.0, k_thirty_years - 1.0, k_thirty_years, 1.0},  // a purchase every other day
      {0.0, 0.0, k_thirty_years, 1.0},
      {1.0, 1.0, k_thirty_years, 1e6},
  };
  const std::vector<std::vector<double>> parameter_sets = {
      {0.24, 4.41, 0.79, 2.43}, {1e-6, 1e-6, 1e-6, 1e-6}, {1e6, 1e6, 1e6, 1e6}, {1e-6, 1e6, 1e6, 1e-6},
      {1e6, 1e-6, 1e-6, 1e6}};
  for (const auto kind : {ModelKind::bg_nbd, ModelKind::pareto_nbd, ModelKind::mbg_nbd}) {
    for (const auto& parameters : parameter_sets) {
      INFO(model_name(kind) << " r=" << parameters[0] << " alpha=" << parameters[1] << " third="
                            << parameters[2] << " fourth=" << parameters[3]);
      const double ll = log_likelihood(kind, parameters, data);
      CHECK(std::isfinite(ll));
      CHECK(ll < 0.0);
      for (const auto& customer : data) {
        const auto forecast = models::forecast(kind, parameters, customer, 52.0 * 7.0);
        CHECK(std::isfinite(forecast.expected_transactions));
        CHECK(forecast.expected_transactions >= 0.0);
        CHECK(forecast.probability_alive >= 0.0);
        CHECK(forecast.probability_alive <= 1.0);
      }
    }
  }
}

TEST_CASE("Gamma-Gamma stays finite with amounts of 1e12", "[robustness]") {
  const std::vector<SpendHistory> data = {{3.0, 1e12, 1.0}, {1000.0, 2.5e12, 1.0}, {1.0, 0.01, 1e6}};
  for (const auto& parameters : std::vector<std::vector<double>>{{6.25, 3.74, 15.44}, {1e-6, 1e6, 1e-6}, {1e6, 1e-6, 1e6}}) {
    CHECK(std::isfinite(spend_log_likelihood(parameters, data)));
  }
  // The conditional expectation is a weighted mean of the population mean p*gamma/(q-1) and the
  // customer's own mean (Fader, Hardie & Lee 2005, eq. 5): with 1000 purchases it is close to
  // the customer's 2.5e12.
  const std::vector<double> parameters = {6.25, 3.74, 15.44};
  const double p = 6.25, q = 3.74, gamma = 15.44, x = 1000.0, zbar = 2.5e12;
  const double expected = (gamma + x * zbar) * p / (p * x + q - 1.0);
  CHECK(expected_average_spend(parameters, x, zbar) == Approx(expected).epsilon(1e-12));
}

TEST_CASE("a million identical customers fit like one row of weight a million", "[robustness]") {
  auto weighted = varied_histories();
  auto repeated = weighted;
  const PurchaseHistory common{2.0, 30.0, 38.0, 1.0};
  PurchaseHistory heavy = common;
  heavy.weight = 1e6;
  weighted.push_back(heavy);
  repeated.insert(repeated.end(), 1'000'000, common);
  for (const auto kind : {ModelKind::bg_nbd, ModelKind::pareto_nbd}) {
    INFO(model_name(kind));
    // A million identical customers show no heterogeneity, so r and alpha run off together
    // without a penalty; a small one keeps them finite (what clv suggests to users).
    FitOptions options;
    options.threads = 1;
    options.penalizer = 0.001;
    const auto a = fit_purchase_model(kind, weighted, options);
    const auto b = fit_purchase_model(kind, repeated, options);
    CHECK(a.customers == Approx(1e6 + 60));
    CHECK(b.customers == Approx(1e6 + 60));
    REQUIRE(a.parameters.size() == b.parameters.size());
    for (std::size_t i = 0; i < a.parameters.size(); ++i) {
      CHECK(a.parameters[i] == Approx(b.parameters[i]).epsilon(1e-6));
    }
    CHECK(std::isfinite(a.log_likelihood));
    CHECK(a.log_likelihood == Approx(b.log_likelihood).epsilon(1e-9));
  }
}

TEST_CASE("an optimiser that cannot converge says so", "[robustness]") {
  FitOptions options;
  options.max_iterations = 1;
  options.threads = 1;
  try {
    (void)fit_purchase_model(ModelKind::bg_nbd, varied_histories(), options);
    FAIL("a one-iteration fit converged");
  } catch (const Error& error) {
    CHECK(error.code() == ExitCode::data_error);
    CHECK_THAT(error.what(), Catch::Contains("converge"));
  }
}

TEST_CASE("values of 1e12 are computed exactly", "[robustness]") {
  Customer customer;
  customer.id = "big";
  customer.transactions = 1000.0;
  customer.average_purchase = 1e12;
  customer.acquisition_cost = 1e12;
  customer.service_cost = 5e11;
  customer.referral_net_income = 1e12;
  const auto result = customer_value(customer);
  // 1000 * 1e12 - 1e12 - 5e11 + 1e12 = 999.5e12, exactly representable.
  CHECK(result.revenue == 1e15);
  CHECK(result.value == 999.5e12);
  CHECK(std::isfinite(result.value));
}
