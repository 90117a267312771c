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
#include "clv/error.hpp"
#include "clv/customers_from_models.hpp"
#include "clv/models/bg_bb.hpp"

#include <span>
#include <string>
#include <vector>

namespace clv {

struct OpportunityForecastOptions {
  int years = 5;
  double opportunities_per_year = 1.0;
  double average_purchase = 0.0;
  // Per customer, in the order of the customers, instead of `average_purchase` when not empty
  // (a Gamma-Gamma model's expectations, opportunity_average_purchases).
  std::vector<double> average_purchases;
  double margin = 1.0;
  double service_cost = 0.0;  // per year
  CustomerView view = CustomerView::formula;
  RowSource source;  // the file and its rows' lines, for messages
};

// Each customer's expected average purchase from a Gamma-Gamma model (`spend_parameters` p, q,
// gamma): the conditional mean given the frequency and monetary_value, the population mean for
// a customer without repeat transactions. Throws clv::Error (data) naming `source` (file and
// line) and the customer for a positive frequency with a monetary_value that is not positive.
[[nodiscard]] std::vector<double> opportunity_average_purchases(
    std::span<const double> spend_parameters, std::span<const std::string> ids,
    std::span<const models::bg_bb::OpportunityHistory> customers, std::span<const double> monetary_values,
    const RowSource& source = {});

// Throws clv::Error (usage) for bad options, (data) for a row standing for several customers
// (a count other than 1: a value is per customer).
[[nodiscard]] CustomerSet opportunity_customer_set(const models::bg_bb::Parameters& parameters,
                                                   std::span<const std::string> ids,
                                                   std::span<const models::bg_bb::OpportunityHistory> customers,
                                                   const OpportunityForecastOptions& options);

}  // namespace clv
