#pragma once
// The continuous-value formula of article 003, section 2, with the defaults clv adds:
//
//   value = transactions × average_purchase − acquisition_cost − service_cost
//           + referral_net_income
//
// A customer's own net income is the value without the referral term. For a ledger customer
// the ledger supplies the terms: revenue = Σ (base_sales + new_sales), cost = Σ cost (year 1's
// cost shown as acquisition cost, later years' as service cost, as in the article's example),
// referral income = Σ referral_sales + what its referred customers bring; the value then
// equals the projection's total profit over all the ledger's years.

#include "clv/customer.hpp"
#include "clv/referral.hpp"

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace clv {

enum class CustomerKind { formula, ledger };

struct ValueResult {
  std::string_view id;    // views into the CustomerSet, valid while it lives
  std::string_view name;  // empty when the customer has none
  CustomerKind kind = CustomerKind::formula;
  std::optional<double> transactions;      // formula customers only
  std::optional<double> average_purchase;  // formula customers only
  double revenue = 0.0;
  double acquisition_cost = 0.0;
  double service_cost = 0.0;
  double own_net_income = 0.0;       // revenue − acquisition_cost − service_cost
  double referral_net_income = 0.0;  // given + from referred customers in the file
  double value = 0.0;                // own_net_income + referral_net_income
  std::size_t referred_customers = 0;  // customers in the file whose income is counted
};

// Own net income (value without referral income). Throws a data error naming the customer if
// it has neither formula inputs nor a ledger, or has both.
[[nodiscard]] double own_net_income(const Customer& customer);

// The result for one customer, given the income its referred customers in the file bring and
// how many they are (from referral_totals). Throws clv::Error (data, naming `source`) when the
// value is beyond the largest double.
[[nodiscard]] ValueResult customer_value(const Customer& customer, double income_from_referred = 0.0,
                                         std::size_t referred_customers = 0, std::string_view source = {});

// Every customer's result, in file order.
[[nodiscard]] std::vector<ValueResult> customer_values(const CustomerSet& set, ReferralDepth depth);

// The own net income of every customer, in file order (input to referral_totals).
[[nodiscard]] std::vector<double> own_net_incomes(const CustomerSet& set);

}  // namespace clv
