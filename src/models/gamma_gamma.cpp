#include "clv/models/gamma_gamma.hpp"

#include "kernels.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

namespace clv::models::gamma_gamma {

double log_likelihood(const Parameters& parameters, double frequency, double average_spend) {
  const double theta[3] = {parameters.p, parameters.q, parameters.gamma};
  const detail::PerX c = detail::GammaGammaKernel::per_x(theta, frequency);
  double g[4] = {};
  return c.log_likelihood +
         detail::GammaGammaKernel::row(theta, c, frequency, average_spend, std::log(average_spend), g);
}

std::array<double, 3> gradient(const Parameters& parameters, double frequency, double average_spend) {
  const double theta[3] = {parameters.p, parameters.q, parameters.gamma};
  const detail::PerX c = detail::GammaGammaKernel::per_x(theta, frequency);
  double g[4] = {c.gradient[0], c.gradient[1], c.gradient[2], 0.0};
  (void)detail::GammaGammaKernel::row(theta, c, frequency, average_spend, std::log(average_spend), g);
  return {g[0], g[1], g[2]};
}

double conditional_expected_average_spend(const Parameters& parameters, double frequency,
                                          double average_spend) {
  // Fader & Hardie note 025: E[Z | p, q, gamma, x, zbar] = (p gamma + p x zbar) / (p x + q - 1),
  // a weighted mean of the population mean p gamma/(q-1) and the customer's zbar.
  const double p = parameters.p, q = parameters.q, gamma = parameters.gamma;
  const double x = frequency;
  if (p * x + q - 1.0 <= 0.0) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  const double spend = (p * gamma + p * x * average_spend) / (p * x + q - 1.0);
  if (std::isfinite(spend) || !std::isfinite(average_spend)) {
    return spend;
  }
  // p x zbar overflowed although the mean is finite (zbar near the largest double): the same
  // weighted mean with the weights taken first.
  const double denominator = p * x + q - 1.0;
  return p * x / denominator * average_spend + p * gamma / denominator;
}

std::optional<std::string> infinite_mean_problem(const Parameters& parameters) {
  if (parameters.q > 1.0) {
    return std::nullopt;
  }
  // Fader & Hardie (2013): the mean of the Gamma(q, gamma)-mixed spend is p gamma / (q - 1).
  return fmt::format("q = {:.4g} is at most 1: the spend amounts are so heavy-tailed (a few "
                     "customers spend vastly more than the rest) that the Gamma-Gamma model's average "
                     "spend is infinite, so it cannot forecast anyone's spend; leave out or cap the "
                     "extreme amounts, or value customers by their own average (no --spend-model)",
                     parameters.q);
}

}  // namespace clv::models::gamma_gamma
