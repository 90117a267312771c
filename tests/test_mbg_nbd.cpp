#include "clv/models/mbg_nbd.hpp"

#include <boost/math/quadrature/exp_sinh.hpp>
#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <catch2/catch.hpp>

#include <cmath>

namespace mbg = clv::models::mbg_nbd;

namespace {

// MBG/NBD: dropout also possible right after the first purchase, so
// L = int g(lambda) lambda^x [B(a,b+x+1)/B(a,b) e^-lambda T + B(a+1,b+x)/B(a,b) e^-lambda t_x] dlambda.
double likelihood_by_quadrature(const mbg::Parameters& p, double x, double t_x, double T) {
  using boost::math::beta;
  const double stay = beta(p.a, p.b + x + 1.0) / beta(p.a, p.b);
  const double drop = beta(p.a + 1.0, p.b + x) / beta(p.a, p.b);
  boost::math::quadrature::exp_sinh<double> integrator;
  return integrator.integrate([&](double l) {
    if (l <= 0.0) {
      return 0.0;
    }
    const double log_front = p.r * std::log(p.alpha) + (p.r - 1.0 + x) * std::log(l) - p.alpha * l - std::lgamma(p.r);
    return stay * std::exp(log_front - l * T) + drop * std::exp(log_front - l * t_x);
  });
}

}  // namespace

TEST_CASE("MBG/NBD log-likelihood agrees with numerical integration over lambda") {
  const mbg::Parameters p{0.525, 6.183, 0.891, 1.614};
  for (auto [x, t_x, T] : {std::tuple{0.0, 0.0, 30.0}, std::tuple{1.0, 5.0, 30.0}, std::tuple{7.0, 28.5, 30.0}}) {
    CHECK(mbg::log_likelihood(p, x, t_x, T) == Approx(std::log(likelihood_by_quadrature(p, x, t_x, T))).epsilon(1e-9));
  }
}

TEST_CASE("MBG/NBD gradient agrees with finite differences") {
  const mbg::Parameters p{0.525, 6.183, 0.891, 1.614};
  for (auto [x, t_x, T] : {std::tuple{0.0, 0.0, 30.0}, std::tuple{3.0, 12.0, 30.0}}) {
    const auto g = mbg::gradient(p, x, t_x, T);
    for (int i = 0; i < 4; ++i) {
      mbg::Parameters plus = p, minus = p;
      double* fp[4] = {&plus.r, &plus.alpha, &plus.a, &plus.b};
      double* fm[4] = {&minus.r, &minus.alpha, &minus.a, &minus.b};
      const double h = 1e-6;
      *fp[i] += h;
      *fm[i] -= h;
      const double numeric = (mbg::log_likelihood(plus, x, t_x, T) - mbg::log_likelihood(minus, x, t_x, T)) / (2 * h);
      CHECK(g[static_cast<std::size_t>(i)] == Approx(numeric).margin(1e-7));
    }
  }
}

TEST_CASE("MBG/NBD E[X(t)] agrees with integrating (1-p)/p (1 - (alpha/(alpha+pt))^r) over p") {
  const mbg::Parameters p{0.525, 6.183, 0.891, 1.614};
  boost::math::quadrature::tanh_sinh<double> integrator;
  for (double t : {1.0, 39.0, 78.0}) {
    const double numeric = integrator.integrate([&](double q) {
      return (1.0 - q) / q * (1.0 - std::pow(p.alpha / (p.alpha + q * t), p.r)) * boost::math::ibeta_derivative(p.a, p.b, q);
    }, 0.0, 1.0);
    CHECK(mbg::expected_transactions_new(p, t) == Approx(numeric).epsilon(1e-9));
  }
}

TEST_CASE("MBG/NBD conditional expectation: alive share times the survivor's expectation") {
  const mbg::Parameters p{0.525, 6.183, 0.891, 1.614};
  const double x = 2.0, t_x = 30.43, T = 38.86, t = 39.0;
  // Survivor: p ~ Beta(a, b+x+1), lambda ~ Gamma(r+x, alpha+T); E = E[(1/p)(1 - ((alpha+T)/(alpha+T+pt))^(r+x))].
  boost::math::quadrature::tanh_sinh<double> integrator;
  const double survivor = integrator.integrate([&](double q) {
    return (1.0 - std::pow((p.alpha + T) / (p.alpha + T + q * t), p.r + x)) / q *
           boost::math::ibeta_derivative(p.a, p.b + x + 1.0, q);
  }, 0.0, 1.0);
  const double alive = mbg::probability_alive(p, x, t_x, T);
  CHECK(alive == Approx(1.0 / (1.0 + p.a / (p.b + x) * std::pow((p.alpha + T) / (p.alpha + t_x), p.r + x))));
  CHECK(mbg::conditional_expected_transactions(p, x, t_x, T, t) == Approx(alive * survivor).epsilon(1e-9));
}
