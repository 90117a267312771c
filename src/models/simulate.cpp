#include "clv/models/simulate.hpp"

#include "clv/error.hpp"

#include <cmath>
#include <numbers>
#include <random>

namespace clv::models {
namespace {

class Sampler {
 public:
  explicit Sampler(std::uint64_t seed) : m_engine(seed) {}

  // Uniform on (0, 1): 53 random bits, never 0.
  double uniform() { return (static_cast<double>(m_engine() >> 11) + 0.5) * 0x1.0p-53; }
  double exponential() { return -std::log(uniform()); }
  double normal() {
    // Box-Muller; the second value is dropped to keep the stream simple.
    return std::sqrt(-2.0 * std::log(uniform())) * std::cos(2.0 * std::numbers::pi * uniform());
  }
  // Gamma(shape, rate) by Marsaglia & Tsang (2000); shape < 1 via the boost U^(1/shape).
  double gamma(double shape, double rate) {
    if (shape < 1.0) {
      const double boost = std::pow(uniform(), 1.0 / shape);
      return gamma(shape + 1.0, rate) * boost;
    }
    const double d = shape - 1.0 / 3.0;
    const double c = 1.0 / std::sqrt(9.0 * d);
    while (true) {
      double z = normal();
      double v = 1.0 + c * z;
      if (v <= 0.0) {
        continue;
      }
      v = v * v * v;
      const double u = uniform();
      if (std::log(u) < 0.5 * z * z + d - d * v + d * std::log(v)) {
        return d * v / rate;
      }
    }
  }
  double beta(double a, double b) {
    const double x = gamma(a, 1.0);
    const double y = gamma(b, 1.0);
    return x / (x + y);
  }

 private:
  std::mt19937_64 m_engine;
};

}  // namespace

std::vector<PurchaseHistory> simulate_purchases(ModelKind kind, std::span<const double> parameters,
                                                const SimulationOptions& options) {
  if (kind == ModelKind::gamma_gamma || kind == ModelKind::sbg || kind == ModelKind::bg_bb || parameters.size() != 4) {
    throw data_error("simulate_purchases needs a purchase model and its 4 parameters");
  }
  Sampler sampler(options.seed);
  std::vector<PurchaseHistory> out;
  out.reserve(options.customers);
  const double r = parameters[0], alpha = parameters[1];
  for (std::size_t i = 0; i < options.customers; ++i) {
    const double age = options.min_age + (options.max_age - options.min_age) * sampler.uniform();
    const double lambda = sampler.gamma(r, alpha);
    PurchaseHistory c;
    c.age = age;
    double time = 0.0;
    if (kind == ModelKind::pareto_nbd) {
      // Lifetime ~ Exp(mu), mu ~ Gamma(s, beta); purchases at rate lambda while alive.
      const double mu = sampler.gamma(parameters[2], parameters[3]);
      const double end = std::min(age, sampler.exponential() / mu);
      while (true) {
        time += sampler.exponential() / lambda;
        if (time > end) {
          break;
        }
        c.frequency += 1.0;
        c.recency = time;
      }
    } else {
      // After each purchase the customer drops out with probability p (MBG/NBD: also right after
      // the first purchase, at time 0).
      const double p = sampler.beta(parameters[2], parameters[3]);
      bool alive = kind == ModelKind::bg_nbd || sampler.uniform() >= p;
      while (alive) {
        time += sampler.exponential() / lambda;
        if (time > age) {
          break;
        }
        c.frequency += 1.0;
        c.recency = time;
        alive = sampler.uniform() >= p;
      }
    }
    out.push_back(c);
  }
  return out;
}

std::vector<SpendHistory> simulate_spend(std::span<const double> parameters, std::span<const PurchaseHistory> purchases,
                                         std::uint64_t seed) {
  if (parameters.size() != 3) {
    throw data_error("simulate_spend needs the 3 Gamma-Gamma parameters");
  }
  Sampler sampler(seed);
  std::vector<SpendHistory> out;
  out.reserve(purchases.size());
  for (const PurchaseHistory& c : purchases) {
    SpendHistory s;
    s.frequency = c.frequency;
    s.weight = c.weight;
    if (c.frequency > 0.0) {
      const double nu = sampler.gamma(parameters[1], parameters[2]);
      // The sum of x Gamma(p, nu) purchases is Gamma(p x, nu).
      s.average_spend = sampler.gamma(parameters[0] * c.frequency, nu) / c.frequency;
    }
    out.push_back(s);
  }
  return out;
}

}  // namespace clv::models
