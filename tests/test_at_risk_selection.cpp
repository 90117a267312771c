#include "clv/at_risk_selection.hpp"

#include "clv/error.hpp"

#include <catch2/catch.hpp>

namespace {

std::vector<clv::AtRiskInput> customers() {
  return {
      {"x", std::nullopt, 0.2, 1000.0, 90.0, 30.0},           // at stake 0.8 * 1000 = 800
      {"y", std::string("Yu"), 0.4, 2000.0, std::nullopt, std::nullopt},  // 0.6 * 2000 = 1200
      {"z", std::nullopt, 0.6, 5000.0, std::nullopt, std::nullopt},       // alive enough
      {"w", std::nullopt, 0.5, 100.0, std::nullopt, std::nullopt},        // not below 0.5
      {"u", std::nullopt, 0.1, -50.0, std::nullopt, std::nullopt},        // nothing at stake
      {"t", std::nullopt, 0.25, 1600.0, 10.0, 0.0},           // 0.75 * 1600 = 1200, ties with y
  };
}

}  // namespace

TEST_CASE("value at stake and the usual gap") {
  CHECK(clv::value_at_stake(0.2, 1000.0) == Approx(800.0));
  CHECK(clv::value_at_stake(1.0, 1000.0) == 0.0);
  CHECK(*clv::usual_gap_days(120.0, 4.0) == Approx(30.0));
  CHECK_FALSE(clv::usual_gap_days(0.0, 0.0).has_value());
}

TEST_CASE("select_at_risk keeps P(alive) below the threshold, sorted by value at stake then id") {
  const auto selected = clv::select_at_risk(customers());
  REQUIRE(selected.size() == 3);
  CHECK(selected[0].id == "t");
  CHECK(selected[0].value_at_stake == Approx(1200.0));
  CHECK_FALSE(selected[0].gaps_overdue.has_value());  // a zero gap has no ratio
  CHECK(selected[1].id == "y");
  CHECK(selected[1].name == std::optional<std::string>("Yu"));
  CHECK(selected[2].id == "x");
  CHECK(selected[2].value_at_stake == Approx(800.0));
  CHECK(*selected[2].gaps_overdue == Approx(3.0));
}

TEST_CASE("select_at_risk: minimum value, top N and another threshold") {
  clv::AtRiskOptions options;
  options.minimum_value_at_stake = 1000.0;
  auto selected = clv::select_at_risk(customers(), options);
  REQUIRE(selected.size() == 2);
  CHECK(selected[1].id == "y");

  options.minimum_value_at_stake = 0.0;
  options.top = 1;
  selected = clv::select_at_risk(customers(), options);
  REQUIRE(selected.size() == 1);
  CHECK(selected[0].id == "t");

  options.top.reset();
  options.alive_threshold = 0.7;  // now z (0.4 * 5000 = 2000) and w (0.5 * 100 = 50) qualify
  selected = clv::select_at_risk(customers(), options);
  REQUIRE(selected.size() == 5);
  CHECK(selected[0].id == "z");
  CHECK(selected[0].value_at_stake == Approx(2000.0));
  CHECK(selected[4].id == "w");
}

TEST_CASE("select_at_risk rejects bad input") {
  CHECK_THROWS_AS(clv::select_at_risk({{"a", {}, 1.5, 10.0, {}, {}}}), clv::Error);
  CHECK_THROWS_AS(clv::select_at_risk({{"a", {}, 0.5, 10.0, -1.0, {}}}), clv::Error);
  clv::AtRiskOptions options;
  options.alive_threshold = 0.0;
  CHECK_THROWS_AS(clv::select_at_risk(customers(), options), clv::Error);
}

TEST_CASE("select_at_risk refuses a list whose value at stake adds up past the largest double") {
  // Each 0.9 * 9e307 = 8.1e307 is a number; three of them (2.43e308) are not.
  const std::vector<clv::AtRiskInput> huge{{"a", {}, 0.1, 9e307, {}, {}},
                                           {"b", {}, 0.1, 9e307, {}, {}},
                                           {"c", {}, 0.1, 9e307, {}, {}}};
  CHECK_THROWS_AS(clv::select_at_risk(huge), clv::Error);
  // Two fit (1.62e308 < DBL_MAX, about 1.8e308): listed.
  clv::AtRiskOptions two;
  two.top = 2;
  CHECK(clv::select_at_risk(huge, two).size() == 2);
  // A silence of a million days after a usual gap of 1e-305 days is too many gaps to write.
  CHECK_THROWS_AS(clv::select_at_risk({{"a", {}, 0.1, 10.0, 1e6, 1e-305}}), clv::Error);
}

TEST_CASE("list_at_risk counts and totals every customer at risk, then cuts the list") {
  const auto selected = clv::select_at_risk(customers());
  const double all = 1200.0 + 1200.0 + 800.0;  // t, y and x, by hand above
  const clv::AtRiskList cut = clv::list_at_risk(selected, 1);
  CHECK(cut.customers_at_risk == selected.size());
  CHECK(cut.value_at_stake == Approx(all));
  REQUIRE(cut.listed.size() == 1);
  CHECK(cut.listed.front().id == selected.front().id);
  const clv::AtRiskList whole = clv::list_at_risk(selected, std::nullopt);
  CHECK(whole.listed.size() == selected.size());
  CHECK(whole.value_at_stake == Approx(all));
  CHECK(clv::list_at_risk(selected, 100).listed.size() == selected.size());
  const clv::AtRiskList none = clv::list_at_risk({}, 5);
  CHECK(none.customers_at_risk == 0);
  CHECK(none.value_at_stake == 0.0);
  // Two that fit alone but not together: the total of all is refused even when one is listed.
  CHECK_THROWS_AS(clv::list_at_risk({{"a", {}, 0.1, 1e308, 1e308, {}, {}, {}}, {"b", {}, 0.1, 1e308, 1e308, {}, {}, {}}}, 1),
                  clv::Error);
}
