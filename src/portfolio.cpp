#include "clv/portfolio.hpp"

namespace clv {

void add_to_summary(PortfolioSummary& summary, const ValueResult& result, bool has_referrer) {
  ++summary.customers;
  if (has_referrer) {
    ++summary.referred_customers;
  }
  summary.revenue += result.revenue;
  summary.own_net_income += result.own_net_income;
  summary.referral_net_income += result.referral_net_income;
  summary.sum_of_values += result.value;
}

}  // namespace clv
