// BG/BB for a customer just acquired (FHS 2010, eqs. 8 and 9): `clv predict --new-customer`.
#include "clv/models/bg_bb.hpp"
#include "clv/purchase_distributions.hpp"

#include "clv/error.hpp"

#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/binomial.hpp>
#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <vector>

namespace bb = clv::models::bg_bb;

namespace {

const bb::Parameters k_published{1.204, 0.750, 0.657, 2.783};  // FHS (2010), the donations data

struct Moments {
  double total = 0.0;
  double mean = 0.0;
};

Moments moments(const std::vector<double>& probabilities) {
  Moments m;
  for (std::size_t k = 0; k < probabilities.size(); ++k) {
    m.total += probabilities[k];
    m.mean += static_cast<double>(k) * probabilities[k];
  }
  return m;
}

// Given p and theta: the customer is alive at opportunity 0, survives each next one with
// probability 1 - theta, and buys with probability p while alive. P(X(n) = x | p, theta) sums
// over the number of opportunities spent alive, a binomial count of purchases in each.
std::vector<double> given_p_theta(double p, double theta, int n) {
  std::vector<double> out(static_cast<std::size_t>(n) + 1, 0.0);
  for (int alive = 0; alive <= n; ++alive) {
    const double weight = alive < n ? std::pow(1.0 - theta, alive) * theta : std::pow(1.0 - theta, n);
    for (int x = 0; x <= alive; ++x) {
      out[static_cast<std::size_t>(x)] += weight * boost::math::binomial_coefficient<double>(
                                                       static_cast<unsigned>(alive), static_cast<unsigned>(x)) *
                                          std::pow(p, x) * std::pow(1.0 - p, alive - x);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("BG/BB new customer: the distribution adds up to 1 and its mean is eq. 9", "[bgbb][new-customer]") {
  for (const bb::Parameters p : {k_published, bb::Parameters{2.0, 3.0, 1.5, 4.0}, bb::Parameters{1.0, 2.0, 1.0, 3.0}}) {
    for (const int n : {1, 2, 6, 30, 400}) {
      const std::vector<double> probabilities = bb::transaction_probabilities_new(p, n, n);
      const Moments m = moments(probabilities);
      CHECK(m.total == Approx(1.0).epsilon(1e-12));
      CHECK(m.mean == Approx(bb::expected_transactions_new(p, n)).epsilon(1e-10));
      // The sum over opportunities: alive at k (B(gamma, delta+k)/B(gamma, delta)) and buying.
      CHECK(bb::expected_transactions_new(p, n) ==
            Approx(bb::expected_transactions_sum(p, bb::OpportunityHistory{0, 0, 0, 1}, n)).epsilon(1e-10));
    }
  }
}

TEST_CASE("BG/BB new customer: one opportunity by hand", "[bgbb][new-customer]") {
  // Buys at opportunity 1 if alive (delta/(gamma+delta)) and buying (alpha/(alpha+beta)).
  const bb::Parameters p = k_published;
  const double buy = p.alpha / (p.alpha + p.beta) * p.delta / (p.gamma + p.delta);
  const std::vector<double> probabilities = bb::transaction_probabilities_new(p, 1, 3);
  REQUIRE(probabilities.size() == 4);
  CHECK(probabilities[0] == Approx(1.0 - buy).epsilon(1e-14));
  CHECK(probabilities[1] == Approx(buy).epsilon(1e-14));
  CHECK(probabilities[2] == 0.0);
  CHECK(probabilities[3] == 0.0);
  CHECK(bb::expected_transactions_new(p, 1) == Approx(buy).epsilon(1e-13));
}

TEST_CASE("BG/BB new customer agrees with enumerating all 2^6 purchase sequences", "[bgbb][new-customer]") {
  // Each 0/1 sequence over 6 opportunities has probability L(x, t_x, 6), the likelihood (itself
  // checked against a numerical integral in test_bg_bb.cpp); summed by count of purchases.
  const int n = 6;
  std::vector<double> by_count(n + 1, 0.0);
  for (unsigned bits = 0; bits < (1U << n); ++bits) {
    int bought = 0;
    int last = 0;
    for (int j = 0; j < n; ++j) {
      if ((bits >> j) & 1U) {
        ++bought;
        last = j + 1;
      }
    }
    by_count[static_cast<std::size_t>(bought)] +=
        std::exp(bb::log_likelihood(k_published, bb::OpportunityHistory{double(bought), double(last), double(n), 1}));
  }
  const std::vector<double> closed = bb::transaction_probabilities_new(k_published, n, n);
  double mean = 0.0;
  for (int k = 0; k <= n; ++k) {
    CHECK(closed[static_cast<std::size_t>(k)] == Approx(by_count[static_cast<std::size_t>(k)]).epsilon(1e-11));
    mean += k * by_count[static_cast<std::size_t>(k)];
  }
  CHECK(bb::expected_transactions_new(k_published, n) == Approx(mean).epsilon(1e-10));
}

TEST_CASE("BG/BB new customer agrees with integrating over p and theta", "[bgbb][new-customer]") {
  // No Beta functions: P(X(6) = x | p, theta) by the alive-time distribution, integrated against
  // the Beta densities numerically (tanh-sinh copes with their endpoint singularities here).
  const bb::Parameters p = k_published;
  const int n = 6;
  const double norm_p = 1.0 / boost::math::beta(p.alpha, p.beta);
  const double norm_theta = 1.0 / boost::math::beta(p.gamma, p.delta);
  boost::math::quadrature::tanh_sinh<double> outer;
  boost::math::quadrature::tanh_sinh<double> inner;
  const std::vector<double> closed = bb::transaction_probabilities_new(p, n, n);
  double mean = 0.0;
  for (int x = 0; x <= n; ++x) {
    const double integral = outer.integrate([&](double buy) {
      const double f_buy = norm_p * std::pow(buy, p.alpha - 1.0) * std::pow(1.0 - buy, p.beta - 1.0);
      return f_buy * inner.integrate([&](double die) {
        const double f_die = norm_theta * std::pow(die, p.gamma - 1.0) * std::pow(1.0 - die, p.delta - 1.0);
        return f_die * given_p_theta(buy, die, n)[static_cast<std::size_t>(x)];
      }, 0.0, 1.0);
    }, 0.0, 1.0);
    CHECK(closed[static_cast<std::size_t>(x)] == Approx(integral).epsilon(1e-8));
    mean += x * integral;
  }
  CHECK(bb::expected_transactions_new(p, n) == Approx(mean).epsilon(1e-8));
}

TEST_CASE("BG/BB new customer: large horizons stay finite", "[bgbb][new-customer]") {
  const std::vector<double> probabilities = bb::transaction_probabilities_new(k_published, 100000, 3);
  REQUIRE(probabilities.size() == 4);
  for (const double probability : probabilities) {
    CHECK(std::isfinite(probability));
    CHECK(probability > 0.0);
  }
  // As n grows E[X(n)] tends to alpha/(alpha+beta) delta/(gamma-1) when gamma > 1, and grows
  // like n^(1-gamma) when gamma < 1: finite and increasing either way.
  const double far = bb::expected_transactions_new(k_published, 1000000);
  CHECK(std::isfinite(far));
  CHECK(far > bb::expected_transactions_new(k_published, 100000));
  const bb::Parameters bounded{1.0, 1.0, 2.0, 3.0};
  CHECK(bb::expected_transactions_new(bounded, 1000000) == Approx(0.5 * 3.0 / 1.0).epsilon(1e-5));
}

TEST_CASE("BG/BB new customer forecast: value and refused options", "[bgbb][new-customer]") {
  clv::models::FitResult purchase;
  purchase.kind = clv::models::ModelKind::bg_bb;
  purchase.parameters = {k_published.alpha, k_published.beta, k_published.gamma, k_published.delta};
  clv::ForecastOptions options;
  options.horizon = 6.0;
  options.margin = 0.5;
  const clv::NewCustomerForecast forecast = clv::forecast_new_customer(purchase, nullptr, options, 3, 40.0);
  const double expected = bb::expected_transactions_new(k_published, 6);
  CHECK(forecast.expected_transactions == expected);
  REQUIRE(forecast.distribution.probabilities.size() == 4);
  const std::vector<double> all = bb::transaction_probabilities_new(k_published, 6, 6);
  CHECK(forecast.distribution.more == Approx(all[4] + all[5] + all[6]).epsilon(1e-12));
  REQUIRE(forecast.lifetime_value);
  CHECK(*forecast.expected_average_spend == 40.0);
  CHECK(*forecast.lifetime_value == Approx(0.5 * 40.0 * expected).epsilon(1e-15));
  // Gamma-Gamma: the population mean p gamma / (q - 1).
  clv::models::FitResult spend;
  spend.kind = clv::models::ModelKind::gamma_gamma;
  spend.parameters = {6.25, 3.74, 15.44};
  const clv::NewCustomerForecast valued = clv::forecast_new_customer(purchase, &spend, options, std::nullopt);
  CHECK(*valued.lifetime_value == Approx(0.5 * 6.25 * 15.44 / 2.74 * expected).epsilon(1e-12));
  CHECK_THROWS_AS(clv::forecast_new_customer(purchase, &spend, options, std::nullopt, 40.0), clv::Error);
  for (const double horizon : {0.0, 2.5, -1.0}) {
    clv::ForecastOptions bad = options;
    bad.horizon = horizon;
    CHECK_THROWS_AS(clv::forecast_new_customer(purchase, nullptr, bad, std::nullopt), clv::Error);
  }
  clv::ForecastOptions discounted = options;
  discounted.discount_rate = 0.1;
  CHECK_THROWS_AS(clv::forecast_new_customer(purchase, nullptr, discounted, std::nullopt), clv::Error);
}

TEST_CASE("BG/BB new customer reproduces the donors' repeat donations of FHS (2010)", "[bgbb][new-customer]") {
  // Every donor of 1995 was acquired at opportunity 0: 11,104 x P(X(6) = 0) and x P(X(6) = 6)
  // are the published 3,454.9 and 1,253.1 donors (the parameters as clv fits them, 4 digits).
  const bb::Parameters fitted{1.2035, 0.7497, 0.6567, 2.7834};
  const std::vector<double> probabilities = bb::transaction_probabilities_new(fitted, 6, 6);
  CHECK(11104.0 * probabilities[0] == Approx(3454.9).margin(0.1));
  CHECK(11104.0 * probabilities[6] == Approx(1253.1).margin(0.1));
}
