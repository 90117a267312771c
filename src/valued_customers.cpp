#include "clv/valued_customers.hpp"

#include "clv/value.hpp"

namespace clv {

ValuedCustomers value_customers(const CustomerSet& set, ReferralDepth depth) {
  const ReferralTree tree = build_referral_tree(set);
  const std::vector<double> own = own_net_incomes(set);
  const ReferralTotals totals = referral_totals(tree, own, depth);
  ValuedCustomers valued;
  valued.portfolio.source = set.source;
  valued.customers.reserve(set.customers.size());
  for (std::size_t i = 0; i < set.customers.size(); ++i) {
    const Customer& customer = set.customers[i];
    const ValueResult result = customer_value(customer, totals.income[i], totals.referred[i], set.source);
    add_to_summary(valued.portfolio, result, tree.referrer[i] != ReferralTree::k_none);
    RankInput& input = valued.customers.emplace_back();
    input.id = customer.id;
    input.name = customer.name;
    valued.has_name = valued.has_name || customer.name.has_value();
    input.value = result.value;
    input.acquisition_cost = result.acquisition_cost;
    input.referral_income = result.referral_net_income;
  }
  return valued;
}

}  // namespace clv
