#include "clv/models/mbg_nbd.hpp"

#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

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

// References: mpmath's closed forms at 60 digits. As for BG/NBD, taking 1 - (nearly 1) lost the
// digits by which the bracket is below 1 (1e-5 relative for a new customer at a = 1 - 1e-8).
TEST_CASE("MBG/NBD expectations keep their digits for a near 1 and a horizon short next to alpha + T") {
  const mbg::Parameters near_one{0.3, 5.0, 0.99999999, 2.0};
  CHECK(mbg::expected_transactions_if_alive(near_one, 500.0, 1000.0, 0.01) ==
        Approx(0.0049780848188642274892).epsilon(1e-13));
  CHECK(mbg::expected_transactions_new(near_one, 0.01) == Approx(0.00039987008100149234821).epsilon(1e-13));
  const std::vector<double> horizons{0.01, 1.0, 39.0};
  const std::vector<double> path = mbg::expected_transactions_if_alive_path(near_one, 500.0, 1000.0, horizons);
  CHECK(path[0] == Approx(0.0049780848188642274892).epsilon(1e-13));
  CHECK(path[1] == Approx(0.49756476734299004048).epsilon(1e-13));
  CHECK(path[2] == Approx(19.049313919630047576).epsilon(1e-13));
  const mbg::Parameters slow{0.3, 1e5, 0.7, 2.0};
  CHECK(mbg::expected_transactions_if_alive(slow, 500.0, 0.5, 0.01) ==
        Approx(0.000050029748108561569588).epsilon(1e-13));
  CHECK(mbg::expected_transactions_new(slow, 0.01) == Approx(2.2222221948948956533e-8).epsilon(1e-13));
}
