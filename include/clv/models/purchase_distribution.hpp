#pragma once
// The distribution of the number of repeat purchases in a horizon, not only its mean:
// P(Y(horizon) = k | frequency, recency, age) for k = 0 ... max_count and P(Y > max_count), for
// a customer with a history, and P(X(horizon) = k) for a new customer acquired at time 0 with
// nothing observed yet (the history frequency = recency = age = 0, for every model).

#include "clv/models/model.hpp"

#include <span>
#include <vector>

namespace clv::models {

struct PurchaseDistribution {
  std::vector<double> probabilities;  // [k] = P(exactly k repeat purchases), k = 0 ... max_count
  double more = 0.0;                  // P(more than max_count)
};

// Largest max_count accepted (a usage error above).
inline constexpr int k_max_distribution_count = 1000;
// BG/BB: the largest (max_count + 1) x horizon accepted (a usage error above).
inline constexpr double k_max_bg_bb_distribution_terms = 2'000'000;

// Throws clv::Error (usage) for max_count outside [0, k_max_distribution_count] or a negative or
// non-finite horizon, and (data_error) for a model without a purchase distribution (gamma-gamma).
[[nodiscard]] PurchaseDistribution purchase_distribution(ModelKind kind, std::span<const double> parameters,
                                                         const PurchaseHistory& customer, double horizon,
                                                         int max_count);

}  // namespace clv::models
