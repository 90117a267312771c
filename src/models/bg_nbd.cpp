#include "clv/models/bg_nbd.hpp"

#include "clv/models/hypergeometric.hpp"
#include "kernels.hpp"

#include <cmath>

namespace clv::models::bg_nbd {
namespace {

// Terms of the cancellation-free form of eqs. (7) and (10) (kernels.hpp) before the 2F1 takes
// over: as many as log_hyp2f1 allows for one value; along a path only what a point with
// 1 - z >= 0.01 needs, so that the path stays linear in its length.
constexpr int k_max_terms = 2'000'000;
constexpr int k_max_path_terms = 4'000;

}  // namespace

double log_likelihood(const Parameters& parameters, double frequency, double recency, double age) {
  const double theta[4] = {parameters.r, parameters.alpha, parameters.a, parameters.b};
  return detail::single_log_likelihood<detail::BgKernel>(theta, frequency, recency, age);
}

std::array<double, 4> gradient(const Parameters& parameters, double frequency, double recency, double age) {
  const double theta[4] = {parameters.r, parameters.alpha, parameters.a, parameters.b};
  return detail::single_gradient<detail::BgKernel>(theta, frequency, recency, age);
}

double expected_transactions_new(const Parameters& parameters, double t) {
  // FHL (2005) eq. (7): E[X(t)] = (a+b-1)/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b; a+b-1; t/(alpha+t))].
  const double r = parameters.r, alpha = parameters.alpha, a = parameters.a, b = parameters.b;
  if (t <= 0.0) {
    return 0.0;
  }
  const double expected = detail::bracket_by_better_route(a, a + b - 1.0, r, alpha, t, a + b - 1.0, k_max_terms, [&] {
    return log_hyp2f1(r, b, a + b - 1.0, t / (alpha + t));
  });
  // The same expectation over p ~ Beta(a, b) when the series gives up (t >> alpha).
  return std::isfinite(expected) ? expected : detail::beta_mean_transactions(a, b, r, t / alpha, 0);
}

double probability_alive(const Parameters& parameters, double frequency, double recency, double age) {
  // FHL (2005) eq. (10)'s denominator; Fader, Hardie & Lee (2008) "Computing P(alive) using the
  // BG/NBD model": 1 / (1 + delta(x>0) a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x)).
  const double r = parameters.r, alpha = parameters.alpha, a = parameters.a, b = parameters.b;
  const double x = frequency;
  if (x == 0.0) {
    return 1.0;
  }
  const double log_odds = std::log(a / (b + x - 1.0)) + (r + x) * std::log((alpha + age) / (alpha + recency));
  return 1.0 / (1.0 + std::exp(log_odds));
}

double expected_transactions_if_alive(const Parameters& parameters, double frequency, double age, double horizon) {
  // FHL (2005) eq. (10):
  //   E[Y(t) | x, t_x, T] = (a+b+x-1)/(a-1)
  //     [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; t/(alpha+T+t))] * P(alive).
  const double r = parameters.r, alpha = parameters.alpha, a = parameters.a, b = parameters.b;
  const double x = frequency;
  const double t = horizon;
  if (t <= 0.0) {
    return 0.0;
  }
  const double c = a + b + x - 1.0;
  const double expected = detail::bracket_by_better_route(a, c, r + x, alpha + age, t, c, k_max_terms, [&] {
    return log_hyp2f1(r + x, b + x, c, t / (alpha + age + t));
  });
  // The same expectation over the posterior p ~ Beta(a, b+x) when the series gives up (a
  // horizon many times alpha + T, or a frequency in the millions).
  return std::isfinite(expected) ? expected : detail::beta_mean_transactions(a, b + x, r + x, t / (alpha + age), 0);
}

std::vector<double> expected_transactions_if_alive_path(const Parameters& parameters, double frequency, double age,
                                                        std::span<const double> horizons) {
  // Eq. (10) as in expected_transactions_if_alive, the 2F1 taken along the horizons.
  const double r = parameters.r, alpha = parameters.alpha, a = parameters.a, b = parameters.b;
  const double x = frequency;
  const std::vector<LogValue> h = log_hyp2f1_path(r + x, b + x, a + b + x - 1.0, alpha + age, horizons);
  std::vector<double> out(horizons.size());
  for (std::size_t k = 0; k < horizons.size(); ++k) {
    const double t = horizons[k];
    if (t <= 0.0) {
      continue;
    }
    const double c = a + b + x - 1.0;
    const double expected =
        detail::bracket_by_better_route(a, c, r + x, alpha + age, t, c, k_max_path_terms, [&] { return h[k]; });
    out[k] = std::isfinite(expected) ? expected : detail::beta_mean_transactions(a, b + x, r + x, t / (alpha + age), 0);
  }
  return out;
}

std::vector<double> expected_transactions_new_path(const Parameters& parameters, std::span<const double> times) {
  // Eq. (7) as in expected_transactions_new, the 2F1 taken along the times.
  const double r = parameters.r, alpha = parameters.alpha, a = parameters.a, b = parameters.b;
  const std::vector<LogValue> h = log_hyp2f1_path(r, b, a + b - 1.0, alpha, times);
  std::vector<double> out(times.size());
  for (std::size_t k = 0; k < times.size(); ++k) {
    const double t = times[k];
    if (t <= 0.0) {
      continue;
    }
    const double expected = detail::bracket_by_better_route(a, a + b - 1.0, r, alpha, t, a + b - 1.0, k_max_path_terms,
                                                            [&] { return h[k]; });
    out[k] = std::isfinite(expected) ? expected : detail::beta_mean_transactions(a, b, r, t / alpha, 0);
  }
  return out;
}

double conditional_expected_transactions(const Parameters& parameters, double frequency, double recency, double age,
                                         double horizon) {
  const double alive = probability_alive(parameters, frequency, recency, age);
  // P(alive) below the smallest double: the product is 0 to double precision whatever the
  // expectation if alive (which is at most about (r+x) t / (alpha+T)).
  return alive == 0.0 ? 0.0 : expected_transactions_if_alive(parameters, frequency, age, horizon) * alive;
}

}  // namespace clv::models::bg_nbd
