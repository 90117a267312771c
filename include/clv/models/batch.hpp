#pragma once
// Forecasts for many customers at once, spread over threads. Result i is exactly
// forecast(kind, parameters, customers[i], horizon): each customer is computed on its own, so the
// output does not depend on the thread count.

#include "clv/models/model.hpp"

#include <span>
#include <vector>

namespace clv::models {

[[nodiscard]] std::vector<PurchaseForecast> forecast_all(ModelKind kind, std::span<const double> parameters,
                                                         std::span<const PurchaseHistory> customers, double horizon,
                                                         unsigned threads = 0);

}  // namespace clv::models
