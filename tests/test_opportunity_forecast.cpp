#include "clv/opportunity_forecast.hpp"

#include "clv/error.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

TEST_CASE("BG/BB customers: yearly sales are differences of the expected transactions", "[bgbb]") {
  const clv::models::bg_bb::Parameters p{1.204, 0.750, 0.657, 2.783};
  const std::vector<std::string> ids{"d1"};
  const std::vector<clv::models::bg_bb::OpportunityHistory> rows{{2, 4, 6, 1}};
  clv::OpportunityForecastOptions options;
  options.years = 3;
  options.average_purchase = 40.0;
  options.margin = 0.5;
  options.view = clv::CustomerView::ledger;
  const auto ledger = clv::opportunity_customer_set(p, ids, rows, options);
  REQUIRE(ledger.customers[0].years.size() == 3);
  // The sum over opportunities, term by term, is the independent route.
  double total = 0.0;
  for (const auto& year : ledger.customers[0].years) {
    total += year.base_sales;
  }
  CHECK(total == Approx(20.0 * clv::models::bg_bb::expected_transactions_sum(p, rows[0], 3)));
  CHECK(ledger.customers[0].years[0].base_sales ==
        Approx(20.0 * clv::models::bg_bb::expected_transactions_sum(p, rows[0], 1)));
  options.view = clv::CustomerView::formula;
  const auto formula = clv::opportunity_customer_set(p, ids, rows, options);
  CHECK(*formula.customers[0].transactions == Approx(clv::models::bg_bb::expected_transactions_sum(p, rows[0], 3)));
  CHECK(*formula.customers[0].average_purchase == 20.0);
  const std::vector<clv::models::bg_bb::OpportunityHistory> pattern{{2, 4, 6, 155}};
  CHECK_THROWS_AS(clv::opportunity_customer_set(p, ids, pattern, options), clv::Error);
}

TEST_CASE("BG/BB customers with a Gamma-Gamma spend model: expected transactions x conditional mean spend",
          "[bgbb]") {
  const clv::models::bg_bb::Parameters p{1.204, 0.750, 0.657, 2.783};
  const std::vector<double> spend{4.0, 6.0, 300.0};  // Gamma-Gamma p, q, gamma
  const std::vector<std::string> ids{"repeat", "once"};
  const std::vector<clv::models::bg_bb::OpportunityHistory> rows{{3, 5, 6, 1}, {0, 0, 6, 1}};
  const std::vector<double> monetary{80.0, 0.0};
  const std::vector<double> means = clv::opportunity_average_purchases(spend, ids, rows, monetary);
  // By hand: E[Z | x, z] = p (gamma + x z) / (p x + q - 1); for x = 0 the population mean
  // p gamma / (q - 1).
  CHECK(means[0] == Approx(4.0 * (300.0 + 3.0 * 80.0) / (4.0 * 3.0 + 6.0 - 1.0)).epsilon(1e-12));
  CHECK(means[1] == Approx(4.0 * 300.0 / 5.0).epsilon(1e-12));

  clv::OpportunityForecastOptions options;
  options.years = 5;
  options.margin = 0.5;
  options.average_purchases = means;
  options.view = clv::CustomerView::formula;
  const auto set = clv::opportunity_customer_set(p, ids, rows, options);
  for (std::size_t i = 0; i < 2; ++i) {
    const double transactions = clv::models::bg_bb::expected_transactions_sum(p, rows[i], 5);
    CHECK(*set.customers[i].transactions == Approx(transactions).epsilon(1e-10));
    CHECK(*set.customers[i].average_purchase == Approx(0.5 * means[i]).epsilon(1e-12));
  }

  const std::vector<double> missing{0.0, 0.0};  // repeat transactions without an amount
  CHECK_THROWS_AS(clv::opportunity_average_purchases(spend, ids, rows, missing), clv::Error);
}
