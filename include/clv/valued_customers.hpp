#pragma once
// From customer records (formula or ledger) to the inputs of rank_customers: each customer's
// value by the same calls `clv value` makes (clv/value.hpp, clv/referral.hpp), plus the
// portfolio totals that count each sale once (clv/portfolio.hpp). Pure: no I/O.

#include "clv/customer.hpp"
#include "clv/portfolio.hpp"
#include "clv/rank.hpp"
#include "clv/referral.hpp"

#include <vector>

namespace clv {

struct ValuedCustomers {
  std::vector<RankInput> customers;  // file order; acquisition_cost and referral_income always set
  PortfolioSummary portfolio;        // own net income total = the portfolio's value
  bool has_name = false;             // some customer has a name
};

// Throws what customer_value and build_referral_tree throw (data errors naming the customer).
[[nodiscard]] ValuedCustomers value_customers(const CustomerSet& set, ReferralDepth depth);

}  // namespace clv
