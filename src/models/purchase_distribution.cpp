// Conditional purchase distributions. Every model here splits the same way: with probability
// 1 - P(alive) the customer has already dropped out and makes no purchase; if alive, the
// posterior of the purchase rate lambda is Gamma(r+x, alpha+T) whatever the dropout process
// (Fader, Hardie & Lee 2005, eq. 8 and Fader & Hardie's notes on the conditional PMF of the
// BG/NBD and Pareto/NBD), so the purchases made while still alive during u more time units are
// negative binomial:
//   NB(k; u) = Gamma(r+x+k) / (Gamma(r+x) k!) ((alpha+T)/(alpha+T+u))^(r+x) (u/(alpha+T+u))^k.
// What differs between the models is how long the customer stays alive.
#include "clv/models/purchase_distribution.hpp"

#include "clv/error.hpp"
#include "clv/models/bg_bb.hpp"
#include "clv/models/bg_nbd.hpp"
#include "clv/models/mbg_nbd.hpp"
#include "clv/models/pareto_nbd.hpp"

#include <boost/math/quadrature/gauss.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace clv::models {

namespace {

// NB(k; u) for k = 0 ... out.size()-1, by the ratio NB(k)/NB(k-1) = (r'+k-1)/k u/(A+u), in logs:
// r' = r+x may be large, and NB(0) can underflow where later terms do not.
void negative_binomial(double shape, double scale, double u, std::vector<double>& out) {
  if (!(u > 0.0)) {
    std::fill(out.begin(), out.end(), 0.0);
    out[0] = 1.0;
    return;
  }
  const double log_keep = std::log(scale / (scale + u));
  const double log_ratio = std::log(u / (scale + u));
  double log_term = shape * log_keep;
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (k > 0) {
      const double dk = static_cast<double>(k);
      log_term += std::log((shape + dk - 1.0) / dk) + log_ratio;
    }
    out[k] = std::exp(log_term);
  }
}

// BG/NBD and MBG/NBD while alive (FHL 2005 eq. 8 with the posterior of p, Beta(a, b_alive)):
// after each purchase the customer drops out with probability p, so k purchases in the horizon
// means either that k happened and the customer is still alive, E[(1-p)^k] NB(k; t), or that the
// customer dropped out right after the k-th, which happened within the horizon,
// E[p (1-p)^(k-1)] P(NB(t) >= k), with
//   E[(1-p)^k] = prod_{i<k} (b_alive+i)/(a+b_alive+i),
//   E[p (1-p)^(k-1)] = a/(a+b_alive+k-1) E[(1-p)^(k-1)].
void beta_geometric_if_alive(double shape, double scale, double a, double b_alive, double t,
                             std::vector<double>& out) {
  std::vector<double> nb(out.size());
  negative_binomial(shape, scale, t, nb);
  double survive = 1.0;  // E[(1-p)^k]
  double below = 0.0;    // P(NB(t) < k)
  for (std::size_t k = 0; k < out.size(); ++k) {
    const double dk = static_cast<double>(k);
    double value = survive * nb[k];
    if (k > 0) {
      const double survived_before = survive * (a + b_alive + dk - 1.0) / (b_alive + dk - 1.0);
      value += a / (a + b_alive + dk - 1.0) * survived_before * std::max(0.0, 1.0 - below);
    }
    out[k] = value;
    below += nb[k];
    survive *= (b_alive + dk) / (a + b_alive + dk);
  }
}

// Pareto/NBD while alive: the remaining lifetime is exponential with rate mu, whose posterior is
// Gamma(s, beta+T), so it outlives the horizon with probability ((beta+T)/(beta+T+t))^s and ends
// at u in (0, t) with density s (beta+T)^s / (beta+T+u)^(s+1):
//   P(k | alive) = ((beta+T)/(beta+T+t))^s NB(k; t) + int_0^t s (beta+T)^s/(beta+T+u)^(s+1) NB(k; u) du.
// The integrand varies on the scales (beta+T)/(s+1) (the density) and (alpha+T)/(r+x) (NB),
// which can be tiny next to t: eight equal panels lost up to 4e-9 (absolute) at T = 0.5 over a
// horizon of 520, and p1..p4 were 6% to 80% off when beta + T = 0.8 and s = 20. So the panels
// halve from [t/2, t] down to a thousandth of the smaller scale, then [0, that]: a panel [c, 2c]
// is at least its width away from the integrand's singular points (u = -(alpha+T),
// -(beta+T)), where 20-point Gauss-Legendre is exact to rounding for every k at once.
void pareto_if_alive(double shape, double scale, double s, double dropout_scale, double t, std::vector<double>& out) {
  negative_binomial(shape, scale, t, out);
  if (!(t > 0.0)) {
    return;
  }
  const double outlive = std::exp(s * std::log(dropout_scale / (dropout_scale + t)));
  for (double& value : out) {
    value *= outlive;
  }
  using Rule = boost::math::quadrature::gauss<double, 20>;
  constexpr int k_max_halvings = 200;  // t 2^-200: below any scale a double time has
  const double finest = 1e-3 * std::min(scale / std::max(shape, 1.0), dropout_scale / (s + 1.0));
  std::vector<double> nb(out.size());
  auto add_node = [&](double u, double weight) {
    const double density = s / dropout_scale * std::exp(-(s + 1.0) * std::log1p(u / dropout_scale));
    negative_binomial(shape, scale, u, nb);
    for (std::size_t k = 0; k < out.size(); ++k) {
      out[k] += weight * density * nb[k];
    }
  };
  const auto& abscissa = Rule::abscissa();
  const auto& weights = Rule::weights();
  auto add_panel = [&](double from, double to) {
    const double centre = 0.5 * (from + to);
    const double half = 0.5 * (to - from);
    // Boost lists the non-negative nodes of the symmetric rule, the zero first when there is one.
    for (std::size_t i = 0; i < abscissa.size(); ++i) {
      const double weight = weights[i] * half;
      if (abscissa[i] == 0.0) {
        add_node(centre, weight);
      } else {
        add_node(centre - half * abscissa[i], weight);
        add_node(centre + half * abscissa[i], weight);
      }
    }
  };
  double upper = t;
  for (int halving = 0; halving < k_max_halvings && upper > finest; ++halving) {
    add_panel(0.5 * upper, upper);
    upper *= 0.5;
  }
  add_panel(0.0, upper);
}

}  // namespace

PurchaseDistribution purchase_distribution(ModelKind kind, std::span<const double> parameters,
                                           const PurchaseHistory& customer, double horizon, int max_count) {
  if (max_count < 0 || max_count > k_max_distribution_count) {
    throw usage_error(fmt::format("--distribution must be a whole number from 0 to {}, not {}",
                                  k_max_distribution_count, max_count));
  }
  if (!(horizon >= 0.0) || !std::isfinite(horizon)) {
    throw usage_error(fmt::format("--horizon must be a non-negative number, not {}", horizon));
  }
  if (parameters.size() != 4 || kind == ModelKind::gamma_gamma) {
    throw data_error(fmt::format("the {} model has no purchase distribution", model_name(kind)));
  }
  const double x = customer.frequency, t_x = customer.recency, T = customer.age;
  if (kind == ModelKind::bg_bb) {
    // Discrete opportunities: the age is the number of opportunities n, the horizon n* whole.
    if (horizon != std::floor(horizon) || horizon > 1e6) {
      throw usage_error(fmt::format("a BG/BB horizon is a whole number of opportunities, not {}", horizon));
    }
    // Each probability sums a term per coming opportunity: bound the work (a fifth of a second
    // per distinct history at the limit).
    if (horizon * (max_count + 1.0) > k_max_bg_bb_distribution_terms) {
      throw usage_error(fmt::format("--distribution {} over --horizon {}: BG/BB sums a term per opportunity and count, "
                                    "and (K + 1) x N must be at most {:.0f}",
                                    max_count, horizon, k_max_bg_bb_distribution_terms));
    }
    PurchaseDistribution result;
    result.probabilities = bg_bb::transaction_probabilities(
        {parameters[0], parameters[1], parameters[2], parameters[3]}, {x, t_x, T, 1.0}, static_cast<int>(horizon),
        max_count);
    double total = 0.0;
    for (const double probability : result.probabilities) {
      total += probability;
    }
    result.more = std::max(0.0, 1.0 - total);
    return result;
  }
  const double r = parameters[0], alpha = parameters[1];
  std::vector<double> if_alive(static_cast<std::size_t>(max_count) + 1);
  double alive = 1.0;
  switch (kind) {
    case ModelKind::bg_nbd: {
      const double a = parameters[2], b = parameters[3];
      alive = bg_nbd::probability_alive({r, alpha, a, b}, x, t_x, T);
      beta_geometric_if_alive(r + x, alpha + T, a, b + x, horizon, if_alive);
      break;
    }
    case ModelKind::mbg_nbd: {
      // Alive after x purchases means x+1 survived dropout chances (one right after the first
      // purchase): the posterior of p is Beta(a, b+x+1).
      const double a = parameters[2], b = parameters[3];
      alive = mbg_nbd::probability_alive({r, alpha, a, b}, x, t_x, T);
      beta_geometric_if_alive(r + x, alpha + T, a, b + x + 1.0, horizon, if_alive);
      break;
    }
    case ModelKind::pareto_nbd: {
      const double s = parameters[2], beta = parameters[3];
      alive = pareto_nbd::probability_alive({r, alpha, s, beta}, x, t_x, T);
      pareto_if_alive(r + x, alpha + T, s, beta + T, horizon, if_alive);
      break;
    }
    default:
      // Further purchase models add a case with their P(alive) and P(k | alive); BG/BB is above
      // (its own closed form); Gamma-Gamma and sBG are not purchase models.
      throw data_error(fmt::format("the {} model has no purchase distribution", model_name(kind)));
  }
  PurchaseDistribution result;
  result.probabilities.resize(if_alive.size());
  double total = 0.0;
  for (std::size_t k = 0; k < if_alive.size(); ++k) {
    result.probabilities[k] = std::clamp(alive * if_alive[k] + (k == 0 ? 1.0 - alive : 0.0), 0.0, 1.0);
    total += result.probabilities[k];
  }
  result.more = std::max(0.0, 1.0 - total);
  return result;
}

}  // namespace clv::models
