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
// Largest sum |terms| / |sum| accepted from a transformed series: at most one bit lost.
constexpr double k_max_cancellation = 2.0;

// Direct power series for 0 <= z < 1, summed with the running total rescaled whenever it grows
// past 1e200 so that values beyond the double range keep their logarithm. `cancellation`, when
// given, receives sum |terms| / |sum| (1 when no terms cancel).
LogValue series(double a, double b, double c, double z, double* cancellation = nullptr) noexcept {
  if (z == 0.0) {
    return {0.0, 1};
  }
  double term = 1.0;
  double sum = 1.0;
  double magnitude_sum = 1.0;  // sum of |terms|, on the same scale as sum
  double log_scale = 0.0;
  // ratio = term(n+1) / term(n) = (a+n)(b+n) / ((c+n)(n+1)) z, computed once per term: it both
  // advances the series and bounds its tail.
  double ratio = a * b / c * z;
  for (int n = 0; n < k_max_terms; ++n) {
    const double dn = n;
    term *= ratio;
    sum += term;
    magnitude_sum += std::abs(term);
    if (magnitude_sum > k_rescale_above) {
      sum *= k_rescale_factor;
      term *= k_rescale_factor;
      magnitude_sum *= k_rescale_factor;
      log_scale += k_log_rescale;
    }
    ratio = (a + dn + 1.0) * (b + dn + 1.0) / ((c + dn + 1.0) * (dn + 2.0)) * z;
    // Stop once the terms are negligible and shrinking: the ratio tends to z < 1, monotonically
    // once n exceeds |a|, |b| and |c|, so with r = max(|ratio|, |z|) the tail is below
    // term * r / (1 - r).
    const double magnitude = std::max(std::abs(ratio), std::abs(z));
    if (term == 0.0 || (magnitude < 1.0 && std::abs(term) * magnitude <= 1e-17 * std::abs(sum) * (1.0 - magnitude))) {
      if (cancellation != nullptr) {
        *cancellation = magnitude_sum / std::abs(sum);
      }
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
    // Euler: 2F1(a,b;c;z) = (1-z)^(c-a-b) 2F1(c-a, c-b; c; z). When a + b - c > 1 the direct
    // terms grow like n^(a+b-c-1) z^n before they fall, while the transformed ones fall from the
    // start: for BG/NBD's conditional expectations (a + b - c = r + x + 1 - a) it takes under
    // half the terms. Kept only when its terms hardly cancel, so it is as accurate.
    if (a + b - c > 1.0 && z > 0.0) {
      double cancellation = 0.0;
      LogValue transformed = series(c - a, c - b, c, z, &cancellation);
      if (std::isfinite(transformed.log_abs) && cancellation <= k_max_cancellation) {
        transformed.log_abs += (c - a - b) * std::log1p(-z);
        return transformed;
      }
    }
    return series(a, b, c, z);
  }
  // Pfaff: 2F1(a,b;c;z) = (1-z)^-a 2F1(a, c-b; c; z/(z-1)), with z/(z-1) in (0, 1).
  const double w = z / (z - 1.0);
  LogValue inner = series(a, c - b, c, w);
  inner.log_abs -= a * std::log1p(-z);
  return inner;
}

namespace {

constexpr double k_path_series_above = 0.05;  // 1 - z from which the path steps instead
constexpr int k_max_step_terms = 2000;

// F and F' at z (F' = ab/c 2F1(a+1, b+1; c+1; z)), scaled by 1/|F|: the start of a stretch of
// steps. False when either is not a finite number.
struct PathState {
  double log_scale = 0.0;  // log|F|
  double value = 1.0;      // F / |F|: +1 or -1
  double slope = 0.0;      // F' / |F|
};

bool anchor(double a, double b, double c, double z, const LogValue& value, PathState& state) {
  const LogValue shifted = log_hyp2f1(a + 1.0, b + 1.0, c + 1.0, z);
  state.log_scale = value.log_abs;
  state.value = value.sign;
  state.slope = a * b / c * shifted.sign * std::exp(shifted.log_abs - value.log_abs);
  return std::isfinite(value.log_abs) && std::isfinite(state.slope);
}

// The Taylor series of F about z0 (1 - z0 = w0) evaluated at z0 + h, with its derivative: the
// coefficients e_n = F^(n)(z0) h^n / n! follow from the differential equation,
//   e_{n+2} = (h^2 (n+a)(n+b) e_n - h ((1-2 z0) n + c - (a+b+1) z0)(n+1) e_{n+1}) / (z0 w0 (n+2)(n+1)).
// False when the series does not settle.
bool step(double a, double b, double c, double z0, double w0, double h, PathState& state) {
  double previous = state.value;     // e_n
  double current = state.slope * h;  // e_{n+1}
  double sum = previous + current;
  double slope = state.slope;
  const double p0 = z0 * w0;
  const double p1 = w0 - z0;
  const double q0 = c - (a + b + 1.0) * z0;
  int small = 0;
  for (int n = 0; n < k_max_step_terms; ++n) {
    const double dn = n;
    const double next = (h * h * (dn + a) * (dn + b) * previous - h * (p1 * dn + q0) * (dn + 1.0) * current) /
                        (p0 * (dn + 2.0) * (dn + 1.0));
    const double next_slope = (dn + 2.0) * next / h;
    sum += next;
    slope += next_slope;
    previous = current;
    current = next;
    // The recurrence has two terms: stop after two negligible ones in a row.
    small = std::abs(next) <= 1e-17 * std::abs(sum) && std::abs(next_slope) <= 1e-17 * std::abs(slope) ? small + 1 : 0;
    if (small == 2) {
      if (!(std::isfinite(sum) && std::isfinite(slope)) || sum == 0.0) {
        return false;
      }
      state.log_scale += std::log(std::abs(sum));
      state.value = sum < 0.0 ? -1.0 : 1.0;
      state.slope = slope / std::abs(sum);
      return true;
    }
  }
  return false;
}

}  // namespace

std::vector<LogValue> log_hyp2f1_path(double a, double b, double c, double scale, std::span<const double> times) {
  std::vector<LogValue> out(times.size());
  PathState state;
  bool stepping = false;
  double previous_time = 0.0;
  for (std::size_t k = 0; k < times.size(); ++k) {
    const double t = times[k];
    const double z = t / (scale + t);
    const double w = scale / (scale + t);  // 1 - z without the rounding of 1 - z near 1
    if (stepping) {
      const double z0 = previous_time / (scale + previous_time);
      const double w0 = scale / (scale + previous_time);
      // z - z0 without cancellation; at most half the distance to the singular point z = 1
      // (else the series converges slowly: start afresh from the power series).
      const double h = scale * (t - previous_time) / ((scale + previous_time) * (scale + t));
      if (h <= 0.5 * w0 && step(a, b, c, z0, w0, h, state)) {
        out[k] = {state.log_scale, state.value < 0.0 ? -1 : 1};
        previous_time = t;
        continue;
      }
      stepping = false;
    }
    out[k] = log_hyp2f1(a, b, c, z);
    if (w < k_path_series_above && anchor(a, b, c, z, out[k], state)) {
      stepping = true;
      previous_time = t;
    }
  }
  return out;
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
