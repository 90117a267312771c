#pragma once
// BG/BB customers as the value and projection code takes them (the discrete-time counterpart of
// customers_from_models.hpp): each customer's expected transactions at the coming opportunities
// times a fixed average purchase and the margin.
//  - ledger view (`clv project`): year k's sales = margin x average purchase x
//    (E[X(n, n + k m)] - E[X(n, n + (k-1) m)]), m opportunities a year; cost = the service cost
//    of the year;
//  - formula view (`clv value`, `clv rank`): transactions = E[X(n, n + years m)], average
//    purchase = margin x average purchase, service cost = years x the yearly one.

#include "clv/customer.hpp"
#include "clv/customers_from_models.hpp"
#include "clv/models/bg_bb.hpp"

#include <span>
#include <string>

namespace clv {

struct OpportunityForecastOptions {
  int years = 5;
  double opportunities_per_year = 1.0;
  double average_purchase = 0.0;
  double margin = 1.0;
  double service_cost = 0.0;  // per year
  CustomerView view = CustomerView::formula;
};

// Throws clv::Error (usage) for bad options, (data) for a row standing for several customers
// (a count other than 1: a value is per customer).
[[nodiscard]] CustomerSet opportunity_customer_set(const models::bg_bb::Parameters& parameters,
                                                   std::span<const std::string> ids,
                                                   std::span<const models::bg_bb::OpportunityHistory> customers,
                                                   const OpportunityForecastOptions& options);

}  // namespace clv
