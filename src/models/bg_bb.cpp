#include "clv/models/bg_bb.hpp"

#include "clv/error.hpp"
#include "kernels.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace clv::models::bg_bb {
namespace {

using detail::log_beta;

double log_term(const Parameters& p, const OpportunityHistory& c) {
  const double theta[4] = {p.alpha, p.beta, p.gamma, p.delta};
  return detail::single_log_likelihood<detail::BgbbKernel>(theta, c.frequency, c.recency, c.periods);
}

}  // namespace

double log_likelihood(const Parameters& p, const OpportunityHistory& customer) { return log_term(p, customer); }

double log_likelihood(const Parameters& p, std::span<const OpportunityHistory> customers) {
  double total = 0.0;
  for (const OpportunityHistory& c : customers) {
    if (c.weight != 0.0) {
      total += c.weight * log_term(p, c);
    }
  }
  return total;
}

Forecast forecast(const Parameters& p, const OpportunityHistory& c, double horizon) {
  const double x = c.frequency, n = c.periods;
  const double log_l = log_term(p, c);
  // FHS (2010): P(alive at n+1 | x, t_x, n)
  //   = B(alpha+x, beta+n-x)/B(alpha,beta) B(gamma, delta+n+1)/B(gamma,delta) / L.
  Forecast result;
  result.probability_alive = std::exp(log_beta(p.alpha + x, p.beta + n - x) - log_beta(p.alpha, p.beta) +
                                      log_beta(p.gamma, p.delta + n + 1.0) - log_beta(p.gamma, p.delta) - log_l);
  if (horizon <= 0.0) {
    return result;
  }
  // FHS (2010), E[X(n, n+n*) | x, t_x, n]
  //   = B(alpha+x+1, beta+n-x)/B(alpha,beta) / L  x  delta/(gamma-1) Gamma(gamma+delta)/Gamma(1+delta)
  //     x [Gamma(1+delta+n)/Gamma(gamma+delta+n) - Gamma(1+delta+n+n*)/Gamma(gamma+delta+n+n*)],
  // the bracket written as G(n) (1 - exp(G'(n+n*) - G'(n))) to keep its difference accurate.
  const double log_front = log_beta(p.alpha + x + 1.0, p.beta + n - x) - log_beta(p.alpha, p.beta) - log_l;
  const double log_now = std::lgamma(1.0 + p.delta + n) - std::lgamma(p.gamma + p.delta + n);
  const double log_later =
      std::lgamma(1.0 + p.delta + n + horizon) - std::lgamma(p.gamma + p.delta + n + horizon);
  const double gamma_minus_one = p.gamma - 1.0;
  if (std::abs(gamma_minus_one) < 1e-7) {
    // At gamma = 1 the closed form is 0/0; the sum has no such problem.
    result.expected_transactions = expected_transactions_sum(p, c, static_cast<int>(std::lround(horizon)));
    return result;
  }
  const double ratio = -std::expm1(log_later - log_now) / gamma_minus_one;
  result.expected_transactions =
      std::exp(log_front + std::log(p.delta) + std::lgamma(p.gamma + p.delta) - std::lgamma(1.0 + p.delta) + log_now) *
      ratio;
  return result;
}

std::vector<double> transaction_probabilities(const Parameters& p, const OpportunityHistory& c, int horizon,
                                              int max_count) {
  // FHS (2010), the conditional PMF: given p and theta, the customer was either already dead at
  // n (no more transactions: the part of L not alive at n), or alive at n and then alive through
  // all n* coming opportunities, buying in x* of them, or alive through n+i and dead from n+i+1
  // on, buying in x* of those i (i = x* ... n*-1). Integrated over the Beta priors:
  //   P(X(n, n+n*) = x* | x, t_x, n) = 1/L { [x* = 0] (L - B(alpha+x, beta+n-x)/B(alpha,beta)
  //                                                          B(gamma, delta+n)/B(gamma,delta))
  //     + C(n*, x*) B(alpha+x+x*, beta+n-x+n*-x*)/B(alpha,beta) B(gamma, delta+n+n*)/B(gamma,delta)
  //     + sum_{i=x*}^{n*-1} C(i, x*) B(alpha+x+x*, beta+n-x+i-x*)/B(alpha,beta)
  //                                  B(gamma+1, delta+n+i)/B(gamma,delta) },
  // every term taken from logs (lgamma) so that nothing underflows before the division by L.
  const double x = c.frequency, n = c.periods, future = static_cast<double>(horizon);
  const double log_l = log_term(p, c);
  const double log_prior = log_beta(p.alpha, p.beta) + log_beta(p.gamma, p.delta);
  const auto log_choose = [](double total, double chosen) {
    return std::lgamma(total + 1.0) - std::lgamma(chosen + 1.0) - std::lgamma(total - chosen + 1.0);
  };
  std::vector<double> out(static_cast<std::size_t>(std::max(max_count, 0)) + 1, 0.0);
  for (std::size_t k = 0; k < out.size(); ++k) {
    const double bought = static_cast<double>(k);
    if (bought > future) {
      break;  // more transactions than opportunities: probability 0
    }
    double sum = std::exp(log_choose(future, bought) + log_beta(p.alpha + x + bought, p.beta + n - x + future - bought) +
                          log_beta(p.gamma, p.delta + n + future) - log_prior - log_l);
    for (int i = static_cast<int>(k); i < horizon; ++i) {
      const double alive_for = static_cast<double>(i);
      sum += std::exp(log_choose(alive_for, bought) + log_beta(p.alpha + x + bought, p.beta + n - x + alive_for - bought) +
                      log_beta(p.gamma + 1.0, p.delta + n + alive_for) - log_prior - log_l);
    }
    if (k == 0) {
      const double alive_at_n = std::exp(log_beta(p.alpha + x, p.beta + n - x) + log_beta(p.gamma, p.delta + n) -
                                         log_prior - log_l);
      sum += std::max(0.0, 1.0 - alive_at_n);
    }
    out[k] = std::clamp(sum, 0.0, 1.0);
  }
  return out;
}

double expected_transactions_sum(const Parameters& p, const OpportunityHistory& c, int horizon) {
  // A transaction at opportunity n+k needs the customer alive then (probability (1-theta)^(n+k))
  // and buying (p): integrating over the posterior gives
  //   sum_{k=1}^{n*} B(alpha+x+1, beta+n-x)/B(alpha,beta) B(gamma, delta+n+k)/B(gamma,delta) / L.
  const double x = c.frequency, n = c.periods;
  const double log_front = log_beta(p.alpha + x + 1.0, p.beta + n - x) - log_beta(p.alpha, p.beta) -
                           log_beta(p.gamma, p.delta) - log_term(p, c);
  double sum = 0.0;
  for (int k = 1; k <= horizon; ++k) {
    sum += std::exp(log_front + log_beta(p.gamma, p.delta + n + k));
  }
  return sum;
}

double expected_transactions_new(const Parameters& p, int opportunities) {
  // FHS (2010), eq. (9): E[X(n)] = alpha/(alpha+beta) delta/(gamma-1)
  //   x [1 - Gamma(gamma+delta) Gamma(1+delta+n) / (Gamma(gamma+delta+n) Gamma(1+delta))],
  // the bracket as -expm1 of its log so that it keeps its digits for small n.
  const double n = static_cast<double>(opportunities);
  if (n <= 0.0) {
    return 0.0;
  }
  const double buy = p.alpha / (p.alpha + p.beta);
  const double gamma_minus_one = p.gamma - 1.0;
  if (std::abs(gamma_minus_one) < 1e-7) {
    // At gamma = 1 eq. (9) is 0/0: sum P(alive at opportunity k) = B(gamma, delta+k)/B(gamma, delta) instead.
    double sum = 0.0;
    for (int k = 1; k <= opportunities; ++k) {
      sum += std::exp(log_beta(p.gamma, p.delta + k) - log_beta(p.gamma, p.delta));
    }
    return buy * sum;
  }
  const double log_ratio = std::lgamma(p.gamma + p.delta) + std::lgamma(1.0 + p.delta + n) -
                           std::lgamma(p.gamma + p.delta + n) - std::lgamma(1.0 + p.delta);
  return buy * p.delta / gamma_minus_one * -std::expm1(log_ratio);
}

std::vector<double> transaction_probabilities_new(const Parameters& p, int opportunities, int max_count) {
  // FHS (2010), eq. (8): alive through all n opportunities and buying in x of them, or alive
  // through i (x <= i < n), dead from i+1 on, and buying in x of those i:
  //   P(X(n) = x) = C(n, x) B(alpha+x, beta+n-x)/B(alpha,beta) B(gamma, delta+n)/B(gamma,delta)
  //     + sum_{i=x}^{n-1} C(i, x) B(alpha+x, beta+i-x)/B(alpha,beta) B(gamma+1, delta+i)/B(gamma,delta),
  // each term from logs (lgamma) so that large n stays finite.
  const double n = static_cast<double>(opportunities);
  const double log_prior = log_beta(p.alpha, p.beta) + log_beta(p.gamma, p.delta);
  const auto log_choose = [](double total, double chosen) {
    return std::lgamma(total + 1.0) - std::lgamma(chosen + 1.0) - std::lgamma(total - chosen + 1.0);
  };
  std::vector<double> out(static_cast<std::size_t>(std::max(max_count, 0)) + 1, 0.0);
  for (std::size_t k = 0; k < out.size(); ++k) {
    const double x = static_cast<double>(k);
    if (x > n) {
      break;  // more transactions than opportunities
    }
    double sum = std::exp(log_choose(n, x) + log_beta(p.alpha + x, p.beta + n - x) + log_beta(p.gamma, p.delta + n) -
                          log_prior);
    for (int i = static_cast<int>(k); i < opportunities; ++i) {
      const double alive_for = static_cast<double>(i);
      sum += std::exp(log_choose(alive_for, x) + log_beta(p.alpha + x, p.beta + alive_for - x) +
                      log_beta(p.gamma + 1.0, p.delta + alive_for) - log_prior);
    }
    out[k] = std::clamp(sum, 0.0, 1.0);
  }
  return out;
}

std::vector<HoldoutGroup> compare_holdout(const Parameters& p, std::span<const OpportunityHistory> customers,
                                          std::span<const double> holdout_frequency,
                                          std::span<const double> holdout_periods, int max_frequency) {
  if (holdout_frequency.size() != customers.size() || holdout_periods.size() != customers.size()) {
    throw data_error("the holdout columns do not cover every customer");
  }
  std::vector<HoldoutGroup> groups(static_cast<std::size_t>(max_frequency) + 1);
  for (int x = 0; x <= max_frequency; ++x) {
    groups[static_cast<std::size_t>(x)].frequency = x;
  }
  groups.back().or_more = true;
  for (std::size_t i = 0; i < customers.size(); ++i) {
    const auto& c = customers[i];
    auto& group = groups[static_cast<std::size_t>(std::min<double>(c.frequency, max_frequency))];
    group.customers += c.weight;
    group.actual += c.weight * holdout_frequency[i];
    group.predicted += c.weight * forecast(p, c, holdout_periods[i]).expected_transactions;
  }
  std::vector<HoldoutGroup> seen;
  for (auto& group : groups) {
    if (group.customers > 0.0) {
      group.actual /= group.customers;
      group.predicted /= group.customers;
      seen.push_back(group);
    }
  }
  return seen;
}

void validate_histories(std::span<const OpportunityHistory> customers) {
  double total = 0.0;
  for (std::size_t i = 0; i < customers.size(); ++i) {
    const OpportunityHistory& c = customers[i];
    auto fail = [&](const char* field, const std::string& what) {
      throw data_error(fmt::format("customer {}: {}", i + 1, what), Location{"", 0, 0, field});
    };
    auto whole = [](double v) { return std::isfinite(v) && v >= 0.0 && v == std::floor(v); };
    if (!whole(c.frequency)) {
      fail("frequency", fmt::format("frequency {} is not a whole number >= 0", c.frequency));
    }
    if (!whole(c.recency)) {
      fail("recency", fmt::format("recency {} is not a whole number >= 0", c.recency));
    }
    if (!whole(c.periods)) {
      fail("periods", fmt::format("periods {} is not a whole number >= 0", c.periods));
    }
    if (c.periods > k_max_periods) {
      fail("periods", fmt::format("periods {} is more than {} opportunities", c.periods, k_max_periods));
    }
    if (c.frequency > c.periods) {
      fail("frequency", fmt::format("frequency {} is greater than periods {}", c.frequency, c.periods));
    }
    if (c.recency > c.periods) {
      fail("recency", fmt::format("recency {} is greater than periods {}", c.recency, c.periods));
    }
    if (c.frequency > c.recency) {
      fail("frequency", fmt::format("frequency {} is greater than recency {} (the last purchase's period)",
                                    c.frequency, c.recency));
    }
    if (c.frequency == 0.0 && c.recency > 0.0) {
      fail("recency", fmt::format("recency {} is positive but frequency is 0", c.recency));
    }
    if (!std::isfinite(c.weight) || c.weight < 0.0) {
      fail("weight", fmt::format("weight {} is negative or not finite", c.weight));
    }
    total += c.weight;
  }
  if (!(total > 0.0)) {
    throw data_error("no customers to fit");
  }
}

OpportunityHistory opportunities_from_periods(std::span<const long long> purchase_periods, long long last_period) {
  OpportunityHistory history;
  history.periods = static_cast<double>(std::max(0LL, last_period));
  std::vector<long long> periods(purchase_periods.begin(), purchase_periods.end());
  std::sort(periods.begin(), periods.end());
  periods.erase(std::unique(periods.begin(), periods.end()), periods.end());
  for (const long long period : periods) {
    if (period >= 1 && period <= last_period) {
      history.frequency += 1.0;
      history.recency = static_cast<double>(period);
    }
  }
  return history;
}

}  // namespace clv::models::bg_bb
