#pragma once
// Portfolio totals that never count a sale twice. A referred customer's purchases are in its
// own net income and again in its referrer's value, so the sum of customer values overstates
// what the portfolio earns; the sum of own net incomes counts each sale once.

#include "clv/value.hpp"

#include <cstddef>
#include <string>

namespace clv {

struct PortfolioSummary {
  std::size_t customers = 0;
  std::size_t referred_customers = 0;  // customers with a referrer in the file
  double revenue = 0.0;
  double own_net_income = 0.0;   // each sale once: what the portfolio earns
  double referral_net_income = 0.0;  // counted inside referrers' values as well
  double sum_of_values = 0.0;    // network values: referred customers' income counted again
  std::string source;            // the customers' file, named when the totals overflow
};

void add_to_summary(PortfolioSummary& summary, const ValueResult& result, bool has_referrer);

}  // namespace clv
