#pragma once
// Small builders for hand-made customer sets in the unit tests.

#include "clv/customer.hpp"

#include <initializer_list>
#include <optional>
#include <string>

namespace clv::test {

inline Customer formula_customer(std::string id, double transactions, double average_purchase,
                                 double acquisition_cost = 0.0, std::optional<std::string> referred_by = {}) {
  Customer customer;
  customer.id = std::move(id);
  customer.transactions = transactions;
  customer.average_purchase = average_purchase;
  customer.acquisition_cost = acquisition_cost;
  customer.referred_by = std::move(referred_by);
  return customer;
}

// years: {year, base_sales, new_sales, cost}
inline Customer ledger_customer(std::string id, std::initializer_list<LedgerYear> years,
                                std::optional<std::string> referred_by = {}) {
  Customer customer;
  customer.id = std::move(id);
  customer.years = years;
  customer.referred_by = std::move(referred_by);
  return customer;
}

// Article 003's example: A and its referred customers R1-R4, with 0 cost for R1-R4.
inline CustomerSet h_software() {
  CustomerSet set;
  set.source = "h.json";
  set.customers.push_back(ledger_customer(
      "A", {{1, 800, 0, 850, {}}, {2, 0, 750, 100, {}}, {3, 0, 700, 100, {}}, {4, 0, 500, 100, {}}, {5, 0, 3200, 100, {}}}));
  set.customers.push_back(
      ledger_customer("R1", {{2, 800, 0, 0, {}}, {3, 0, 750, 0, {}}, {4, 0, 700, 0, {}}, {5, 0, 500, 0, {}}}, "A"));
  set.customers.push_back(ledger_customer("R2", {{3, 800, 0, 0, {}}, {4, 0, 750, 0, {}}, {5, 0, 700, 0, {}}}, "A"));
  set.customers.push_back(ledger_customer("R3", {{4, 800, 0, 0, {}}, {5, 0, 750, 0, {}}}, "A"));
  set.customers.push_back(ledger_customer("R4", {{4, 800, 0, 0, {}}, {5, 0, 750, 0, {}}}, "A"));
  return set;
}

}  // namespace clv::test
