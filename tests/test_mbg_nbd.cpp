#include "clv/models/mbg_nbd.hpp"

#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <catch2/catch.hpp>

#include <cmath>

#include "finite_differences.hpp"
#include "lambda_quadrature.hpp"

namespace mbg = clv::models::mbg_nbd;

namespace {

// MBG/NBD: dropout also possible right after the first purchase, so
// L = int g(lambda) lambda^x [B(a,b+x+1)/B(a,b) e^-lambda T + B(a+1,b+x)/B(a,b) e^-lambda t_x] dlambda.
double likelihood_by_quadrature(const mbg::Parameters& p, double x, double t_x, double T) {
  using boost::math::beta;
  const double stay = beta(p.a, p.b + x + 1.0) / beta(p.a, p.b);
  const double drop = beta(p.a + 1.0, p.b + x) / beta(p.a, p.b);
  return integrate_over_lambda(p.r, p.alpha, x, t_x, T, stay, drop);
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
    const auto numeric = central_differences(
        p, [&](const mbg::Parameters& at) { return mbg::log_likelihood(at, x, t_x, T); }, &mbg::Parameters::r,
        &mbg::Parameters::alpha, &mbg::Parameters::a, &mbg::Parameters::b);
    for (std::size_t i = 0; i < numeric.size(); ++i) {
      INFO("parameter " << i);
      CHECK(g[i] == Approx(numeric[i]).margin(1e-7));
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
