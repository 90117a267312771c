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
