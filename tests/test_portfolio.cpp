#include "clv/portfolio.hpp"

#include "customer_builders.hpp"

#include <catch2/catch.hpp>

using namespace clv;

TEST_CASE("portfolio: each sale once vs the sum of network values", "[portfolio]") {
  // The article's example: A earns 12,800 as a network value, but 8,100 of it are R1-R4's
  // purchases, which are also their own net income.
  const CustomerSet set = test::h_software();
  const auto results = customer_values(set, ReferralDepth::all);
  PortfolioSummary summary;
  for (std::size_t i = 0; i < results.size(); ++i) {
    add_to_summary(summary, results[i], set.customers[i].referred_by.has_value());
  }
  CHECK(summary.customers == 5);
  CHECK(summary.referred_customers == 4);
  CHECK(summary.own_net_income == Approx(4700 + 8100));  // A's 5950 - 1250, plus R1-R4
  CHECK(summary.sum_of_values == Approx(12800 + 8100));  // R1-R4 counted twice
  CHECK(summary.sum_of_values - summary.own_net_income == Approx(summary.referral_net_income));
}
