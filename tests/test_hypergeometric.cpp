#include "clv/models/hypergeometric.hpp"

#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <catch2/catch.hpp>

#include <cmath>

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
