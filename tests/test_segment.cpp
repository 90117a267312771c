#include "clv/segment.hpp"

#include "clv/error.hpp"

#include "customer_builders.hpp"

#include <catch2/catch.hpp>

namespace {

using clv::test::formula_customer;
using clv::test::ledger_customer;

// docs/segment.md's worked example (examples/channels.csv): five ledger customers won through
// three channels; S2 was referred by P1.
clv::CustomerSet channels() {
  clv::CustomerSet set;
  set.source = "channels.csv";
  set.customers.push_back(ledger_customer("P1", {{1, 500, 0, 600, {}}, {2, 400, 0, 100, {}}, {3, 400, 0, 100, {}}}));
  set.customers.push_back(ledger_customer("P2", {{1, 300, 0, 400, {}}, {2, 200, 0, 50, {}}, {3, 200, 0, 50, {}}}));
  set.customers.push_back(ledger_customer("S1", {{1, 200, 0, 150, {}}, {2, 100, 0, 50, {}}, {3, 100, 0, 50, {}}}));
  set.customers.push_back(
      ledger_customer("S2", {{1, 100, 0, 20, {}}, {2, 100, 0, 20, {}}, {3, 50, 0, 10, {}}}, std::string("P1")));
  set.customers.push_back(ledger_customer("E1", {{1, 100, 0, 500, {}}, {2, 100, 0, 100, {}}, {3, 100, 0, 100, {}}}));
  return set;
}

const std::vector<std::string> k_channels{"partner", "partner", "search", "search", "event"};

}  // namespace

TEST_CASE("segment_customers: the worked example of docs/segment.md, by hand") {
  const clv::SegmentTable table = clv::segment_customers(channels(), k_channels, {}, {});
  REQUIRE(table.segments.size() == 3);
  REQUIRE(table.segment_count == 3);

  // partner: own net incomes P1 1300 - 800 = 500, P2 700 - 500 = 200; acquisition cost (year 1's
  // cost) 600 + 400 = 1000; P1's referral income is S2's own net income 250 - 50 = 200.
  const clv::SegmentResult& partner = table.segments[0];
  CHECK(partner.segment == "partner");
  CHECK(partner.customers == 2);
  CHECK(partner.total_value == Approx(700));
  CHECK(*partner.share == Approx(700.0 / 650.0));
  CHECK(partner.mean_value == Approx(350));
  CHECK(partner.median_value == Approx(350));
  CHECK(partner.mean_acquisition_cost == Approx(500));
  CHECK(*partner.ltv_to_cac == Approx(1.7));  // (700 + 1000) / 1000
  CHECK(partner.referral_income == Approx(200));
  // Tables: P1 -100 + 80 (S2's year 1), 300 + 80, 300 + 40; P2 -100, 150, 150. Sum -120, 530, 490:
  // cumulative -120, 410: paid back in year 2.
  CHECK(*partner.payback_year == 2);
  CHECK_FALSE(partner.mean_probability_alive);

  // search: S1 150, S2 200; acquisition 150 + 20; tables 50+80, 50+80, 50+40: year 1.
  const clv::SegmentResult& search = table.segments[1];
  CHECK(search.segment == "search");
  CHECK(search.total_value == Approx(350));
  CHECK(search.median_value == Approx(175));
  CHECK(search.mean_acquisition_cost == Approx(85));
  CHECK(*search.ltv_to_cac == Approx(520.0 / 170.0));
  CHECK(*search.payback_year == 1);
  CHECK(search.referral_income == Approx(0));

  // event: E1 300 - 700 = -400, acquisition 500: (−400 + 500) / 500 = 0.2; cumulative -400,
  // -400, -400 and 0 in years 4 and 5: never paid back.
  const clv::SegmentResult& event = table.segments[2];
  CHECK(event.segment == "event");
  CHECK(event.total_value == Approx(-400));
  CHECK(*event.share == Approx(-400.0 / 650.0));
  CHECK(*event.ltv_to_cac == Approx(0.2));
  CHECK_FALSE(event.payback_year);

  // Everyone: 650 each sale once; median of 500, 200, 150, 200, -400 is 200; acquisition 1,670;
  // tables -390, 660, ...: year 2.
  CHECK(table.total.segment == "(all)");
  CHECK(table.total.customers == 5);
  CHECK(table.total.total_value == Approx(650));
  CHECK(*table.total.share == Approx(1.0));
  CHECK(table.total.mean_value == Approx(130));
  CHECK(table.total.median_value == Approx(200));
  CHECK(table.total.mean_acquisition_cost == Approx(334));
  CHECK(*table.total.ltv_to_cac == Approx(2320.0 / 1670.0));
  CHECK(table.total.referral_income == Approx(200));
  CHECK(*table.total.payback_year == 2);
}

TEST_CASE("segment_customers: a payback beyond --years is none, and direct referrals") {
  clv::SegmentOptions options;
  options.years = 1;
  const clv::SegmentTable table = clv::segment_customers(channels(), k_channels, {}, options);
  CHECK_FALSE(table.segments[0].payback_year);  // partner: -120 after year 1
  CHECK(*table.segments[1].payback_year == 1);
  CHECK_FALSE(table.total.payback_year);
}

TEST_CASE("segment_customers: formula customers have no payback, and no acquisition cost, no LTV:CAC") {
  clv::CustomerSet set;
  set.source = "t.csv";
  set.customers.push_back(formula_customer("a", 10, 10, 20));  // 100 - 20 = 80
  set.customers.push_back(formula_customer("b", 2, 10, 0));    // 20
  set.customers.push_back(formula_customer("c", 1, 30, 0));    // 30
  const clv::SegmentTable table = clv::segment_customers(set, {"x", "y", "y"}, {}, {});
  REQUIRE(table.segments.size() == 2);
  CHECK(table.segments[0].segment == "x");
  CHECK(*table.segments[0].ltv_to_cac == Approx(5.0));  // (80 + 20) / 20
  CHECK(table.segments[1].segment == "y");
  CHECK(table.segments[1].total_value == Approx(50));
  CHECK(table.segments[1].median_value == Approx(25));
  CHECK_FALSE(table.segments[1].ltv_to_cac);
  CHECK_FALSE(table.segments[1].payback_year);
  CHECK_FALSE(table.total.payback_year);
}

TEST_CASE("segment_customers: risk columns from P(alive) and value if alive") {
  clv::CustomerSet set;
  set.source = "t.csv";
  set.customers.push_back(formula_customer("a", 1, 100));
  set.customers.push_back(formula_customer("b", 1, 100));
  set.customers.push_back(formula_customer("c", 1, 100));
  // a: at risk, stake (1 - 0.2) * 500 = 400; b: alive; c: P(alive) 0.4 but nothing at stake.
  const std::vector<clv::SegmentRiskInput> risk{{0.2, 500}, {0.9, 1000}, {0.4, 0}};
  const clv::SegmentTable table = clv::segment_customers(set, {"s", "s", "t"}, risk, {});
  CHECK(*table.segments[0].mean_probability_alive == Approx(0.55));
  CHECK(*table.segments[0].customers_at_risk == 1);
  CHECK(*table.segments[0].value_at_stake == Approx(400));
  CHECK(*table.segments[1].customers_at_risk == 0);
  CHECK(*table.total.mean_probability_alive == Approx(0.5));
  CHECK(*table.total.value_at_stake == Approx(400));
}

TEST_CASE("segment_customers: too many segments, --top, mismatched keys") {
  clv::CustomerSet set;
  set.source = "t.csv";
  std::vector<std::string> keys;
  const char* const ids[] = {"c0", "c1", "c2", "c3", "c4"};
  const char* const names[] = {"k0", "k1", "k2", "k3", "k4"};
  for (int i = 0; i < 5; ++i) {
    set.customers.push_back(formula_customer(ids[i], 1, 10.0 * (i + 1)));
    keys.emplace_back(names[i]);
  }
  clv::SegmentOptions options;
  options.max_segments = 4;
  CHECK_THROWS_AS(clv::segment_customers(set, keys, {}, options), clv::Error);
  options.top = 2;
  const clv::SegmentTable table = clv::segment_customers(set, keys, {}, options);
  REQUIRE(table.segments.size() == 2);
  CHECK(table.segments[0].segment == "k4");
  CHECK(table.segment_count == 5);
  CHECK(table.total.total_value == Approx(150));
  keys.pop_back();
  CHECK_THROWS_AS(clv::segment_customers(set, keys, {}, {}), clv::Error);
}

TEST_CASE("cohort_of and parse_cohort_period") {
  CHECK(*clv::cohort_of("2024-03-15", clv::CohortPeriod::month) == "2024-03");
  CHECK(*clv::cohort_of("2024-03-15", clv::CohortPeriod::quarter) == "2024-Q1");
  CHECK(*clv::cohort_of("2024-10-01T08:26", clv::CohortPeriod::quarter) == "2024-Q4");
  CHECK(*clv::cohort_of("2024-12-31", clv::CohortPeriod::year) == "2024");
  CHECK_FALSE(clv::cohort_of("2024-13-01", clv::CohortPeriod::year));
  CHECK_FALSE(clv::cohort_of("12/1/2010", clv::CohortPeriod::year));
  CHECK(clv::parse_cohort_period("quarter") == clv::CohortPeriod::quarter);
  CHECK_THROWS_AS(clv::parse_cohort_period("week"), clv::Error);
}

TEST_CASE("project_segments: the sum of the customers' tables") {
  clv::ProjectionOptions options;
  options.years = 3;
  options.discount_rate = 0.1;
  const clv::SegmentProjections sums =
      clv::project_segments(channels(), k_channels, options, {"partner", "search", "event"});
  REQUIRE(sums.tables.size() == 3);
  const clv::Projection& partner = sums.tables[0];
  CHECK(partner.id == "partner");
  CHECK(partner.years[0].revenue == Approx(800));
  CHECK(partner.years[0].cost == Approx(1000));
  CHECK(partner.years[0].referral == Approx(80));
  CHECK(partner.years[0].profit == Approx(-120));
  CHECK(partner.years[1].cumulative_profit == Approx(410));
  CHECK(partner.total_profit == Approx(900));
  CHECK(*partner.npv == Approx(-120 / 1.1 + 530 / 1.21 + 490 / 1.331));
  CHECK(sums.tables[2].total_profit == Approx(-400));
}

TEST_CASE("first_purchase_date: observation end minus the age") {
  CHECK(*clv::first_purchase_date("1998-06-30", 0, clv::TimeUnit::days) == "1998-06-30");
  CHECK(*clv::first_purchase_date("1998-06-30", 180, clv::TimeUnit::days) == "1998-01-01");
  CHECK(*clv::first_purchase_date("2024-03-01", 1, clv::TimeUnit::weeks) == "2024-02-23");  // a leap year
  CHECK(*clv::first_purchase_date("2024-12-31", 12, clv::TimeUnit::months) == "2024-01-01");  // 365 days back in a leap year
  CHECK_FALSE(clv::first_purchase_date("not a date", 1, clv::TimeUnit::days));
  CHECK_FALSE(clv::first_purchase_date("2024-02-30", 1, clv::TimeUnit::days));
}

TEST_CASE("segment_customers: has_tables tells 'never paid back' from 'no yearly table'") {
  const clv::SegmentTable ledgers = clv::segment_customers(channels(), k_channels, {}, {});
  CHECK(ledgers.segments[2].has_tables);  // event: never paid back
  CHECK_FALSE(ledgers.segments[2].payback_year);
  clv::CustomerSet set;
  set.source = "t.csv";
  set.customers.push_back(formula_customer("a", 1, 10, 20));
  const clv::SegmentTable formula = clv::segment_customers(set, {"x"}, {}, {});
  CHECK_FALSE(formula.segments[0].has_tables);
}

TEST_CASE("segment_customers refuses totals past the largest double instead of inf or nan") {
  clv::CustomerSet set;
  set.source = "huge.csv";
  set.customers.push_back(formula_customer("a", 1, 1.7e308));
  set.customers.push_back(formula_customer("b", 1, 1.7e308));
  set.customers.push_back(formula_customer("c", 1, 5));
  try {
    (void)clv::segment_customers(set, {"web", "web", "shop"}, {}, {});
    FAIL("no error");
  } catch (const clv::Error& error) {
    CHECK(error.code() == clv::ExitCode::data_error);
    CHECK(error.describe().rfind("huge.csv: segment '(all)': its totals are beyond", 0) == 0);
  }
  // Each apart, the two huge customers fit; their median (1.7e308 + 1.7e308) / 2 is computed
  // without overflowing.
  set.customers.pop_back();
  set.customers[1].average_purchase = 1e300;
  const clv::SegmentTable two = clv::segment_customers(set, {"web", "web"}, {}, {});
  CHECK(two.total.median_value == Approx(1.7e308 / 2 + 1e300 / 2));
  clv::CustomerSet pair;
  pair.source = "pair.csv";
  pair.customers.push_back(formula_customer("a", 1, 1.7e308));
  pair.customers.push_back(formula_customer("b", 1, 1.7e308));
  CHECK_THROWS_AS(clv::segment_customers(pair, {"x", "y"}, {}, {}), clv::Error);  // the total overflows
}

TEST_CASE("project_segments: a segment's summed years past the largest double are a data error") {
  clv::CustomerSet set;
  set.source = "huge.csv";
  set.customers.push_back(ledger_customer("A", {{1, 1.7e308, 0, 0, {}}}));
  set.customers.push_back(ledger_customer("B", {{1, 1.7e308, 0, 0, {}}}));
  clv::ProjectionOptions options;
  options.years = 1;
  CHECK_THROWS_AS(clv::project_segments(set, {"x", "x"}, options, {}), clv::Error);
  // In two segments each sum fits.
  const clv::SegmentProjections apart = clv::project_segments(set, {"x", "y"}, options, {});
  CHECK(apart.tables[0].years[0].revenue == 1.7e308);
}

TEST_CASE("segment_customers: values from formula customers, the payback year from their ledgers") {
  // As for sBG and BG/BB: the values are clv value's (formula view), the yearly tables the
  // ledgers of the same customers, which need not add up to the same value (an sBG ledger
  // stops after --years and is not discounted).
  clv::CustomerSet valued;
  valued.source = "t.csv";
  valued.customers.push_back(formula_customer("a", 10, 10, 20));  // 100 - 20 = 80
  valued.customers.push_back(formula_customer("b", 2, 10, 0));    // 20
  valued.customers.push_back(formula_customer("c", 1, 30, 0));    // 30
  clv::CustomerSet tables;
  tables.source = "t.csv";
  tables.customers.push_back(ledger_customer("a", {{1, 30, 0, 40, {}}, {2, 30, 0, 0, {}}}));  // -10, then 20
  tables.customers.push_back(ledger_customer("b", {{1, 15, 0, 0, {}}, {2, 5, 0, 0, {}}}));
  tables.customers.push_back(ledger_customer("c", {{1, 10, 0, 0, {}}, {2, 0, 0, 0, {}}}));
  clv::SegmentOptions options;
  options.years = 2;
  const clv::SegmentTable table = clv::segment_customers(valued, {"x", "y", "y"}, {}, options, &tables);
  REQUIRE(table.segments.size() == 2);
  CHECK(table.segments[0].segment == "x");
  CHECK(table.segments[0].total_value == Approx(80));  // not the ledger's 20
  CHECK(table.segments[0].mean_acquisition_cost == Approx(20));
  CHECK(table.segments[0].has_tables);
  CHECK(table.segments[0].payback_year == 2);  // cumulative -10, then 20
  CHECK(table.segments[1].total_value == Approx(50));
  CHECK(table.segments[1].payback_year == 1);  // 15 + 10
  CHECK(table.total.total_value == Approx(130));
  CHECK(table.total.payback_year == 1);  // -10 + 15 + 10 = 15
  // Without the tables, formula customers have no payback year.
  CHECK_FALSE(clv::segment_customers(valued, {"x", "y", "y"}, {}, options).total.payback_year);
  // Tables of other customers are refused.
  clv::CustomerSet other = tables;
  other.customers[2].id = "d";
  CHECK_THROWS_AS(clv::segment_customers(valued, {"x", "y", "y"}, {}, options, &other), clv::Error);
  other.customers.pop_back();
  CHECK_THROWS_AS(clv::segment_customers(valued, {"x", "y", "y"}, {}, options, &other), clv::Error);
}
