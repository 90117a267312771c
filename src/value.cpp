#include "clv/value.hpp"

#include "clv/error.hpp"

#include <fmt/format.h>

#include <cmath>

namespace clv {

namespace {

void check_kind(const Customer& customer) {
  if (has_ledger(customer)) {
    if (has_formula_inputs(customer)) {
      throw data_error(fmt::format("customer '{}' has both a ledger and formula inputs; give one or the other",
                                   customer.id));
    }
    return;
  }
  if (!customer.transactions || !customer.average_purchase) {
    throw data_error(fmt::format("customer '{}' needs transactions and average_purchase, or a ledger",
                                 customer.id));
  }
}

}  // namespace

double own_net_income(const Customer& customer) {
  check_kind(customer);
  if (has_ledger(customer)) {
    double total = 0.0;
    for (const LedgerYear& year : customer.years) {
      total += year.base_sales + year.new_sales - year.cost;
    }
    return total;
  }
  return *customer.transactions * *customer.average_purchase - customer.acquisition_cost.value_or(0.0) -
         customer.service_cost;
}

ValueResult customer_value(const Customer& customer, double income_from_referred, std::size_t referred_customers,
                           std::string_view source) {
  check_kind(customer);
  ValueResult result;
  result.id = customer.id;
  result.name = customer.name ? std::string_view(*customer.name) : std::string_view();
  result.referred_customers = referred_customers;
  double given_referral = 0.0;
  if (has_ledger(customer)) {
    result.kind = CustomerKind::ledger;
    // Year 1's cost is the acquisition cost, later years' the cost to serve (article 003's table).
    for (const LedgerYear& year : customer.years) {
      result.revenue += year.base_sales + year.new_sales;
      (year.year == 1 ? result.acquisition_cost : result.service_cost) += year.cost;
      given_referral += year.referral_sales.value_or(0.0);
    }
  } else {
    result.kind = CustomerKind::formula;
    result.transactions = customer.transactions;
    result.average_purchase = customer.average_purchase;
    result.revenue = *customer.transactions * *customer.average_purchase;
    result.acquisition_cost = customer.acquisition_cost.value_or(0.0);
    result.service_cost = customer.service_cost;
    given_referral = customer.referral_net_income.value_or(0.0);
  }
  result.own_net_income = result.revenue - result.acquisition_cost - result.service_cost;
  result.referral_net_income = given_referral + income_from_referred;
  result.value = result.own_net_income + result.referral_net_income;
  // Finite inputs can still multiply or add up beyond the largest double (1e300 transactions
  // of 1e10): refuse rather than print inf, which json cannot even hold.
  if (!std::isfinite(result.revenue) || !std::isfinite(result.own_net_income) ||
      !std::isfinite(result.referral_net_income) || !std::isfinite(result.value)) {
    throw data_error(fmt::format("customer '{}': the value is beyond the largest number clv can hold (about "
                                 "1.8e308); the amounts are too large",
                                 customer.id),
                     Location{std::string(source)});
  }
  return result;
}

std::vector<double> own_net_incomes(const CustomerSet& set) {
  std::vector<double> own;
  own.reserve(set.customers.size());
  for (const Customer& customer : set.customers) {
    own.push_back(own_net_income(customer));
  }
  return own;
}

std::vector<ValueResult> customer_values(const CustomerSet& set, ReferralDepth depth) {
  const ReferralTree tree = build_referral_tree(set);
  const std::vector<double> own = own_net_incomes(set);
  const ReferralTotals totals = referral_totals(tree, own, depth);
  std::vector<ValueResult> results;
  results.reserve(set.customers.size());
  for (std::size_t i = 0; i < set.customers.size(); ++i) {
    results.push_back(customer_value(set.customers[i], totals.income[i], totals.referred[i], set.source));
  }
  return results;
}

}  // namespace clv
