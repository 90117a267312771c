#include "clv/models/hypergeometric.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace clv::models {
namespace {

constexpr int k_max_terms = 2'000'000;
constexpr double k_rescale_above = 1e200;
constexpr double k_rescale_factor = 1e-200;
const double k_log_rescale = std::log(1e200);
constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

// Direct power series for 0 <= z < 1, summed with the running total rescaled whenever it grows
// past 1e200 so that values beyond the double range keep their logarithm.
LogValue series(double a, double b, double c, double z) noexcept {
  if (z == 0.0) {
    return {0.0, 1};
  }
  double term = 1.0;
  double sum = 1.0;
  double log_scale = 0.0;
  // ratio = term(n+1) / term(n) = (a+n)(b+n) / ((c+n)(n+1)) z, computed once per term: it both
  // advances the series and bounds its tail.
  double ratio = a * b / c * z;
  for (int n = 0; n < k_max_terms; ++n) {
    const double dn = n;
    term *= ratio;
    sum += term;
    if (std::abs(sum) > k_rescale_above) {
      sum *= k_rescale_factor;
      term *= k_rescale_factor;
      log_scale += k_log_rescale;
    }
    ratio = (a + dn + 1.0) * (b + dn + 1.0) / ((c + dn + 1.0) * (dn + 2.0)) * z;
    // Stop once the terms are negligible and shrinking: the ratio tends to z < 1, monotonically
    // once n exceeds |a|, |b| and |c|, so with r = max(|ratio|, |z|) the tail is below
    // term * r / (1 - r).
    const double magnitude = std::max(std::abs(ratio), std::abs(z));
    if (term == 0.0 || (magnitude < 1.0 && std::abs(term) * magnitude <= 1e-17 * std::abs(sum) * (1.0 - magnitude))) {
      if (sum == 0.0) {
        return {-std::numeric_limits<double>::infinity(), 1};
      }
      return {std::log(std::abs(sum)) + log_scale, sum < 0.0 ? -1 : 1};
    }
  }
  return {k_nan, 1};
}

}  // namespace

LogValue log_hyp2f1(double a, double b, double c, double z) noexcept {
  if (!(z < 1.0) || !std::isfinite(a) || !std::isfinite(b) || !std::isfinite(c) || !std::isfinite(z)) {
    return {k_nan, 1};
  }
  if (c <= 0.0 && c == std::floor(c)) {
    return {k_nan, 1};
  }
  if (a == 0.0 || b == 0.0) {
    return {0.0, 1};
  }
  if (z >= 0.0) {
    return series(a, b, c, z);
  }
  // Pfaff: 2F1(a,b;c;z) = (1-z)^-a 2F1(a, c-b; c; z/(z-1)), with z/(z-1) in (0, 1).
  const double w = z / (z - 1.0);
  LogValue inner = series(a, c - b, c, w);
  inner.log_abs -= a * std::log1p(-z);
  return inner;
}

double hyp2f1(double a, double b, double c, double z) noexcept {
  const LogValue v = log_hyp2f1(a, b, c, z);
  return v.sign * std::exp(v.log_abs);
}

Hyp2f1Shifted hyp2f1_c_is_a_plus_1(double a, double b, double z) noexcept {
  // F = sum_n a/(a+n) (b)_n/n! z^n. With u_n = (b)_n/n! z^n (u_0 = 1):
  //   dF/da = sum_n u_n n/(a+n)^2,  dF/db = sum_n a/(a+n) u_n sum_{k<n} 1/(b+k),
  //   dF/dz = sum_n a/(a+n) u_n n / z.
  double u = 1.0;
  double harmonic = 0.0;  // sum_{k<n} 1/(b+k)
  double sum = 1.0;
  double sum_a = 0.0;
  double sum_b = 0.0;
  double sum_z = 0.0;  // sum of n * term, divided by z at the end
  double log_scale = 0.0;
  for (int n = 1; n < k_max_terms; ++n) {
    const double dn = n;
    harmonic += 1.0 / (b + dn - 1.0);
    u *= (b + dn - 1.0) / dn * z;
    const double weight = a / (a + dn);
    const double term = weight * u;
    sum += term;
    sum_a += u * dn / ((a + dn) * (a + dn));
    sum_b += term * harmonic;
    sum_z += term * dn;
    if (sum > k_rescale_above) {
      sum *= k_rescale_factor;
      u *= k_rescale_factor;
      sum_a *= k_rescale_factor;
      sum_b *= k_rescale_factor;
      sum_z *= k_rescale_factor;
      log_scale += k_log_rescale;
    }
    // Once (b+n)/(n+1) z < 1 the terms decrease geometrically; the tail of the n-weighted sum
    // is bounded by a constant times term * n, so test that.
    const double ratio = (b + dn) / (dn + 1.0) * z;
    if (term == 0.0 || (ratio < 1.0 && term * (dn + 1.0) / (1.0 - ratio) <= 1e-17 * sum)) {
      Hyp2f1Shifted result;
      result.log_value = std::log(sum) + log_scale;
      result.value = log_scale == 0.0 ? sum : std::numeric_limits<double>::infinity();
      result.d_a = sum_a / sum;
      result.d_b = sum_b / sum;
      result.d_z = z > 0.0 ? sum_z / (z * sum) : a * b / (a + 1.0);
      return result;
    }
  }
  return {k_nan, k_nan, k_nan, k_nan, k_nan};
}

}  // namespace clv::models
