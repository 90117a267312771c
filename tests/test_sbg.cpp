#include "clv/models/sbg.hpp"

#include "clv/error.hpp"

#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <vector>

namespace sbg = clv::models::sbg;

namespace {

// Fader & Hardie (2007), Table 1: customers active at the start of years 0-7.
const std::vector<double> k_regular{1000, 631, 468, 382, 326, 289, 262, 241};
const std::vector<double> k_high_end{1000, 869, 743, 653, 593, 551, 517, 491};

// P(T = t) by integrating the geometric theta (1-theta)^(t-1) against the beta density.
double churn_by_quadrature(const sbg::Parameters& p, double t) {
  boost::math::quadrature::tanh_sinh<double> integrator;
  const double norm = boost::math::beta(p.alpha, p.beta);
  // The second argument is the distance to the nearer end: 1 - theta stays exact near theta = 1,
  // where (1 - theta)^(beta + t - 2) is singular for t = 1.
  return integrator.integrate(
      [&](double theta, double to_end) {
        const double rest = theta > 0.5 ? to_end : 1.0 - theta;
        return std::pow(theta, p.alpha) * std::pow(rest, p.beta + t - 2.0) / norm;
      },
      0.0, 1.0);
}

}  // namespace

TEST_CASE("sBG churn and survival probabilities agree with integration over the churn probability", "[sbg]") {
  const sbg::Parameters p{0.704, 1.182};
  double survival = 1.0;
  for (int t = 1; t <= 12; ++t) {
    const double churn = churn_by_quadrature(p, t);
    CHECK(sbg::churn_probability(p, t) == Approx(churn).epsilon(1e-9));
    survival -= churn;
    CHECK(sbg::survival(p, t) == Approx(survival).epsilon(1e-9));
    CHECK(sbg::retention_rate(p, t) == Approx(sbg::survival(p, t) / sbg::survival(p, t - 1.0)).epsilon(1e-12));
  }
  CHECK(sbg::survival(p, 0.0) == 1.0);
}

TEST_CASE("sBG fit reproduces Fader & Hardie (2007) on the regular and high-end cohorts", "[sbg]") {
  const auto regular = sbg::fit(sbg::contracts_from_cohort(k_regular));
  REQUIRE(regular.kind == clv::models::ModelKind::sbg);
  REQUIRE(regular.parameters.size() == 2);
  CHECK(regular.parameters[0] == Approx(0.704).margin(0.0005));
  CHECK(regular.parameters[1] == Approx(1.182).margin(0.0005));
  CHECK(regular.log_likelihood == Approx(-1680.3).margin(0.05));
  CHECK(regular.customers == 1000.0);
  REQUIRE(regular.standard_errors.size() == 2);
  CHECK(regular.standard_errors[0] > 0.0);

  const auto high_end = sbg::fit(sbg::contracts_from_cohort(k_high_end));
  CHECK(high_end.parameters[0] == Approx(0.668).margin(0.0005));
  CHECK(high_end.parameters[1] == Approx(3.806).margin(0.0005));
  CHECK(high_end.log_likelihood == Approx(-1611.2).margin(0.05));
}

TEST_CASE("sBG cohort likelihood is the sum over its customers", "[sbg]") {
  const sbg::Parameters p{0.704, 1.182};
  // By hand: lost per year times log P(T = t), plus the 241 survivors times log S(7).
  double expected = 241.0 * std::log(sbg::survival(p, 7.0));
  for (std::size_t t = 1; t < k_regular.size(); ++t) {
    expected += (k_regular[t - 1] - k_regular[t]) * std::log(churn_by_quadrature(p, static_cast<double>(t)));
  }
  CHECK(sbg::log_likelihood(p, sbg::contracts_from_cohort(k_regular)) == Approx(expected).epsilon(1e-9));
  CHECK(expected == Approx(-1680.3).margin(0.05));
}

TEST_CASE("sBG recovers the parameters of simulated contracts", "[sbg]") {
  const sbg::Parameters truth{1.6, 4.0};
  std::mt19937_64 engine(42);
  std::gamma_distribution<double> ga(truth.alpha, 1.0), gb(truth.beta, 1.0);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<sbg::Contract> contracts;
  for (int i = 0; i < 200'000; ++i) {
    const double a = ga(engine), b = gb(engine);
    const double theta = a / (a + b);
    const int observed = 1 + static_cast<int>(uniform(engine) * 10.0);  // periods seen: 1..10
    int t = 1;
    while (t <= observed && uniform(engine) >= theta) {
      ++t;
    }
    if (t <= observed) {
      contracts.push_back({static_cast<double>(t), sbg::ContractStatus::churned, 1.0});
    } else {
      contracts.push_back({static_cast<double>(observed), sbg::ContractStatus::active, 1.0});
    }
  }
  const auto result = sbg::fit(contracts);
  REQUIRE(result.standard_errors.size() == 2);
  CHECK(std::abs(result.parameters[0] - truth.alpha) < 4.0 * result.standard_errors[0]);
  CHECK(std::abs(result.parameters[1] - truth.beta) < 4.0 * result.standard_errors[1]);
  CHECK(result.rows < 30);  // identical contracts merged
}

TEST_CASE("sBG discounted expected lifetime: the 2F1 closed form equals the direct sum", "[sbg]") {
  for (const sbg::Parameters p : {sbg::Parameters{0.704, 1.182}, sbg::Parameters{0.668, 3.806}, sbg::Parameters{3.0, 2.0}}) {
    for (const double d : {0.05, 0.1, 0.5}) {
      const auto closed = sbg::discounted_expected_lifetime(p, d);
      REQUIRE(closed.has_value());
      CHECK(*closed == Approx(sbg::discounted_lifetime_sum(p, d, 5000)).epsilon(1e-10));
    }
  }
  // No discount: finite only when alpha > 1.
  const sbg::Parameters long_lived{3.0, 2.0};
  CHECK(*sbg::expected_lifetime(long_lived) == Approx(2.0));  // (3+2-1)/(3-1)
  CHECK(*sbg::discounted_expected_lifetime(long_lived, 0.0) ==
        Approx(sbg::discounted_lifetime_sum(long_lived, 0.0, 200000)).epsilon(1e-6));
  CHECK_FALSE(sbg::expected_lifetime({0.704, 1.182}).has_value());
  CHECK_FALSE(sbg::discounted_expected_lifetime({0.704, 1.182}, 0.0).has_value());
}

TEST_CASE("sBG DERL equals the discounted sum of conditional survival", "[sbg]") {
  const sbg::Parameters p{0.704, 1.182};
  const double d = 0.1;
  for (const double tenure : {0.0, 1.0, 4.0, 10.0}) {
    // Payments from the next renewal on, the first undiscounted: sum_k S(tenure+k)/S(tenure) / (1+d)^(k-1).
    double sum = 0.0;
    for (int k = 1; k < 20000; ++k) {
      sum += sbg::survival(p, tenure + k) / sbg::survival(p, tenure) / std::pow(1.0 + d, k - 1);
    }
    const auto forecast = sbg::forecast(p, tenure, d);
    REQUIRE(forecast.discounted_expected_residual_lifetime.has_value());
    CHECK(*forecast.discounted_expected_residual_lifetime == Approx(sum).epsilon(1e-8));
    CHECK(forecast.renewal_probability == Approx(sbg::retention_rate(p, tenure + 1.0)));
  }
  // alpha > 1 and no discount: Gauss's theorem, (beta+tenure)/(alpha-1).
  CHECK(*sbg::forecast({3.0, 2.0}, 2.0, 0.0).discounted_expected_residual_lifetime == Approx(2.0));
  CHECK_FALSE(sbg::forecast(p, 2.0, 0.0).discounted_expected_residual_lifetime.has_value());
}

TEST_CASE("sBG rejects bad cohorts and contracts", "[sbg]") {
  CHECK_THROWS_AS(sbg::contracts_from_cohort(std::vector<double>{1000, 600, 700}), clv::Error);
  CHECK_THROWS_AS(sbg::contracts_from_cohort(std::vector<double>{1000, -1}), clv::Error);
  CHECK_THROWS_AS(sbg::contracts_from_cohort(std::vector<double>{0, 0}), clv::Error);
  CHECK_THROWS_AS(sbg::contracts_from_cohort(std::vector<double>{}), clv::Error);
  const std::vector<sbg::Contract> zero_tenure_churn{{0.0, sbg::ContractStatus::churned, 1.0},
                                                     {3.0, sbg::ContractStatus::active, 1.0}};
  CHECK_THROWS_AS(sbg::validate_contracts(zero_tenure_churn), clv::Error);
  const std::vector<sbg::Contract> nobody_leaves{{3.0, sbg::ContractStatus::active, 10.0}};
  CHECK_THROWS_AS(sbg::fit(nobody_leaves), clv::Error);
}

TEST_CASE("sBG survival check: a cohort's actual survival is alive(t)/alive(0)", "[sbg]") {
  const sbg::Parameters p{0.704, 1.182};
  const auto rows = sbg::compare_survival(p, sbg::contracts_from_cohort(k_regular));
  REQUIRE(rows.size() == k_regular.size());
  for (std::size_t t = 0; t < rows.size(); ++t) {
    CHECK(rows[t].actual_survival == Approx(k_regular[t] / 1000.0).epsilon(1e-12));
    CHECK(rows[t].predicted_survival == Approx(sbg::survival(p, static_cast<double>(t))));
  }
  CHECK(rows[1].at_risk == 1000.0);
  CHECK(rows[1].churned == 369.0);
  // Contracts seen for different lengths: by hand, 4 at risk in period 1 (one churns), then
  // 2 (the active one with tenure 1 drops out of view), one of whom churns.
  const std::vector<sbg::Contract> mixed{{1, sbg::ContractStatus::churned, 1},
                                         {1, sbg::ContractStatus::active, 1},
                                         {2, sbg::ContractStatus::churned, 1},
                                         {3, sbg::ContractStatus::active, 1}};
  const auto life_table = sbg::compare_survival(p, mixed);
  REQUIRE(life_table.size() == 4);
  CHECK(life_table[1].actual_survival == Approx(0.75));
  CHECK(life_table[2].at_risk == 2.0);
  CHECK(life_table[2].actual_survival == Approx(0.375));
  CHECK(life_table[3].actual_survival == Approx(0.375));
}
