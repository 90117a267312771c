#pragma once
// The Gaussian hypergeometric function 2F1(a, b; c; z) for real arguments, as the purchase
// models need it: E[X(t)] and conditional expectations of BG/NBD and MBG/NBD, and the
// Pareto/NBD likelihood. Values can overflow a double (large frequencies, z near 1), so the
// result is returned as log|value| and a sign.

#include <span>
#include <vector>

namespace clv::models {

struct LogValue {
  double log_abs = 0.0;  // log|value|; -inf for a zero value
  int sign = 1;          // +1 or -1
};

// 2F1(a, b; c; z) for z < 1 (c not a non-positive integer). For 0 <= z < 1 the power series
// is summed directly with rescaling; for z < 0 the Pfaff transformation
// 2F1(a,b;c;z) = (1-z)^-a 2F1(a, c-b; c; z/(z-1)) maps z into [0, 1) first. Returns NaN for
// z >= 1 or when the series does not converge within its iteration limit.
[[nodiscard]] LogValue log_hyp2f1(double a, double b, double c, double z) noexcept;

// log_hyp2f1(a, b, c, z_k) along z_k = t_k / (scale + t_k) for times 0 <= t_1 <= t_2 <= ...
// (scale > 0), as a forecast discounted period by period needs it. The series needs about
// 40 / (1 - z) terms, so evaluating it at every period end would cost the square of the
// horizon; instead, where 1 - z_k < 0.05, each value is carried from the previous one along the
// hypergeometric differential equation z(1-z)F'' + (c - (a+b+1)z)F' - abF = 0 by a Taylor series
// in the step (converging fast: a step is a small share of the distance 1 - z to the singular
// point), which costs a few dozen terms. Where 1 - z_k >= 0.05 the values are log_hyp2f1's, bit
// for bit. Linear in the number of points.
[[nodiscard]] std::vector<LogValue> log_hyp2f1_path(double a, double b, double c, double scale,
                                                    std::span<const double> times);

// sign * exp(log_abs) of log_hyp2f1 (may overflow to inf).
[[nodiscard]] double hyp2f1(double a, double b, double c, double z) noexcept;

// The special case F(a, b; a+1; z) of the Pareto/NBD likelihood (a, b > 0, 0 <= z < 1), with
// its partial derivatives relative to the value: (dF/da)/F, (dF/db)/F, (dF/dz)/F. The terms are
// a/(a+n) (b)_n / n! z^n, all positive, so the sum has no cancellation.
struct Hyp2f1Shifted {
  double log_value = 0.0;
  double value = 1.0;  // exp(log_value), or inf when that overflows
  double d_a = 0.0;
  double d_b = 0.0;
  double d_z = 0.0;
};
[[nodiscard]] Hyp2f1Shifted hyp2f1_c_is_a_plus_1(double a, double b, double z) noexcept;

}  // namespace clv::models
