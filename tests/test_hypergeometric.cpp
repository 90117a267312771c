#include "clv/models/hypergeometric.hpp"

#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using clv::models::hyp2f1;
using clv::models::log_hyp2f1;

namespace {

// Euler's integral, an evaluation independent of the series (needs c > b > 0, z < 1):
// 2F1(a,b;c;z) = Gamma(c)/(Gamma(b)Gamma(c-b)) int_0^1 t^(b-1) (1-t)^(c-b-1) (1-zt)^-a dt.
double euler_integral(double a, double b, double c, double z) {
  boost::math::quadrature::tanh_sinh<double> integrator;
  auto f = [&](double t, double complement) {
    return std::pow(t, b - 1.0) * std::pow(complement > 0 ? complement : 1.0 - t, c - b - 1.0) *
           std::pow(1.0 - z * t, -a);
  };
  const double integral = integrator.integrate(f, 0.0, 1.0);
  return integral * std::exp(std::lgamma(c) - std::lgamma(b) - std::lgamma(c - b));
}

}  // namespace

TEST_CASE("2F1(1,1,2,z) = -log(1-z)/z, also near z = 1 and for negative z (Pfaff)") {
  for (double z : {0.3, 0.9, 0.99, 0.999, -0.5, -3.0, -50.0}) {
    CHECK(hyp2f1(1.0, 1.0, 2.0, z) == Approx(-std::log1p(-z) / z).epsilon(1e-13));
  }
}

TEST_CASE("2F1(a,b,b,z) = (1-z)^-a, in log space beyond the double range") {
  CHECK(hyp2f1(2.5, 1.7, 1.7, 0.95) == Approx(std::pow(0.05, -2.5)).epsilon(1e-12));
  CHECK(hyp2f1(2.5, 1.7, 1.7, -2.0) == Approx(std::pow(3.0, -2.5)).epsilon(1e-12));
  const auto big = log_hyp2f1(300.0, 1.5, 1.5, 0.99);
  CHECK(big.sign == 1);
  CHECK(big.log_abs == Approx(300.0 * std::log(100.0)).epsilon(1e-12));
}

TEST_CASE("2F1 agrees with Euler's integral at the models' arguments") {
  // BG/NBD E[X(78)] at the CDNOW estimates: 2F1(r, b; a+b-1; t/(alpha+t)) = 2F1(b, r; ...).
  const double r = 0.243, alpha = 4.414, a = 0.793, b = 2.426;
  const double z = 78.0 / (alpha + 78.0);
  CHECK(hyp2f1(r, b, a + b - 1.0, z) == Approx(euler_integral(b, r, a + b - 1.0, z)).epsilon(1e-10));
  // Conditional expectation of a frequent buyer: 2F1(r+x, b+x; a+b+x-1; t/(alpha+T+t)).
  const double x = 12.0;
  const double w = 39.0 / (alpha + 38.86 + 39.0);
  CHECK(hyp2f1(r + x, b + x, a + b + x - 1.0, w) ==
        Approx(euler_integral(b + x, r + x, a + b + x - 1.0, w)).epsilon(1e-10));
  // Negative argument through the Pfaff transformation.
  CHECK(hyp2f1(1.3, 0.7, 2.2, -4.0) == Approx(euler_integral(1.3, 0.7, 2.2, -4.0)).epsilon(1e-10));
}

TEST_CASE("2F1 with a + b - c > 1 (Euler's transformation) is exact to about an ulp of its log") {
  // References: mpmath 1.3 hyp2f1 at 50 digits, at these same double arguments. The first
  // three are BG/NBD conditional expectations (x = 12, 1 and 100); the direct series missed
  // the third by 2e-13.
  struct Case {
    double a, b, c, z, log_value;
  };
  const Case cases[] = {
      {0.243 + 12.0, 2.426 + 12.0, 0.793 + 2.426 + 12.0 - 1.0, 39.0 / (4.414 + 38.86 + 39.0), 7.984886889473262921},
      {0.243 + 1.0, 2.426 + 1.0, 0.793 + 2.426 + 1.0 - 1.0, 52.0 / (4.414 + 1.0 + 52.0), 3.2341247654287040146},
      {0.243 + 100.0, 2.426 + 100.0, 0.793 + 2.426 + 100.0 - 1.0, 260.0 / (4.414 + 10.0 + 260.0),
       295.96585223931837961},
      {2.5, 3.0, 1.2, 0.97, 16.174547595173083106},
  };
  for (const Case& c : cases) {
    const auto value = log_hyp2f1(c.a, c.b, c.c, c.z);
    CHECK(value.sign == 1);
    CHECK(value.log_abs == Approx(c.log_value).epsilon(4e-16));
  }
}

TEST_CASE("2F1 with c < 0 keeps its sign") {
  // 2F1(a,b;c;z) with c = -0.5: the first term a b z / c is negative. Series by hand to 1e-15:
  const double a = 0.3, b = 0.4, c = -0.5, z = 0.2;
  double term = 1.0, sum = 1.0;
  for (int n = 0; n < 200; ++n) {
    term *= (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
    sum += term;
  }
  CHECK(hyp2f1(a, b, c, z) == Approx(sum).epsilon(1e-13));
}

TEST_CASE("F(a,b,a+1,z) and its derivatives") {
  for (double z : {0.0, 0.05, 0.6, 0.97}) {
    const double a = 3.4, b = 1.6;
    const auto f = clv::models::hyp2f1_c_is_a_plus_1(a, b, z);
    CHECK(f.log_value == Approx(log_hyp2f1(a, b, a + 1.0, z).log_abs).margin(1e-13));
    const double h = 1e-6;
    auto log_f = [](double aa, double bb, double zz) { return clv::models::hyp2f1_c_is_a_plus_1(aa, bb, zz).log_value; };
    CHECK(f.d_a == Approx((log_f(a + h, b, z) - log_f(a - h, b, z)) / (2 * h)).margin(1e-7));
    CHECK(f.d_b == Approx((log_f(a, b + h, z) - log_f(a, b - h, z)) / (2 * h)).margin(1e-7));
    if (z > 0.0) {
      CHECK(f.d_z == Approx((log_f(a, b, z + h) - log_f(a, b, z - h)) / (2 * h)).epsilon(1e-6));
    } else {
      CHECK(f.d_z == Approx(a * b / (a + 1.0)));
    }
  }
}

TEST_CASE("2F1 outside its domain is NaN, not a wrong number") {
  CHECK(std::isnan(hyp2f1(1.0, 1.0, 2.0, 1.0)));
  CHECK(std::isnan(hyp2f1(1.0, 1.0, -2.0, 0.5)));
}

TEST_CASE("2F1 along a path: the series' values where it is short, the same to 1e-11 where it steps") {
  // log|F| compared absolutely: a difference d is a relative difference d in F. 1e-11: the
  // series itself is off by about 2e-12 at z = 1 - 5e-5, where z's rounding shows.
  using clv::models::log_hyp2f1_path;
  // Closed forms checked far beyond the switch to stepping (1 - z < 0.05): 2F1(1,1;2;z) =
  // -log(1-z)/z and 2F1(a,b;b;z) = (1-z)^-a, at weekly period ends up to 20,000 times the scale.
  const double scale = 7.5;
  std::vector<double> times;
  for (int k = 1; k <= 150000; ++k) {
    times.push_back(k);
  }
  const auto logs = log_hyp2f1_path(1.0, 1.0, 2.0, scale, times);
  const auto powers = log_hyp2f1_path(2.5, 1.7, 1.7, scale, times);
  REQUIRE(logs.size() == times.size());
  for (std::size_t k = 0; k < times.size(); k += 997) {
    const double t = times[k];
    const double z = t / (scale + t);
    const double w = scale / (scale + t);
    CHECK(logs[k].log_abs - (std::log(-std::log(w) / z)) == Approx(0.0).margin(1e-11));
    CHECK(powers[k].log_abs - (-2.5 * std::log(w)) == Approx(0.0).margin(1e-11));
    if (w >= 0.05) {  // the power series' own bits
      CHECK(logs[k].log_abs == log_hyp2f1(1.0, 1.0, 2.0, z).log_abs);
    }
  }
  // At the models' arguments (BG/NBD eq. (10) with x = 4, a fitted a, b, r): against the series
  // evaluated afresh at each point, which is exact but costs about 40 / (1 - z) terms.
  const double r = 0.24, a = 0.79, b = 2.43, x = 4.0;
  std::vector<double> few;
  for (double t = 10.0; t <= 30000.0; t *= 1.37) {
    few.push_back(t);
  }
  const auto path = log_hyp2f1_path(r + x, b + x, a + b + x - 1.0, scale, few);
  for (std::size_t k = 0; k < few.size(); ++k) {
    const auto direct = log_hyp2f1(r + x, b + x, a + b + x - 1.0, few[k] / (scale + few[k]));
    CHECK(path[k].sign == direct.sign);
    CHECK(path[k].log_abs - (direct.log_abs) == Approx(0.0).margin(1e-11));
  }
  // c - a - b > 0 (F tends to a constant) and c < 0 (a sign change on the way).
  const auto finite = log_hyp2f1_path(0.3, 0.5, 3.1, 2.0, few);
  const auto negative = log_hyp2f1_path(1.2, 0.6, -0.4, 2.0, few);
  for (std::size_t k = 0; k < few.size(); ++k) {
    const double z = few[k] / (2.0 + few[k]);
    CHECK(finite[k].log_abs - (log_hyp2f1(0.3, 0.5, 3.1, z).log_abs) == Approx(0.0).margin(1e-11));
    CHECK(negative[k].sign == log_hyp2f1(1.2, 0.6, -0.4, z).sign);
    CHECK(negative[k].log_abs - (log_hyp2f1(1.2, 0.6, -0.4, z).log_abs) == Approx(0.0).margin(1e-11));
  }
}
