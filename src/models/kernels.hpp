#pragma once
// Per-customer log-likelihood kernels of the models, shared by the public per-model functions
// and the fitter. Each kernel splits log L(x, t_x, T) into a part that depends on the
// parameters and x only (`per_x`, computed once per distinct frequency: the lgamma and digamma
// terms) and a part per row (`row`). Gradients are with respect to the natural parameters.

#include "clv/models/hypergeometric.hpp"

#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/special_functions/digamma.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace clv::models::detail {

inline double digamma(double v) { return boost::math::digamma(v); }

// E[(1-p)^extra / p * (1 - (1 + p k)^-m)] for p ~ Beta(shape_a, shape_b), by tanh-sinh quadrature
// over p. It is what the closed forms of BG/NBD eq. (10) and (7) and their MBG/NBD versions
// compute through 2F1 (E[Y(t) | lambda, p] = (1/p)(1 - e^(-lambda p t)), lambda ~ Gamma(m, .),
// k = t / (alpha + T)); the 2F1 series needs millions of terms when t is many times
// alpha + T, and its parameters grow with the frequency, so the models fall back to this when
// the series gives up. The integrand is bounded (by m k) and the density is taken in log space,
// so it stays finite for a horizon of 10^6 or a frequency of 10^7.
inline double beta_mean_transactions(double shape_a, double shape_b, double m, double k, int extra) {
  const double log_norm = std::lgamma(shape_a) + std::lgamma(shape_b) - std::lgamma(shape_a + shape_b);
  // With a shape well below 1 much of the mass lies closer to an end point than a double resolves
  // (for shape_b = 0.0065, 79% within 1e-16 of p = 1 and 1% within 1e-307: the integral came out
  // 75% low). So the integrand's straight line between its end values, h(0) = m k and
  // h(1) = 0 or 1 - (1+k)^-m, is integrated exactly, and the quadrature takes only the
  // difference, which vanishes at both ends. 1 - p from the distance to the nearer end point
  // that Boost passes (positive near 1).
  const double at_zero = m * k;
  const double at_one = extra > 0 ? 0.0 : -std::expm1(-m * std::log1p(k));
  const auto integrand = [=](double p, double distance) {
    const double q = distance > 0.0 ? distance : 1.0 - p;  // 1 - p
    if (!(p > 0.0) || !(q > 0.0)) {
      return 0.0;  // the end points carry no mass
    }
    const double log_density = (shape_a - 1.0) * std::log(p) + (shape_b - 1.0) * std::log(q) - log_norm;
    const double value = std::pow(q, extra) * -std::expm1(-m * std::log1p(p * k)) / p;
    return std::exp(log_density) * (value - at_zero * q - at_one * p);
  };
  boost::math::quadrature::tanh_sinh<double> quadrature(15);
  const double line = (at_zero * shape_b + at_one * shape_a) / (shape_a + shape_b);
  return line + quadrature.integrate(integrand, 0.0, 1.0, 1e-10);
}

// BG/NBD eqs. (7) and (10) and their MBG/NBD versions are factor/(a-1) [1 - (1-z)^m 2F1(m, B; c; z)]
// with c = a+B-1. Here the bracket divided by (a-1), without forming 1 - (nearly 1): by
// Euler's transformation (1-z)^m 2F1(m, B; c; z) = (1-z)^(a-1) 2F1(c-m, a-1; c; z), so, with
// (a-1)_n = (a-1) (a)_(n-1),
//   [1 - (1-z)^m 2F1] / (a-1) = -expm1((a-1) L)/(a-1) - (1-z)^(a-1) sum_{n>=1} (c-m)_n (a)_(n-1) / ((c)_n n!) z^n,
// L = log(1-z). Taking 1 - exp(log of the rest) loses every digit by which the bracket is below
// 1: a horizon short next to alpha + T (1.5e-6 relative at t/(alpha+T) = 1e-7) or a near 1 (30%
// at a = 1 - 1e-8). Here neither part is singular at a = 1 and both are of the order of z for small
// z; the two parts cancel only when c-m is large next to m. `cancellation` is
// (|first part| + |second part|) / |value|, the factor by which rounding errors grow; NaN value
// when the series does not settle within `max_terms` terms or overflows.
struct Cancelled {
  double value = std::numeric_limits<double>::quiet_NaN();
  double cancellation = std::numeric_limits<double>::infinity();
};
inline Cancelled bracket_over_a_minus_1(double a, double c, double m, double scale, double t, int max_terms) {
  const double z = t / (scale + t);
  const double log_w = -std::log1p(t / scale);  // log(1-z), exact for t small next to scale
  const double exponent = (a - 1.0) * log_w;
  const double first = a == 1.0 ? -log_w : -std::expm1(exponent) / (a - 1.0);
  const double w = std::exp(exponent);
  const double d = c - m;
  double term = d / c * z;  // n = 1
  double sum = term;
  double magnitude = std::abs(term);
  for (int n = 1; n < max_terms && std::isfinite(magnitude); ++n) {
    const double dn = n;
    const double ratio = (d + dn) * (a + dn - 1.0) / ((c + dn) * (dn + 1.0)) * z;
    const double bound = std::max(std::abs(ratio), z);  // the tail bound of log_hyp2f1's series
    if (term == 0.0 || (bound < 1.0 && std::abs(term) * bound <= 1e-17 * std::abs(sum) * (1.0 - bound))) {
      const double value = first - w * sum;
      return {value, (std::abs(first) + w * magnitude) / std::abs(value)};
    }
    term *= ratio;
    sum += term;
    magnitude += std::abs(term);
  }
  return {};
}

// factor/(a-1) [1 - (scale/(scale+t))^m 2F1(m, c-a+1; c; z)] by whichever of the two routes above
// loses fewer digits: the sum above, or 1 - exp(log of the rest) with the 2F1 from log_f()
// (log_hyp2f1, or a path's value), which the sum makes unnecessary in most cases. NaN when
// neither gives a number to about 1e-11 (the caller then integrates over p).
template <class LogF>
double bracket_by_better_route(double a, double c, double m, double scale, double t, double factor, int max_terms,
                               const LogF& log_f) {
  const Cancelled direct = bracket_over_a_minus_1(a, c, m, scale, t, max_terms);
  if (direct.cancellation <= 64.0) {  // at most 6 bits lost: good enough to skip the 2F1
    return factor * direct.value;
  }
  const LogValue h = log_f();
  const double log_term = h.log_abs + m * std::log(scale / (scale + t));
  const double scaled = std::exp(log_term);
  const double one_minus = h.sign > 0 ? -std::expm1(log_term) : 1.0 + scaled;
  // 1 - e^u with u known to about an ulp of its two parts.
  const double cancellation =
      (1.0 + (std::abs(h.log_abs) + std::abs(log_term - h.log_abs)) * scaled) / std::abs(one_minus);
  // Both lose more than 1e-11 (a near 1 with a horizon many times alpha + T, where the sum
  // needs more terms than it may take and the bracket is (a-1) times something): NaN, so that the
  // caller integrates over p, to about 1e-10 at worst (1.6% off by the 2F1 at a = 1 - 1e-10).
  if (!(std::min(cancellation, direct.cancellation) <= 1e5)) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (std::isfinite(direct.value) && !(cancellation < direct.cancellation)) {
    return factor * direct.value;
  }
  return factor / (a - 1.0) * one_minus;
}

struct PerX {
  double log_likelihood = 0.0;
  double gradient[4] = {0.0, 0.0, 0.0, 0.0};
  double cache[2] = {0.0, 0.0};  // model-specific constants for `row`
  Hyp2f1Shifted hyp_at_start;    // Pareto/NBD: the 2F1 at t_x = 0, shared by all x = 0 rows
  // Pareto/NBD: coefficients of the 2F1(m, b1; m+1; z) series and of its derivatives, which
  // depend on the parameters and x only, so each row's series is a division-free polynomial.
  static constexpr int k_terms = 48;
  std::array<double, k_terms> value_terms{};
  std::array<double, k_terms> a_terms{};
  std::array<double, k_terms> b_terms{};
};

inline double log_of(const Hyp2f1Shifted& f) { return std::isfinite(f.value) ? std::log(f.value) : f.log_value; }

// F(a, b; a+1; z) and its relative derivatives from the per-x coefficient table; falls back to
// the general series when the table is too short for this z.
inline Hyp2f1Shifted shifted_from_table(const PerX& c, double a, double b, double z) {
  double power = 1.0;
  double sum = 1.0;
  double sum_a = 0.0;
  double sum_b = 0.0;
  double sum_z = 0.0;
  for (int n = 1; n < PerX::k_terms; ++n) {
    power *= z;
    const double term = c.value_terms[static_cast<std::size_t>(n)] * power;
    sum += term;
    sum_a += c.a_terms[static_cast<std::size_t>(n)] * power;
    sum_b += c.b_terms[static_cast<std::size_t>(n)] * power;
    sum_z += term * n;
    // Tail bound as in hyp2f1_c_is_a_plus_1, without divisions.
    const double next = n + 1.0;
    const double slack = next - (b + n) * z;
    if (term == 0.0 || (slack > 0.0 && term * next * next <= 1e-16 * sum * slack)) {
      Hyp2f1Shifted result;
      result.log_value = std::numeric_limits<double>::quiet_NaN();  // not needed: see log_of
      result.value = sum;
      result.d_a = sum_a / sum;
      result.d_b = sum_b / sum;
      result.d_z = z > 0.0 ? sum_z / (z * sum) : a * b / (a + 1.0);
      return result;
    }
  }
  return hyp2f1_c_is_a_plus_1(a, b, z);
}

// log(e^u + e^v) and the weight e^u / (e^u + e^v) of the first term. log(1 + e) rather than
// log1p: e is in [0, 1], the absolute error is what matters, and log1p is much slower.
struct LogSumExp {
  double value;
  double first_share;
};
inline LogSumExp log_sum_exp(double u, double v) {
  if (u >= v) {
    const double e = std::exp(v - u);
    return {u + std::log(1.0 + e), 1.0 / (1.0 + e)};
  }
  const double e = std::exp(u - v);
  return {v + std::log1p(e), e / (1.0 + e)};
}

// BG/NBD, Fader, Hardie & Lee (2005) eq. (6), written as
//   log L = lgamma(r+x) - lgamma(r) + r log(alpha) + lgamma(a+b) - lgamma(a+b+x)
//           + lgamma(b+x-1) - lgamma(b)
//           + log[(b+x-1) (alpha+T)^-(r+x) + a (alpha+t_x)^-(r+x)]        for x > 0,
//   log L = r log(alpha) - r log(alpha+T)                                    for x = 0,
// using B(a,b+x)/B(a,b) and B(a+1,b+x-1)/B(a,b) expanded into gamma functions.
struct BgKernel {
  static constexpr int k_parameters = 4;
  static PerX per_x(const double* theta, double x) {
    const double r = theta[0], alpha = theta[1], a = theta[2], b = theta[3];
    PerX c;
    if (x == 0.0) {
      c.log_likelihood = r * std::log(alpha);
      c.gradient[0] = std::log(alpha);
      c.gradient[1] = r / alpha;
      return c;
    }
    c.log_likelihood = std::lgamma(r + x) - std::lgamma(r) + r * std::log(alpha) + std::lgamma(a + b) -
                       std::lgamma(a + b + x) + std::lgamma(b + x - 1.0) - std::lgamma(b);
    const double psi_ab = digamma(a + b) - digamma(a + b + x);
    c.gradient[0] = digamma(r + x) - digamma(r) + std::log(alpha);
    c.gradient[1] = r / alpha;
    c.gradient[2] = psi_ab;
    c.gradient[3] = psi_ab + digamma(b + x - 1.0) - digamma(b);
    c.cache[0] = std::log(b + x - 1.0);
    c.cache[1] = std::log(a);
    return c;
  }
  static double row(const double* theta, const PerX& c, double x, double t_x, double T, double* g) {
    const double r = theta[0], alpha = theta[1], a = theta[2], b = theta[3];
    const double log_age = std::log(alpha + T);
    if (x == 0.0) {
      g[0] -= log_age;
      g[1] -= r / (alpha + T);
      return -r * log_age;
    }
    const double log_recency = std::log(alpha + t_x);
    const LogSumExp s = log_sum_exp(c.cache[0] - (r + x) * log_age, c.cache[1] - (r + x) * log_recency);
    const double p1 = s.first_share;
    const double p2 = 1.0 - p1;
    g[0] -= p1 * log_age + p2 * log_recency;
    g[1] -= (r + x) * (p1 / (alpha + T) + p2 / (alpha + t_x));
    g[2] += p2 / a;
    g[3] += p1 / (b + x - 1.0);
    return s.value;
  }
};

// MBG/NBD, Batislam, Denizel & Filiztekin (2007), likelihood (a customer may also drop out right
// after the first purchase):
//   L = B(a,b+x+1)/B(a,b) G (alpha+T)^-(r+x) + B(a+1,b+x)/B(a,b) G (alpha+t_x)^-(r+x),
//   G = Gamma(r+x) alpha^r / Gamma(r), for every x including 0.
struct MbgKernel {
  static constexpr int k_parameters = 4;
  static PerX per_x(const double* theta, double x) {
    const double r = theta[0], alpha = theta[1], a = theta[2], b = theta[3];
    PerX c;
    c.log_likelihood = std::lgamma(r + x) - std::lgamma(r) + r * std::log(alpha) + std::lgamma(b + x) -
                       std::lgamma(b) + std::lgamma(a + b) - std::lgamma(a + b + x + 1.0);
    const double psi_ab = digamma(a + b) - digamma(a + b + x + 1.0);
    c.gradient[0] = digamma(r + x) - digamma(r) + std::log(alpha);
    c.gradient[1] = r / alpha;
    c.gradient[2] = psi_ab;
    c.gradient[3] = psi_ab + digamma(b + x) - digamma(b);
    c.cache[0] = std::log(b + x);
    c.cache[1] = std::log(a);
    return c;
  }
  static double row(const double* theta, const PerX& c, double x, double t_x, double T, double* g) {
    const double r = theta[0], alpha = theta[1], a = theta[2], b = theta[3];
    const double log_age = std::log(alpha + T);
    const double log_recency = std::log(alpha + t_x);
    const LogSumExp s = log_sum_exp(c.cache[0] - (r + x) * log_age, c.cache[1] - (r + x) * log_recency);
    const double p1 = s.first_share;
    const double p2 = 1.0 - p1;
    g[0] -= p1 * log_age + p2 * log_recency;
    g[1] -= (r + x) * (p1 / (alpha + T) + p2 / (alpha + t_x));
    g[2] += p2 / a;
    g[3] += p1 / (b + x);
    return s.value;
  }
};

// Pareto/NBD, Fader & Hardie (2005) "A note on deriving the Pareto/NBD model and related expressions", likelihood:
//   L = Gamma(r+x) alpha^r beta^s / Gamma(r)
//       * [ (alpha+T)^-(r+x) (beta+T)^-s + s/(r+s+x) A0 ],
//   A0 = F(t_x) - F(T), F(y) = 2F1(r+s+x, b1; r+s+x+1; delta/(rho+y)) / (rho+y)^(r+s+x),
// with rho = alpha, delta = alpha-beta, b1 = s+1 when alpha >= beta and rho = beta,
// delta = beta-alpha, b1 = r+x otherwise; both keep the argument in [0, 1).
struct ParetoKernel {
  static constexpr int k_parameters = 4;
  static PerX per_x(const double* theta, double x) {
    const double r = theta[0], alpha = theta[1], s = theta[2], beta = theta[3];
    PerX c;
    c.log_likelihood = std::lgamma(r + x) - std::lgamma(r) + r * std::log(alpha) + s * std::log(beta);
    c.gradient[0] = digamma(r + x) - digamma(r) + std::log(alpha);
    c.gradient[1] = r / alpha;
    c.gradient[2] = std::log(beta);
    c.gradient[3] = s / beta;
    c.cache[0] = std::log(s / (r + s + x));
    const bool alpha_base = alpha >= beta;
    const double m = r + s + x;
    const double b1 = alpha_base ? s + 1.0 : r + x;
    // Terms a/(a+n) u_n, u_n n/(a+n)^2 and a/(a+n) u_n H_n with u_n = (b1)_n/n!,
    // H_n = sum_{k<n} 1/(b1+k) (see hyp2f1_c_is_a_plus_1).
    double u = 1.0;
    double harmonic = 0.0;
    c.value_terms[0] = 1.0;
    for (std::size_t n = 1; n < PerX::k_terms; ++n) {
      const double dn = static_cast<double>(n);
      harmonic += 1.0 / (b1 + dn - 1.0);
      u *= (b1 + dn - 1.0) / dn;
      c.value_terms[n] = m / (m + dn) * u;
      c.a_terms[n] = u * dn / ((m + dn) * (m + dn));
      c.b_terms[n] = c.value_terms[n] * harmonic;
    }
    if (x == 0.0) {
      const double rho = alpha_base ? alpha : beta;
      const double delta = alpha_base ? alpha - beta : beta - alpha;
      c.hyp_at_start = shifted_from_table(c, m, b1, delta / rho);
      c.cache[1] = std::log(rho);
    }
    return c;
  }
  static double row(const double* theta, const PerX& c, double x, double t_x, double T, double* g) {
    const double r = theta[0], alpha = theta[1], s = theta[2], beta = theta[3];
    const double log_alpha_age = std::log(alpha + T);
    const double log_beta_age = std::log(beta + T);
    const double alive = -(r + x) * log_alpha_age - s * log_beta_age;  // log of the first term
    double g_alive[4] = {-log_alpha_age, -(r + x) / (alpha + T), -log_beta_age, -s / (beta + T)};
    if (!(t_x < T)) {
      for (int i = 0; i < 4; ++i) {
        g[i] += g_alive[i];
      }
      return alive;
    }
    const double m = r + s + x;
    const bool alpha_base = alpha >= beta;
    const double rho = alpha_base ? alpha : beta;
    const double delta = alpha_base ? alpha - beta : beta - alpha;
    const double b1 = alpha_base ? s + 1.0 : r + x;
    const double log_rho_recency = x == 0.0 ? c.cache[1] : std::log(rho + t_x);
    const double log_rho_age = alpha_base ? log_alpha_age : log_beta_age;
    const Hyp2f1Shifted f_recency =
        x == 0.0 ? c.hyp_at_start : shifted_from_table(c, m, b1, delta / (rho + t_x));
    const Hyp2f1Shifted f_age = shifted_from_table(c, m, b1, delta / (rho + T));
    // q = F(T) (rho+T)^-m / (F(t_x) (rho+t_x)^-m) and log A0 = log F(t_x) - m log(rho+t_x) + log(1-q),
    // with as few logarithms as possible when the 2F1 values are representable.
    const bool direct = std::isfinite(f_recency.value) && std::isfinite(f_age.value);
    const double q = direct ? std::exp(-m * (log_rho_age - log_rho_recency)) * f_age.value / f_recency.value
                            : std::exp(-m * (log_rho_age - log_rho_recency) + log_of(f_age) - log_of(f_recency));
    if (!(q < 1.0)) {  // t_x so close to T that A0 rounds to 0
      for (int i = 0; i < 4; ++i) {
        g[i] += g_alive[i];
      }
      return alive;
    }
    // log of the "died" term minus log of the "alive" term; exponentiated directly when that is
    // safe, which saves two logarithms per row.
    const double died_front = c.cache[0] - m * log_rho_recency;
    // d log A0 / d(m, b1, rho, delta) = (g_recency - q g_age) / (1 - q).
    auto partials = [&](const Hyp2f1Shifted& f, double log_rho_y, double rho_y, double* out) {
      out[0] = -log_rho_y + f.d_a;
      out[1] = f.d_b;
      out[2] = -m / rho_y - f.d_z * delta / (rho_y * rho_y);
      out[3] = f.d_z / rho_y;
    };
    double pr[4];
    double pa[4];
    partials(f_recency, log_rho_recency, rho + t_x, pr);
    partials(f_age, log_rho_age, rho + T, pa);
    double d[4];
    for (int i = 0; i < 4; ++i) {
      d[i] = (pr[i] - q * pa[i]) / (1.0 - q);
    }
    const double d_m = d[0] - 1.0 / m;  // includes the log(s/m) factor
    double g_died[4];
    if (alpha_base) {
      g_died[0] = d_m;
      g_died[1] = d[2] + d[3];
      g_died[2] = d_m + d[1] + 1.0 / s;
      g_died[3] = -d[3];
    } else {
      g_died[0] = d_m + d[1];
      g_died[1] = -d[3];
      g_died[2] = d_m + 1.0 / s;
      g_died[3] = d[2] + d[3];
    }
    double p1 = 0.0;
    double total = 0.0;
    const double ratio = direct ? std::exp(died_front - alive) * f_recency.value * (1.0 - q) : 0.0;
    if (direct && ratio < 1e300) {
      p1 = 1.0 / (1.0 + ratio);
      total = alive + std::log(1.0 + ratio);
    } else {
      const double died = died_front + log_of(f_recency) + std::log(1.0 - q);
      const LogSumExp sum = log_sum_exp(alive, died);
      p1 = sum.first_share;
      total = sum.value;
    }
    for (int i = 0; i < 4; ++i) {
      g[i] += p1 * g_alive[i] + (1.0 - p1) * g_died[i];
    }
    return total;
  }
};

// Gamma-Gamma, Fader, Hardie & Lee (2005) "RFM and CLV" and Fader & Hardie note 025:
// density of the mean z of x purchases,
//   f(z | x) = Gamma(px+q) / (Gamma(px) Gamma(q)) gamma^q z^(px-1) x^(px) / (gamma + x z)^(px+q).
// Rows carry (x, z, log z) in the (x, t_x, T) slots.
struct GammaGammaKernel {
  static constexpr int k_parameters = 3;
  static PerX per_x(const double* theta, double x) {
    const double p = theta[0], q = theta[1], gamma = theta[2];
    PerX c;
    const double px = p * x;
    const double psi_pxq = digamma(px + q);
    c.log_likelihood = std::lgamma(px + q) - std::lgamma(px) - std::lgamma(q) + q * std::log(gamma) +
                       px * std::log(x);
    c.gradient[0] = x * (psi_pxq - digamma(px) + std::log(x));
    c.gradient[1] = psi_pxq - digamma(q) + std::log(gamma);
    c.gradient[2] = q / gamma;
    return c;
  }
  static double row(const double* theta, const PerX&, double x, double z, double log_z, double* g) {
    const double p = theta[0], q = theta[1], gamma = theta[2];
    const double px = p * x;
    const double log_total = std::log(gamma + x * z);
    g[0] += x * (log_z - log_total);
    g[1] -= log_total;
    g[2] -= (px + q) / (gamma + x * z);
    return (px - 1.0) * log_z - (px + q) * log_total;
  }
};

// log B(a, b).
inline double log_beta(double a, double b) { return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b); }

// sBG, Fader & Hardie (2007), P(T = t) and S(t) on the log scale, one contract at a time (the
// individual-level likelihood; a cohort table is the same sum with its counts as weights):
//   churned after t periods:  log P(T = t) = log B(alpha+1, beta+t-1) - log B(alpha, beta),
//   still active after t:     log S(t)     = log B(alpha, beta+t)     - log B(alpha, beta).
// Row layout: x = 1 for churned, 0 for active; t_x = tenure; T unused.
struct SbgKernel {
  static constexpr int k_parameters = 2;
  static PerX per_x(const double* theta, double /*x*/) {
    const double alpha = theta[0], beta = theta[1];
    PerX c;
    c.log_likelihood = -log_beta(alpha, beta);
    const double psi_sum = digamma(alpha + beta);
    c.gradient[0] = psi_sum - digamma(alpha);
    c.gradient[1] = psi_sum - digamma(beta);
    return c;
  }
  static double row(const double* theta, const PerX& /*c*/, double x, double tenure, double /*T*/, double* g) {
    const double alpha = theta[0], beta = theta[1];
    const double psi_total = digamma(alpha + beta + tenure);
    if (x > 0.0) {
      g[0] += digamma(alpha + 1.0) - psi_total;
      g[1] += digamma(beta + tenure - 1.0) - psi_total;
      return log_beta(alpha + 1.0, beta + tenure - 1.0);
    }
    g[0] += digamma(alpha) - psi_total;
    g[1] += digamma(beta + tenure) - psi_total;
    return log_beta(alpha, beta + tenure);
  }
};

// BG/BB, Fader, Hardie & Shang (2010), the likelihood of (x, t_x, n):
//   L = B(alpha+x, beta+n-x)/B(alpha,beta) B(gamma, delta+n)/B(gamma,delta)
//     + sum_{i=0}^{n-t_x-1} B(alpha+x, beta+t_x-x+i)/B(alpha,beta) B(gamma+1, delta+t_x+i)/B(gamma,delta),
// summed on the log scale (log-sum-exp) so that long histories do not underflow.
// Row layout: x = frequency, t_x = recency, T = n (periods).
struct BgbbKernel {
  static constexpr int k_parameters = 4;
  static PerX per_x(const double* theta, double /*x*/) {
    const double alpha = theta[0], beta = theta[1], gamma = theta[2], delta = theta[3];
    PerX c;
    c.log_likelihood = -log_beta(alpha, beta) - log_beta(gamma, delta);
    const double psi_ab = digamma(alpha + beta);
    const double psi_gd = digamma(gamma + delta);
    c.gradient[0] = psi_ab - digamma(alpha);
    c.gradient[1] = psi_ab - digamma(beta);
    c.gradient[2] = psi_gd - digamma(gamma);
    c.gradient[3] = psi_gd - digamma(delta);
    return c;
  }
  static double row(const double* theta, const PerX& /*c*/, double x, double t_x, double n, double* g) {
    const double alpha = theta[0], beta = theta[1], gamma = theta[2], delta = theta[3];
    // The first term (alive through n), then the n - t_x terms of customers who left after
    // opportunity t_x + i; each with its log value and its gradient.
    const double psi_ax = digamma(alpha + x);
    const double psi_g = digamma(gamma);
    const double psi_g1 = digamma(gamma + 1.0);
    double total = log_beta(alpha + x, beta + n - x) + log_beta(gamma, delta + n);
    double sum[4];
    {
      const double psi_abn = digamma(alpha + beta + n);
      const double psi_gdn = digamma(gamma + delta + n);
      sum[0] = psi_ax - psi_abn;
      sum[1] = digamma(beta + n - x) - psi_abn;
      sum[2] = psi_g - psi_gdn;
      sum[3] = digamma(delta + n) - psi_gdn;
    }
    const int terms = static_cast<int>(n - t_x);
    for (int i = 0; i < terms; ++i) {
      const double m = t_x + i;
      const double log_term = log_beta(alpha + x, beta + m - x) + log_beta(gamma + 1.0, delta + m);
      const double psi_abm = digamma(alpha + beta + m);
      const double psi_gdm = digamma(gamma + delta + m + 1.0);
      const double d[4] = {psi_ax - psi_abm, digamma(beta + m - x) - psi_abm, psi_g1 - psi_gdm,
                           digamma(delta + m) - psi_gdm};
      // Running log-sum-exp with the gradient as the weighted mean of the terms' gradients.
      const LogSumExp s = log_sum_exp(total, log_term);
      for (int j = 0; j < 4; ++j) {
        sum[j] = s.first_share * sum[j] + (1.0 - s.first_share) * d[j];
      }
      total = s.value;
    }
    for (int j = 0; j < 4; ++j) {
      g[j] += sum[j];
    }
    return total;
  }
};

// One customer's log-likelihood and its gradient from a kernel's per-x and per-row parts: the
// single-customer functions of every purchase model share the fitter's code this way.
template <class Kernel>
double single_log_likelihood(const double* theta, double x, double t_x, double T) {
  const PerX c = Kernel::per_x(theta, x);
  double g[4] = {};
  return c.log_likelihood + Kernel::row(theta, c, x, t_x, T, g);
}

template <class Kernel>
std::array<double, 4> single_gradient(const double* theta, double x, double t_x, double T) {
  const PerX c = Kernel::per_x(theta, x);
  std::array<double, 4> g{c.gradient[0], c.gradient[1], c.gradient[2], c.gradient[3]};
  (void)Kernel::row(theta, c, x, t_x, T, g.data());
  return g;
}

}  // namespace clv::models::detail
