#include "clv/models/pareto_nbd.hpp"

#include "clv/models/hypergeometric.hpp"
#include "kernels.hpp"

#include <boost/math/quadrature/tanh_sinh.hpp>

#include <cmath>

namespace clv::models::pareto_nbd {
namespace {

// (1 - exp(-k L)) / k, with its limit L as k -> 0 (the s = 1 case of the Pareto/NBD formulas).
double one_minus_exp_over(double k, double log_ratio) {
  if (std::abs(k * log_ratio) < 1e-10) {
    return log_ratio * (1.0 - 0.5 * k * log_ratio);
  }
  return -std::expm1(-k * log_ratio) / k;
}

// log of the odds "died in (t_x, T]" : "alive at T", as an integral over the death time tau:
//   s/(r+s+x) A0 (alpha+T)^(r+x) (beta+T)^s
//     = int_{t_x}^{T} s/(beta+tau) ((beta+T)/(beta+tau))^s ((alpha+T)/(alpha+tau))^(r+x) dtau,
// integrated with its largest value (at tau = t_x) taken out, so nothing overflows. Used when the
// 2F1 of the closed form gives up (alpha < beta and a frequency in the millions).
double log_odds_by_quadrature(double r, double alpha, double s, double beta, double x, double recency, double age) {
  const auto exponent = [=](double tau) {
    return std::log(s) - std::log(beta + tau) + s * std::log((beta + age) / (beta + tau)) +
           (r + x) * std::log((alpha + age) / (alpha + tau));
  };
  const double peak = exponent(recency);
  boost::math::quadrature::tanh_sinh<double> quadrature(15);
  const double integral =
      quadrature.integrate([&](double tau) { return std::exp(exponent(tau) - peak); }, recency, age, 1e-10);
  return peak + std::log(integral);
}

}  // namespace

double log_likelihood(const Parameters& parameters, double frequency, double recency, double age) {
  const double theta[4] = {parameters.r, parameters.alpha, parameters.s, parameters.beta};
  return detail::single_log_likelihood<detail::ParetoKernel>(theta, frequency, recency, age);
}

std::array<double, 4> gradient(const Parameters& parameters, double frequency, double recency, double age) {
  const double theta[4] = {parameters.r, parameters.alpha, parameters.s, parameters.beta};
  return detail::single_gradient<detail::ParetoKernel>(theta, frequency, recency, age);
}

double expected_transactions_new(const Parameters& parameters, double t) {
  // SMC (1987): E[X(t)] = r beta / (alpha (s-1)) [1 - (beta/(beta+t))^(s-1)].
  const double r = parameters.r, alpha = parameters.alpha, s = parameters.s, beta = parameters.beta;
  if (t <= 0.0) {
    return 0.0;
  }
  return r * beta / alpha * one_minus_exp_over(s - 1.0, std::log1p(t / beta));
}

double probability_alive(const Parameters& parameters, double frequency, double recency, double age) {
  // Fader & Hardie (2005 note): P(alive) = 1 / (1 + s/(r+s+x) (alpha+T)^(r+x) (beta+T)^s A0),
  // i.e. the share of the "still alive" term in the likelihood.
  const double r = parameters.r, alpha = parameters.alpha, s = parameters.s, beta = parameters.beta;
  const double x = frequency;
  if (!(recency < age)) {
    return 1.0;
  }
  const double m = r + s + x;
  const bool alpha_base = alpha >= beta;
  const double rho = alpha_base ? alpha : beta;
  const double delta = alpha_base ? alpha - beta : beta - alpha;
  const double b1 = alpha_base ? s + 1.0 : r + x;
  const double u_recency =
      -m * std::log(rho + recency) + hyp2f1_c_is_a_plus_1(m, b1, delta / (rho + recency)).log_value;
  const double u_age = -m * std::log(rho + age) + hyp2f1_c_is_a_plus_1(m, b1, delta / (rho + age)).log_value;
  const double q = std::exp(u_age - u_recency);
  if (std::isnan(q)) {
    return 1.0 / (1.0 + std::exp(log_odds_by_quadrature(r, alpha, s, beta, x, recency, age)));
  }
  if (!(q < 1.0)) {
    return 1.0;  // t_x so close to T that the "died" term rounds to 0
  }
  const double log_a0 = u_recency + std::log1p(-q);
  const double log_odds = std::log(s / m) + (r + x) * std::log(alpha + age) + s * std::log(beta + age) + log_a0;
  return 1.0 / (1.0 + std::exp(log_odds));
}

double conditional_expected_transactions(const Parameters& parameters, double frequency, double recency,
                                         double age, double horizon) {
  // SMC (1987); Fader & Hardie (2005 note):
  //   E[Y(t) | x, t_x, T] = (r+x)(beta+T) / ((alpha+T)(s-1)) [1 - ((beta+T)/(beta+T+t))^(s-1)] P(alive).
  if (horizon <= 0.0) {
    return 0.0;
  }
  return expected_transactions_if_alive(parameters, frequency, age, horizon) *
         probability_alive(parameters, frequency, recency, age);
}

double expected_transactions_if_alive(const Parameters& parameters, double frequency, double age, double horizon) {
  // The factor before P(alive) above.
  const double r = parameters.r, alpha = parameters.alpha, s = parameters.s, beta = parameters.beta;
  if (horizon <= 0.0) {
    return 0.0;
  }
  return (r + frequency) * (beta + age) / (alpha + age) *
         one_minus_exp_over(s - 1.0, std::log1p(horizon / (beta + age)));
}

}  // namespace clv::models::pareto_nbd
