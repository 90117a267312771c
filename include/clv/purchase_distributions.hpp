#pragma once
// How many repeat purchases, as probabilities: per customer of a summary, P(exactly k purchases
// in the horizon | history) for k = 0 ... max_count and P(more), and the forecast for a new
// customer acquired at time 0 with nothing observed yet (`clv predict --new-customer`). Pure
// functions: fitted parameters in, structs out.

#include "clv/forecast_table.hpp"
#include "clv/models/model.hpp"
#include "clv/models/purchase_distribution.hpp"
#include "clv/summary.hpp"

#include <optional>
#include <vector>

namespace clv {

// One distribution per customer, in summary order. Throws clv::Error (usage) for a horizon or
// max_count out of range.
[[nodiscard]] std::vector<models::PurchaseDistribution> purchase_distributions(const models::FitResult& purchase,
                                                                               const SummaryTable& summary,
                                                                               double horizon, int max_count);

struct NewCustomerForecast {
  double expected_transactions = 0.0;          // E[X(horizon)]: repeat purchases after the first
  models::PurchaseDistribution distribution;   // of X(horizon), when max_count was given
  std::optional<double> expected_average_spend;  // the population mean, with a spend model
  std::optional<double> lifetime_value;          // margin x spend x discounted E[X], with a spend model
};

// A customer acquired at time 0 (the first purchase) with nothing else observed. The lifetime
// value follows the convention of forecast_table.hpp (discounted per period, the first
// purchase not included): with an acquisition cost it is the most worth paying to acquire one.
// `spend` may be null; `average_purchase`, the value of every transaction, replaces it. A BG/BB
// model counts the horizon in opportunities (a whole number >= 1) and does not discount.
// Throws clv::Error (usage) for options out of range.
[[nodiscard]] NewCustomerForecast forecast_new_customer(const models::FitResult& purchase,
                                                        const models::FitResult* spend,
                                                        const ForecastOptions& options,
                                                        std::optional<int> max_count,
                                                        std::optional<double> average_purchase = std::nullopt);

}  // namespace clv
