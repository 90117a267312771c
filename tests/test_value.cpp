#include "clv/error.hpp"
#include "clv/value.hpp"

#include "customer_builders.hpp"

#include <catch2/catch.hpp>

using namespace clv;
using clv::test::formula_customer;

TEST_CASE("value: the article's formula with the worked example's numbers", "[value]") {
  // 9 transactions of 661.11 less 850 acquisition, plus 8,100 from referrals:
  // 5,949.99 - 850 + 8,100 = 13,199.99 (the article rounds to 13,200).
  Customer a = formula_customer("A", 9, 661.11, 850);
  a.referral_net_income = 8100;
  const ValueResult result = customer_value(a);
  CHECK(result.revenue == Approx(5949.99));
  CHECK(result.own_net_income == Approx(5099.99));
  CHECK(result.referral_net_income == Approx(8100));
  CHECK(result.value == Approx(13199.99));
  CHECK(result.kind == CustomerKind::formula);
  CHECK(result.transactions == 9);
}

TEST_CASE("value: service cost and defaults", "[value]") {
  Customer c;
  c.id = "C";
  c.transactions = 4;
  c.average_purchase = 50;
  c.service_cost = 30;  // no acquisition cost: 0
  const ValueResult result = customer_value(c);
  CHECK(result.acquisition_cost == 0);
  CHECK(result.value == Approx(170));  // 200 - 30
  CHECK(own_net_income(c) == Approx(170));
}

TEST_CASE("value: negative referral income lowers the value", "[value]") {
  Customer c = formula_customer("C", 4, 50, 90);
  c.service_cost = 30;
  c.referral_net_income = -40;
  CHECK(customer_value(c).value == Approx(40));  // 200 - 90 - 30 - 40
}

TEST_CASE("value: referred customers' own net income goes to the referrer", "[value]") {
  CustomerSet set;
  set.customers.push_back(formula_customer("P", 10, 100, 200));        // own 800
  set.customers.push_back(formula_customer("Q", 5, 40, 50, "P"));      // own 150
  set.customers.push_back(formula_customer("S", 2, 30, 100, "Q"));     // own -40
  const auto all = customer_values(set, ReferralDepth::all);
  CHECK(all[0].referral_net_income == Approx(110));  // 150 - 40
  CHECK(all[0].value == Approx(910));
  CHECK(all[0].referred_customers == 2);
  CHECK(all[1].value == Approx(110));  // 150 - 40
  CHECK(all[2].value == Approx(-40));
  const auto direct = customer_values(set, ReferralDepth::direct);
  CHECK(direct[0].referral_net_income == Approx(150));
  CHECK(direct[0].referred_customers == 1);
}

TEST_CASE("value: a ledger customer's value is its projection's total profit", "[value]") {
  const auto results = customer_values(test::h_software(), ReferralDepth::all);
  CHECK(results[0].kind == CustomerKind::ledger);
  CHECK(results[0].revenue == Approx(5950));          // 800 + 750 + 700 + 500 + 3200
  CHECK(results[0].acquisition_cost == Approx(850));  // year 1's cost
  CHECK(results[0].service_cost == Approx(400));      // 4 x 100
  CHECK(results[0].referral_net_income == Approx(8100));
  CHECK(results[0].value == Approx(12800));
  CHECK(results[0].referred_customers == 4);
  CHECK_FALSE(results[0].transactions.has_value());
  CHECK(results[1].value == Approx(2750));  // R1: 800 + 750 + 700 + 500
}

TEST_CASE("value: a customer needs formula inputs or a ledger, not both", "[value]") {
  Customer none;
  none.id = "N";
  none.transactions = 3;
  CHECK_THROWS_WITH(customer_value(none), Catch::Contains("'N' needs transactions and average_purchase"));
  Customer both = formula_customer("B", 1, 1);
  both.years.push_back({1, 10, 0, 0, {}});
  CHECK_THROWS_AS(own_net_income(both), Error);
}
