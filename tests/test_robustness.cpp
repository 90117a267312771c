// Extreme but valid values: results stay finite and correct; the likelihoods cannot overflow
// (they are computed in log space); an optimiser that cannot converge says so.
#include "clv/error.hpp"
#include "clv/models/bg_nbd.hpp"
#include "clv/models/mbg_nbd.hpp"
#include "clv/models/model.hpp"
#include "clv/models/pareto_nbd.hpp"
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

namespace {

// 2F1(a, b; c; z) by its power series in long double, as many terms as it takes (millions when
// z is near 1): the slow, independent way to the BG/NBD closed form.
long double series_2f1(long double a, long double b, long double c, long double z) {
  long double term = 1.0L;
  long double sum = 1.0L;
  for (long double n = 0.0L; n < 5e7L; n += 1.0L) {
    term *= (a + n) * (b + n) / ((c + n) * (n + 1.0L)) * z;
    sum += term;
    if (std::fabs(term) < 1e-19L * std::fabs(sum) && (a + n) * (b + n) / ((c + n) * (n + 1.0L)) * z < 0.99L) {
      break;
    }
  }
  return sum;
}

}  // namespace

TEST_CASE("BG/NBD and MBG/NBD stay finite and right at a horizon of 500,000", "[robustness]") {
  // CDNOW's published BG/NBD parameters (FHL 2005); a customer 1 week old, no repeat purchase.
  const clv::models::bg_nbd::Parameters bg{0.243, 4.414, 0.793, 2.426};
  const double t = 5e5, age = 1.0;
  const long double z = t / (bg.alpha + age + t);
  const long double expected =
      (bg.a + bg.b - 1.0L) / (bg.a - 1.0L) *
      (1.0L - std::pow((bg.alpha + age) / (bg.alpha + age + t), (long double)bg.r) * series_2f1(bg.r, bg.b, bg.a + bg.b - 1.0L, z));
  const double got = clv::models::bg_nbd::conditional_expected_transactions(bg, 0.0, 0.0, age, t);
  REQUIRE(std::isfinite(got));
  CHECK(got == Approx(static_cast<double>(expected)).epsilon(1e-7));
  const double unconditional = clv::models::bg_nbd::expected_transactions_new(bg, t);
  const long double z0 = t / (bg.alpha + t);
  const long double expected_new =
      (bg.a + bg.b - 1.0L) / (bg.a - 1.0L) *
      (1.0L - std::pow(bg.alpha / (bg.alpha + t), (long double)bg.r) * series_2f1(bg.r, bg.b, bg.a + bg.b - 1.0L, z0));
  CHECK(unconditional == Approx(static_cast<double>(expected_new)).epsilon(1e-7));
  // MBG/NBD: the same posterior with b+x+1 (P(alive) of x = 0 is b/(a+b)-weighted, not 1).
  const clv::models::mbg_nbd::Parameters mbg{0.5, 3.0, 1.8, 10.0};
  const long double mbg_if_alive =
      (mbg.a + mbg.b) / (mbg.a - 1.0L) *
      (1.0L - std::pow((mbg.alpha + age) / (mbg.alpha + age + t), (long double)mbg.r) *
                  series_2f1(mbg.r, mbg.b + 1.0L, mbg.a + mbg.b, t / (mbg.alpha + age + t)));
  const double mbg_got = clv::models::mbg_nbd::conditional_expected_transactions(mbg, 0.0, 0.0, age, t);
  CHECK(mbg_got == Approx(static_cast<double>(mbg_if_alive) *
                          clv::models::mbg_nbd::probability_alive(mbg, 0.0, 0.0, age)).epsilon(1e-7));
}

TEST_CASE("BG/NBD at a frequency of 10 million: finite, and the large-x limit", "[robustness]") {
  // With x huge, lambda | data ~ x/(alpha+T) and x p | data ~ Gamma(a, 1), so
  // E[Y(t) | alive] -> x (1 - (1+k)^(1-a)) / (a-1), k = t/(alpha+T), to relative O(1/sqrt(x)).
  const clv::models::bg_nbd::Parameters bg{0.243, 4.414, 0.793, 2.426};
  const double x = 1e7, age = 38.0, t = 52.0;
  const double k = t / (bg.alpha + age);
  const double limit = x * (1.0 - std::pow(1.0 + k, 1.0 - bg.a)) / (bg.a - 1.0);
  const double alive = clv::models::bg_nbd::conditional_expected_transactions(bg, x, age, age, t);
  REQUIRE(std::isfinite(alive));
  CHECK(alive == Approx(limit).epsilon(2e-3));
  // Long silent after 10 million purchases: P(alive) underflows, and so does the expectation.
  CHECK(clv::models::bg_nbd::conditional_expected_transactions(bg, x, 10.0, age, t) == 0.0);
  const clv::models::mbg_nbd::Parameters mbg{0.243, 4.414, 0.793, 2.426};
  CHECK(std::isfinite(clv::models::mbg_nbd::conditional_expected_transactions(mbg, x, age, age, t)));
  CHECK(clv::models::mbg_nbd::conditional_expected_transactions(mbg, x, 10.0, age, t) == 0.0);
}

TEST_CASE("Pareto/NBD P(alive) at a frequency of 10 million follows the integral, no jump to 1", "[robustness]") {
  // alpha < beta puts the 2F1 of the closed form out of reach at this frequency. Independent value:
  // the odds are int_{t_x}^{T} s/(beta+tau) ((beta+T)/(beta+tau))^s ((alpha+T)/(alpha+tau))^(r+x) dtau;
  // over a window of 7e-5 the beta factors are constant to 1e-6 and the alpha factor integrates
  // in closed form.
  const clv::models::pareto_nbd::Parameters p{0.55, 1.0, 0.6, 10.0};
  const double x = 1e7, age = 38.0, recency = 37.99993;
  const long double m = p.r + x;
  const long double mid = (recency + age) / 2.0L;
  const long double log_alpha_integral = (1.0L - m) * std::log(p.alpha + (long double)recency) +
                                         std::log1p(-std::exp((m - 1.0L) * std::log((p.alpha + (long double)recency) /
                                                                                     (p.alpha + (long double)age)))) -
                                         std::log(m - 1.0L);
  const long double log_odds = std::log((long double)p.s) - std::log(p.beta + mid) +
                               p.s * std::log((p.beta + (long double)age) / (p.beta + mid)) +
                               m * std::log(p.alpha + (long double)age) + log_alpha_integral;
  const double expected = static_cast<double>(1.0L / (1.0L + std::exp(log_odds)));
  REQUIRE(expected > 0.01);
  REQUIRE(expected < 0.99);
  const double got = clv::models::pareto_nbd::probability_alive(p, x, recency, age);
  CHECK(got == Approx(expected).epsilon(1e-5));
  // Silent for 28 of 38 weeks after 10 million purchases: dead to double precision, not alive.
  CHECK(clv::models::pareto_nbd::probability_alive(p, x, 10.0, age) == 0.0);
}
