#include "clv/error.hpp"
#include "clv/projection.hpp"

#include "customer_builders.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace clv;
using clv::test::ledger_customer;

TEST_CASE("projection: the article's table for customer A", "[projection]") {
  ProjectionOptions options;
  options.only_customer = "A";
  const auto projections = project(test::h_software(), options);
  REQUIRE(projections.size() == 1);
  const Projection& a = projections[0];
  const std::vector<double> revenue{800, 750, 700, 500, 3200};
  const std::vector<double> cost{850, 100, 100, 100, 100};
  const std::vector<double> referral{0, 800, 1550, 3050, 2700};
  const std::vector<double> profit{-50, 1450, 2150, 3450, 5800};
  const std::vector<double> cumulative{-50, 1400, 3550, 7000, 12800};
  REQUIRE(a.years.size() == 5);
  for (std::size_t y = 0; y < 5; ++y) {
    CHECK(a.years[y].year == static_cast<int>(y + 1));
    CHECK(a.years[y].revenue == revenue[y]);
    CHECK(a.years[y].cost == cost[y]);
    CHECK(a.years[y].referral == referral[y]);
    CHECK(a.years[y].profit == profit[y]);
    CHECK(a.years[y].cumulative_profit == cumulative[y]);
    CHECK_FALSE(a.years[y].discounted_profit.has_value());
  }
  CHECK(a.total_profit == 12800);
  CHECK_FALSE(a.npv.has_value());
}

TEST_CASE("projection: discounting is end of year", "[projection]") {
  ProjectionOptions options;
  options.only_customer = "A";
  options.discount_rate = 0.1;
  const Projection a = project(test::h_software(), options).at(0);
  // -50/1.1 + 1450/1.21 + 2150/1.331 + 3450/1.4641 + 5800/1.61051
  const double expected = -45.4545454545 + 1198.3471074380 + 1615.3268219384 + 2356.3964210095 + 3601.3436737586;
  CHECK(*a.years[0].discounted_profit == Approx(-45.454545));
  CHECK(*a.npv == Approx(expected).epsilon(1e-8));
  // The one rule of every command (discount_rate.hpp): a negative rate is refused here too.
  options.discount_rate = -0.1;
  CHECK_THROWS_AS(project(test::h_software(), options), clv::Error);
}

TEST_CASE("projection: detail lines add up to the referral row", "[projection]") {
  ProjectionOptions options;
  options.only_customer = "A";
  options.detail = ReferralDetail::per_customer;
  const Projection a = project(test::h_software(), options).at(0);
  REQUIRE(a.referrals.size() == 4);
  CHECK(a.referrals[0].id == "R1");
  CHECK(a.referrals[0].by_year == std::vector<double>{0, 800, 750, 700, 500});
  CHECK(a.referrals[3].by_year == std::vector<double>{0, 0, 0, 800, 750});
}

TEST_CASE("projection: referred customers' costs and referral_sales", "[projection]") {
  CustomerSet set;
  Customer a = ledger_customer("A", {{1, 100, 0, 50, {}}});
  a.years[0].referral_sales = 30;  // a referral not in the file
  set.customers.push_back(a);
  set.customers.push_back(ledger_customer("B", {{1, 200, 10, 60, {}}, {2, 0, 0, 20, {}}}, "A"));
  ProjectionOptions options;
  options.years = 3;
  const auto projections = project(set, options);
  REQUIRE(projections.size() == 2);
  // Year 1: 100 - 50 + 30 + (210 - 60) = 230; year 2: B's cost 20 counts against A: -20.
  CHECK(projections[0].years[0].referral == 180);
  CHECK(projections[0].years[0].profit == 230);
  CHECK(projections[0].years[1].profit == -20);
  CHECK(projections[0].years[2].profit == 0);  // missing year: zeros
  CHECK(projections[0].total_profit == 210);
}

TEST_CASE("projection: years after N are left out", "[projection]") {
  CustomerSet set;
  set.customers.push_back(ledger_customer("A", {{1, 10, 0, 0, {}}, {7, 1000, 0, 0, {}}}));
  const auto projections = project(set, ProjectionOptions{});
  CHECK(projections.at(0).total_profit == 10);
}

TEST_CASE("projection: data errors", "[projection]") {
  CustomerSet duplicate;
  duplicate.customers.push_back(ledger_customer("A", {{2, 1, 0, 0, {}}, {2, 1, 0, 0, {}}}));
  CHECK_THROWS_WITH(project(duplicate, {}), Catch::Contains("year appears twice '2'"));

  CustomerSet zero;
  zero.customers.push_back(ledger_customer("A", {{0, 1, 0, 0, {}}}));
  CHECK_THROWS_WITH(project(zero, {}), Catch::Contains("year must be 1 or later '0'"));

  CustomerSet unplaced;
  unplaced.customers.push_back(ledger_customer("A", {{1, 1, 0, 0, {}}}));
  unplaced.customers.push_back(test::formula_customer("F", 1, 1, 0, "A"));
  CHECK_THROWS_WITH(project(unplaced, {}), Catch::Contains("referred customer 'F' has no ledger"));

  ProjectionOptions missing;
  missing.only_customer = "nobody";
  CHECK_THROWS_WITH(project(test::h_software(), missing), Catch::Contains("no customer with id 'nobody'"));

  CustomerSet formula_only;
  formula_only.customers.push_back(test::formula_customer("F", 1, 1));
  CHECK_THROWS_WITH(project(formula_only, {}), Catch::Contains("no customer has a ledger"));
}

TEST_CASE("projection: yearly figures that add up past the largest double are a data error", "[projection]") {
  CustomerSet set;
  set.source = "huge.csv";
  // Each year's sales are a number; their cumulative profit (3.4e308) is not.
  set.customers.push_back(ledger_customer("A", {{1, 1.7e308, 0, 0, {}}, {2, 1.7e308, 0, 0, {}}}));
  ProjectionOptions options;
  options.years = 2;
  try {
    (void)project(set, options);
    FAIL("no error");
  } catch (const Error& error) {
    CHECK(error.code() == ExitCode::data_error);
    CHECK(error.describe().rfind("huge.csv: customer 'A': year 2: the amounts add up to more than", 0) == 0);
  }
  // Up and down again: every figure fits.
  set.customers[0].years[1].base_sales = 0;
  set.customers[0].years[1].cost = 1.7e308;
  const auto projections = project(set, options);
  CHECK(projections[0].years[1].cumulative_profit == 0.0);
}
