#pragma once
// Helpers of the maximum-likelihood fit that callers may want on their own (fit_purchase_model
// and fit_spend_model in model.hpp call them).

#include "clv/models/model.hpp"

#include <span>

namespace clv::models {

// Throws clv::Error (data_error) naming the first invalid row: non-finite or negative values,
// a frequency that is not a whole number, recency > age, frequency 0 with recency > 0, a
// negative weight; also for no customers or no repeat purchases at all.
void validate_purchase_histories(std::span<const PurchaseHistory> data);
// Same for spend histories: frequency must be a whole number >= 0 and, when positive, the
// average spend > 0. Rows with frequency 0 carry no spend information and are ignored by the
// fit; at least one row with frequency > 0 is required.
void validate_spend_histories(std::span<const SpendHistory> data);

}  // namespace clv::models
