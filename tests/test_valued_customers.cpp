#include "clv/valued_customers.hpp"

#include "customer_builders.hpp"

#include <catch2/catch.hpp>

TEST_CASE("value_customers: article 003's example, values with referral income, own total once") {
  const clv::CustomerSet set = clv::test::h_software();
  const clv::ValuedCustomers all = clv::value_customers(set, clv::ReferralDepth::all);
  REQUIRE(all.customers.size() == 5);
  // A: revenue 5,950 - cost 1,250 + referral income 8,100 (R1..R4's sales, by hand) = 12,800.
  CHECK(all.customers[0].id == "A");
  CHECK(all.customers[0].value == Approx(12800.0));
  CHECK(*all.customers[0].acquisition_cost == Approx(850.0));
  CHECK(*all.customers[0].referral_income == Approx(8100.0));
  CHECK(all.customers[1].value == Approx(2750.0));
  CHECK(*all.customers[1].referral_income == Approx(0.0));
  // Each sale once: A's own 4,700 plus R1..R4's 2,750 + 2,250 + 1,550 + 1,550 = 12,800, while the
  // values add up to 12,800 + 8,100 = 20,900.
  CHECK(all.portfolio.own_net_income == Approx(12800.0));
  CHECK(all.portfolio.sum_of_values == Approx(20900.0));
  CHECK(all.portfolio.referred_customers == 4);
  CHECK_FALSE(all.has_name);
}

TEST_CASE("value_customers: a formula customer and a name") {
  clv::CustomerSet set;
  set.source = "t.csv";
  set.customers.push_back(clv::test::formula_customer("X", 9, 661.11, 850));
  set.customers[0].name = "Xavier";
  set.customers[0].referral_net_income = 8100;
  const clv::ValuedCustomers valued = clv::value_customers(set, clv::ReferralDepth::direct);
  REQUIRE(valued.customers.size() == 1);
  // 9 x 661.11 - 850 + 8,100 = 13,199.99
  CHECK(valued.customers[0].value == Approx(13199.99));
  CHECK(valued.portfolio.own_net_income == Approx(5099.99));
  CHECK(valued.has_name);
  CHECK(*valued.customers[0].name == "Xavier");
}
