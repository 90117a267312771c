#pragma once
// A contract customer's value from an sBG model: the typical new customer of the cohort, paying
// `revenue` at the start of every period while active. The customer is built in the shapes the
// value and projection code already take:
//  - a formula customer for `clv value`: transactions = the discounted expected number of
//    payments (DEL, or the expected lifetime without discounting), average purchase =
//    margin x revenue, the acquisition cost, and the service cost of every active period
//    (discounted the same way);
//  - a ledger customer for `clv project`: year k's sales margin x revenue x S(k-1), its cost the
//    service cost x S(k-1), plus the acquisition cost in year 1.
// The customers of a contracts file (customer_id,tenure,churned) are valued from their next
// renewal on: a customer active after n periods pays at the start of period n+k with
// probability S(n+k)/S(n), so
//  - formula view (`clv value`, `clv rank`): transactions = DERL (discounted by the discount rate
//    when given), average purchase = margin x revenue, service cost x DERL, the acquisition cost:
//    value = margin x revenue x DERL - acquisition cost - service cost x DERL;
//  - ledger view (`clv project`, `clv report`): year k's sales margin x revenue x S(n+k)/S(n),
//    its cost the service cost x S(n+k)/S(n), plus the acquisition cost in year 1.
// A customer who has churned has no payment to come.

#include "clv/customer.hpp"
#include "clv/error.hpp"
#include "clv/customers_from_models.hpp"
#include "clv/models/sbg.hpp"

#include <optional>
#include <span>
#include <string>

namespace clv {

struct ContractTerms {
  double revenue = 0.0;           // per period, paid at its start
  double acquisition_cost = 0.0;  // once, in period 0
  double service_cost = 0.0;      // per active period
  double margin = 1.0;
  std::optional<double> discount_rate;  // per period
};

// Throws clv::Error (usage) for negative or non-finite terms, a margin outside (0, 1], and an
// infinite lifetime (alpha <= 1 without a discount rate).
[[nodiscard]] Customer contract_formula_customer(const models::sbg::Parameters& parameters, const ContractTerms& terms,
                                                 std::string id);
[[nodiscard]] Customer contract_ledger_customer(const models::sbg::Parameters& parameters, const ContractTerms& terms,
                                                int years, std::string id);

// Throws clv::Error: usage as above (an infinite DERL without a discount rate in the formula
// view, years outside 1..1000); data for a row standing for several customers (weight != 1),
// naming `source` (the file and the row's line).
[[nodiscard]] CustomerSet contract_customer_set(const models::sbg::Parameters& parameters,
                                                std::span<const std::string> ids,
                                                std::span<const models::sbg::Contract> contracts,
                                                const ContractTerms& terms, int years, CustomerView view,
                                                const RowSource& source = {});

}  // namespace clv
