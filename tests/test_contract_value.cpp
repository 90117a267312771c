#include "clv/contract_value.hpp"

#include "clv/error.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

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

namespace {

// r(t) = (beta + t - 1) / (alpha + beta + t - 1), multiplied up: P(paying at tenure + k | active
// after tenure periods) without the log-beta route of survival() or the 2F1 of DERL.
double paying_after(const clv::models::sbg::Parameters& p, double tenure, int k) {
  double product = 1.0;
  for (int j = 1; j <= k; ++j) {
    const double t = tenure + j;
    product *= (p.beta + t - 1.0) / (p.alpha + p.beta + t - 1.0);
  }
  return product;
}

}  // namespace

TEST_CASE("contract customers of a file: value = margin x revenue x DERL - cost, ledgers from the next renewal",
          "[sbg]") {
  const clv::models::sbg::Parameters p{0.704, 1.182};
  const std::vector<std::string> ids{"active", "left"};
  const std::vector<clv::models::sbg::Contract> contracts{{3.0, clv::models::sbg::ContractStatus::active, 1.0},
                                                          {2.0, clv::models::sbg::ContractStatus::churned, 1.0}};
  clv::ContractTerms terms;
  terms.revenue = 100.0;
  terms.acquisition_cost = 40.0;
  terms.service_cost = 5.0;
  terms.margin = 0.5;
  terms.discount_rate = 0.1;
  const clv::CustomerSet formula = clv::contract_customer_set(p, ids, contracts, terms, 5, clv::CustomerView::formula);
  REQUIRE(formula.customers.size() == 2);
  double derl = 0.0;  // the payments from tenure + 1 on, that one undiscounted
  for (int k = 1; k <= 20000; ++k) {
    derl += paying_after(p, 3.0, k) / std::pow(1.1, k - 1);
  }
  const clv::Customer& active = formula.customers[0];
  CHECK(*active.transactions == Approx(derl).epsilon(1e-9));
  CHECK(*active.average_purchase == 50.0);
  CHECK(*active.acquisition_cost == 40.0);
  CHECK(active.service_cost == Approx(5.0 * derl).epsilon(1e-9));
  CHECK(*formula.customers[1].transactions == 0.0);  // no payment to come after leaving
  CHECK(formula.customers[1].service_cost == 0.0);

  const clv::CustomerSet ledger = clv::contract_customer_set(p, ids, contracts, terms, 3, clv::CustomerView::ledger);
  REQUIRE(ledger.customers[0].years.size() == 3);
  for (int k = 1; k <= 3; ++k) {
    const clv::LedgerYear& year = ledger.customers[0].years[static_cast<std::size_t>(k - 1)];
    CHECK(year.base_sales == Approx(50.0 * paying_after(p, 3.0, k)).epsilon(1e-12));
    CHECK(year.cost == Approx(5.0 * paying_after(p, 3.0, k) + (k == 1 ? 40.0 : 0.0)).epsilon(1e-12));
  }
  CHECK(ledger.customers[1].years[0].base_sales == 0.0);
  CHECK(ledger.customers[1].years[0].cost == 40.0);

  // Without discounting: DERL = (beta + tenure) / (alpha - 1), finite only for alpha > 1.
  terms.discount_rate.reset();
  const clv::models::sbg::Parameters loyal{2.5, 3.0};
  const clv::CustomerSet undiscounted =
      clv::contract_customer_set(loyal, ids, contracts, terms, 5, clv::CustomerView::formula);
  CHECK(*undiscounted.customers[0].transactions == Approx((3.0 + 3.0) / 1.5).epsilon(1e-12));
  CHECK_THROWS_AS(clv::contract_customer_set(p, ids, contracts, terms, 5, clv::CustomerView::formula), clv::Error);
  const std::vector<clv::models::sbg::Contract> counted{{3.0, clv::models::sbg::ContractStatus::active, 2.0},
                                                        {2.0, clv::models::sbg::ContractStatus::churned, 1.0}};
  CHECK_THROWS_AS(clv::contract_customer_set(loyal, ids, counted, terms, 5, clv::CustomerView::formula), clv::Error);
}
