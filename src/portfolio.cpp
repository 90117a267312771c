#include "clv/portfolio.hpp"

#include "clv/error.hpp"

#include <fmt/format.h>

#include <cmath>

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
  // A million values near the largest double add up past it: refuse rather than print inf
  // (invalid JSON, and no order for --sort/--top).
  if (!std::isfinite(summary.revenue) || !std::isfinite(summary.own_net_income) ||
      !std::isfinite(summary.referral_net_income) || !std::isfinite(summary.sum_of_values)) {
    throw data_error(fmt::format("the totals over all customers are beyond the largest number clv can hold (about "
                                 "1.8e308), first at customer '{}'; the amounts are too large",
                                 result.id),
                     Location{summary.source});
  }
}

}  // namespace clv
