#pragma once
// The attributes file of --attributes (acquisition cost, referrer, name per customer) laid over
// customers built by a model that reads its own input (sBG contracts, BG/BB opportunities), as
// forecast_customer_set does for the summaries: name and referrer copied, the acquisition cost
// the formula customer's, or added to the first year's cost of a ledger customer. Pure.

#include "clv/customer.hpp"
#include "clv/customers_from_models.hpp"

namespace clv {

// Throws clv::Error (data_error naming the attributes file, line and column) for an attribute
// row whose customer is not in `set`.
void attach_attributes(CustomerSet& set, const AttributeTable& attributes);

}  // namespace clv
