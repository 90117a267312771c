#include "clv/models/gamma_gamma.hpp"

#include <boost/math/quadrature/exp_sinh.hpp>
#include <catch2/catch.hpp>

#include <cmath>

#include "finite_differences.hpp"

namespace gg = clv::models::gamma_gamma;

TEST_CASE("Gamma-Gamma density of the mean spend agrees with integrating over nu") {
  // nu ~ Gamma(q, gamma); the mean of x Gamma(p, nu) amounts is Gamma(p x, nu x).
  const gg::Parameters p{6.25, 3.74, 15.44};
  for (auto [x, z] : {std::pair{1.0, 11.77}, std::pair{2.0, 22.35}, std::pair{9.0, 40.0}}) {
    boost::math::quadrature::exp_sinh<double> integrator;
    const double density = integrator.integrate([&](double nu) {
      if (nu <= 0.0) {
        return 0.0;
      }
      const double prior = std::exp(p.q * std::log(p.gamma) + (p.q - 1) * std::log(nu) - p.gamma * nu - std::lgamma(p.q));
      const double shape = p.p * x, rate = nu * x;
      const double mean = std::exp(shape * std::log(rate) + (shape - 1) * std::log(z) - rate * z - std::lgamma(shape));
      return prior * mean;
    });
    CHECK(gg::log_likelihood(p, x, z) == Approx(std::log(density)).epsilon(1e-9));
  }
}

TEST_CASE("Gamma-Gamma gradient agrees with finite differences") {
  const gg::Parameters p{6.25, 3.74, 15.44};
  const auto g = gg::gradient(p, 3.0, 27.5);
  const auto numeric = central_differences(
      p, [](const gg::Parameters& at) { return gg::log_likelihood(at, 3.0, 27.5); }, &gg::Parameters::p,
      &gg::Parameters::q, &gg::Parameters::gamma);
  for (std::size_t i = 0; i < numeric.size(); ++i) {
    INFO("parameter " << i);
    CHECK(g[i] == Approx(numeric[i]).margin(1e-7));
  }
}

TEST_CASE("Gamma-Gamma conditional expected spend: published CDNOW customers 1, 2, 6") {
  const gg::Parameters p{6.25, 3.74, 15.44};
  // Published (lifetimes/Hardie): 24.65, 18.91, 71.46 for (x, zbar) = (2, 22.35), (1, 11.77), (7, 73.74);
  // the two-decimal parameters and zbar give these to within 0.02.
  CHECK(gg::conditional_expected_average_spend(p, 2.0, 22.35) == Approx(24.65).margin(0.02));
  CHECK(gg::conditional_expected_average_spend(p, 1.0, 11.77) == Approx(18.91).margin(0.02));
  // By hand: (p gamma + p x z) / (p x + q - 1).
  CHECK(gg::conditional_expected_average_spend(p, 3.0, 50.0) ==
        Approx((6.25 * 15.44 + 6.25 * 3 * 50.0) / (6.25 * 3 + 3.74 - 1)));
  // x = 0: the population mean p gamma / (q - 1).
  CHECK(gg::conditional_expected_average_spend(p, 0.0, 0.0) == Approx(6.25 * 15.44 / 2.74));
  CHECK(std::isnan(gg::conditional_expected_average_spend({1.0, 0.5, 1.0}, 0.0, 0.0)));
}

TEST_CASE("Gamma-Gamma with q at most 1 has no finite mean spend and is refused in words", "[gamma_gamma]") {
  using clv::models::gamma_gamma::infinite_mean_problem;
  CHECK(infinite_mean_problem({6.25, 3.74, 15.44}) == std::nullopt);  // FHL 2005 CDNOW
  CHECK(infinite_mean_problem({6.25, 1.0001, 15.44}) == std::nullopt);
  const auto at_one = infinite_mean_problem({6.25, 1.0, 15.44});
  REQUIRE(at_one.has_value());
  CHECK(at_one->rfind("q = 1 is at most 1: the spend amounts are so heavy-tailed", 0) == 0);
  CHECK(infinite_mean_problem({6.25, 0.5, 15.44}).has_value());
}

TEST_CASE("Gamma-Gamma conditional expected spend stays finite for a mean spend near the largest double") {
  // p x zbar = 18.75e307 overflows, but the weighted mean (a share 18.75 / 21.49 of zbar plus a
  // little) is about 8.7e306. By hand, in long double: (p gamma + p x zbar) / (p x + q - 1).
  const gg::Parameters p{6.25, 3.74, 15.44};
  const long double expected = (6.25L * 15.44L + 6.25L * 3 * 1e307L) / (6.25L * 3 + 3.74L - 1);
  const double spend = gg::conditional_expected_average_spend(p, 3.0, 1e307);
  CHECK(std::isfinite(spend));
  CHECK(spend == Approx(static_cast<double>(expected)).epsilon(1e-14));
}
