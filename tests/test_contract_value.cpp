#include "clv/contract_value.hpp"

#include "clv/error.hpp"

#include <catch2/catch.hpp>

#include <cmath>

TEST_CASE("contract value: the formula customer pays revenue x DEL", "[sbg]") {
  const clv::models::sbg::Parameters regular{0.704, 1.182};
  clv::ContractTerms terms;
  terms.revenue = 100.0;
  terms.acquisition_cost = 150.0;
  terms.service_cost = 10.0;
  terms.margin = 0.5;
  terms.discount_rate = 0.1;
  const auto customer = clv::contract_formula_customer(regular, terms, "c");
  // The direct sum of S(t)/1.1^t, t = 0..4999, stands in for DEL.
  const double payments = clv::models::sbg::discounted_lifetime_sum(regular, 0.1, 5000);
  CHECK(*customer.transactions == Approx(payments).epsilon(1e-9));
  CHECK(*customer.average_purchase == 50.0);
  CHECK(customer.service_cost == Approx(10.0 * payments));
  terms.discount_rate.reset();
  CHECK_THROWS_AS(clv::contract_formula_customer(regular, terms, "c"), clv::Error);  // alpha <= 1
}

TEST_CASE("contract value: the ledger customer's years follow S(k-1)", "[sbg]") {
  const clv::models::sbg::Parameters p{0.704, 1.182};
  clv::ContractTerms terms;
  terms.revenue = 100.0;
  terms.acquisition_cost = 150.0;
  terms.service_cost = 10.0;
  const auto customer = clv::contract_ledger_customer(p, terms, 3, "c");
  REQUIRE(customer.years.size() == 3);
  CHECK(customer.years[0].base_sales == 100.0);
  CHECK(customer.years[0].cost == 160.0);
  // S(1) = r(1) = beta / (alpha + beta); S(2) = S(1) (beta + 1) / (alpha + beta + 1).
  const double s1 = 1.182 / (0.704 + 1.182);
  CHECK(customer.years[1].base_sales == Approx(100.0 * s1));
  CHECK(customer.years[2].cost == Approx(10.0 * s1 * 2.182 / 2.886));
}
