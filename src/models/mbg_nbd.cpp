#include "clv/models/mbg_nbd.hpp"

#include "clv/models/hypergeometric.hpp"
#include "kernels.hpp"

#include <cmath>

namespace clv::models::mbg_nbd {
namespace {

// As in bg_nbd.cpp: the terms of the cancellation-free form before the 2F1 takes over.
constexpr int k_max_terms = 2'000'000;
constexpr int k_max_path_terms = 4'000;

}  // namespace

double log_likelihood(const Parameters& parameters, double frequency, double recency, double age) {
  const double theta[4] = {parameters.r, parameters.alpha, parameters.a, parameters.b};
  return detail::single_log_likelihood<detail::MbgKernel>(theta, frequency, recency, age);
}

std::array<double, 4> gradient(const Parameters& parameters, double frequency, double recency, double age) {
  const double theta[4] = {parameters.r, parameters.alpha, parameters.a, parameters.b};
  return detail::single_gradient<detail::MbgKernel>(theta, frequency, recency, age);
}

double expected_transactions_new(const Parameters& parameters, double t) {
  // Batislam et al. (2007): a customer drops out right after the first purchase with probability
  // p, so E[X(t) | lambda, p] = (1-p)/p (1 - exp(-lambda p t)); integrating over lambda and p
  // (and a Pfaff transformation) gives
  //   E[X(t)] = b/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b+1; a+b; t/(alpha+t))].
  const double r = parameters.r, alpha = parameters.alpha, a = parameters.a, b = parameters.b;
  if (t <= 0.0) {
    return 0.0;
  }
  const double expected = detail::bracket_by_better_route(a, a + b, r, alpha, t, b, k_max_terms, [&] {
    return log_hyp2f1(r, b + 1.0, a + b, t / (alpha + t));
  });
  // E[(1-p)/p (1 - (1 + p t/alpha)^-r)] over p ~ Beta(a, b) when the series gives up.
  return std::isfinite(expected) ? expected : detail::beta_mean_transactions(a, b, r, t / alpha, 1);
}

double probability_alive(const Parameters& parameters, double frequency, double recency, double age) {
  // 1 / (1 + a/(b+x) ((alpha+T)/(alpha+t_x))^(r+x)), for every x (also x = 0: the customer may
  // have dropped out right after the first purchase).
  const double r = parameters.r, alpha = parameters.alpha, a = parameters.a, b = parameters.b;
  const double x = frequency;
  const double log_odds = std::log(a / (b + x)) + (r + x) * std::log((alpha + age) / (alpha + recency));
  return 1.0 / (1.0 + std::exp(log_odds));
}

double expected_transactions_if_alive(const Parameters& parameters, double frequency, double age, double horizon) {
  // As BG/NBD eq. (10) with the posterior of p given survival Beta(a, b+x+1):
  //   E[Y(t) | x, t_x, T] = (a+b+x)/(a-1)
  //     [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x+1; a+b+x; t/(alpha+T+t))] * P(alive).
  const double r = parameters.r, alpha = parameters.alpha, a = parameters.a, b = parameters.b;
  const double x = frequency;
  const double t = horizon;
  if (t <= 0.0) {
    return 0.0;
  }
  const double c = a + b + x;
  const double expected = detail::bracket_by_better_route(a, c, r + x, alpha + age, t, c, k_max_terms, [&] {
    return log_hyp2f1(r + x, b + x + 1.0, c, t / (alpha + age + t));
  });
  // Over the posterior p ~ Beta(a, b+x+1) when the series gives up (see bg_nbd.cpp).
  return std::isfinite(expected) ? expected
                                 : detail::beta_mean_transactions(a, b + x + 1.0, r + x, t / (alpha + age), 0);
}

std::vector<double> expected_transactions_if_alive_path(const Parameters& parameters, double frequency, double age,
                                                        std::span<const double> horizons) {
  const double r = parameters.r, alpha = parameters.alpha, a = parameters.a, b = parameters.b;
  const double x = frequency;
  const std::vector<LogValue> h = log_hyp2f1_path(r + x, b + x + 1.0, a + b + x, alpha + age, horizons);
  std::vector<double> out(horizons.size());
  for (std::size_t k = 0; k < horizons.size(); ++k) {
    const double t = horizons[k];
    if (t <= 0.0) {
      continue;
    }
    const double c = a + b + x;
    const double expected =
        detail::bracket_by_better_route(a, c, r + x, alpha + age, t, c, k_max_path_terms, [&] { return h[k]; });
    out[k] = std::isfinite(expected) ? expected
                                     : detail::beta_mean_transactions(a, b + x + 1.0, r + x, t / (alpha + age), 0);
  }
  return out;
}

std::vector<double> expected_transactions_new_path(const Parameters& parameters, std::span<const double> times) {
  const double r = parameters.r, alpha = parameters.alpha, a = parameters.a, b = parameters.b;
  const std::vector<LogValue> h = log_hyp2f1_path(r, b + 1.0, a + b, alpha, times);
  std::vector<double> out(times.size());
  for (std::size_t k = 0; k < times.size(); ++k) {
    const double t = times[k];
    if (t <= 0.0) {
      continue;
    }
    const double expected =
        detail::bracket_by_better_route(a, a + b, r, alpha, t, b, k_max_path_terms, [&] { return h[k]; });
    out[k] = std::isfinite(expected) ? expected : detail::beta_mean_transactions(a, b, r, t / alpha, 1);
  }
  return out;
}

double conditional_expected_transactions(const Parameters& parameters, double frequency, double recency, double age,
                                         double horizon) {
  const double alive = probability_alive(parameters, frequency, recency, age);
  // P(alive) below the smallest double: the product is 0 to double precision.
  return alive == 0.0 ? 0.0 : expected_transactions_if_alive(parameters, frequency, age, horizon) * alive;
}

}  // namespace clv::models::mbg_nbd
