#pragma once
// Synthetic customers drawn from the models with known parameters, for tests and benchmarks.
// Deterministic for a seed on every platform: the random numbers come from std::mt19937_64 and
// the gamma/beta/exponential draws are computed here (std:: distributions differ between
// standard libraries).

#include "clv/models/model.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace clv::models {

struct SimulationOptions {
  std::size_t customers = 1000;
  // Each customer's age T is drawn uniformly from [min_age, max_age] (equal: all the same).
  double min_age = 52.0;
  double max_age = 52.0;
  std::uint64_t seed = 42;
};

// Purchase histories (frequency, recency, age; weight 1) of a BG/NBD, MBG/NBD (r, alpha, a, b)
// or Pareto/NBD (r, alpha, s, beta) population.
[[nodiscard]] std::vector<PurchaseHistory> simulate_purchases(ModelKind kind, std::span<const double> parameters,
                                                              const SimulationOptions& options);

// Average spends for the given frequencies under Gamma-Gamma (p, q, gamma): each customer's
// scale nu ~ Gamma(q, gamma), each purchase ~ Gamma(p, nu); customers with frequency 0 get 0.
[[nodiscard]] std::vector<SpendHistory> simulate_spend(std::span<const double> parameters,
                                                       std::span<const PurchaseHistory> purchases,
                                                       std::uint64_t seed);

}  // namespace clv::models
