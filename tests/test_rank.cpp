#include "clv/rank.hpp"

#include "clv/error.hpp"

#include <catch2/catch.hpp>

#include <cmath>

namespace {

using clv::RankInput;

// Seven customers worked by hand (docs/rank.md uses the same example).
// Rank order: a 100, b 50, c 50 (tie: b before c by id), d 20, e 0, f -10, g -30.
// Total 180, positive 220, negative 2 customers with -40.
std::vector<RankInput> seven() {
  return {
      {"g", std::nullopt, -30.0, std::nullopt, std::nullopt},
      {"c", std::nullopt, 50.0, std::nullopt, 5.0},
      {"a", std::string("Ann"), 100.0, 10.0, std::nullopt},
      {"e", std::nullopt, 0.0, std::nullopt, std::nullopt},
      {"b", std::nullopt, 50.0, 30.0, std::nullopt},
      {"f", std::nullopt, -10.0, std::nullopt, std::nullopt},
      {"d", std::nullopt, 20.0, std::nullopt, 15.0},
  };
}

}  // namespace

TEST_CASE("top_count rounds a share of customers up, except whole numbers") {
  CHECK(clv::top_count(20.0, 7) == 2);   // 1.4 -> 2
  CHECK(clv::top_count(1.0, 7) == 1);    // 0.07 -> 1
  CHECK(clv::top_count(50.0, 7) == 4);   // 3.5 -> 4
  CHECK(clv::top_count(10.0, 30) == 3);
  CHECK(clv::top_count(10.0, 10) == 1);
  CHECK(clv::top_count(0.1 * 3, 1000) == 3);  // 0.30000000000000004% of 1000 is still 3
  CHECK(clv::top_count(0.0, 5) == 0);
  CHECK(clv::top_count(100.0, 7) == 7);
  CHECK(clv::top_count(20.0, 0) == 0);
}

TEST_CASE("rank_customers orders by value, ties by id, with deciles and share tiers") {
  const clv::RankResult result = clv::rank_customers(seven());
  REQUIRE(result.customers.size() == 7);
  std::string order;
  for (const auto& ranked : result.customers) {
    order += ranked.customer.id;
  }
  CHECK(order == "abcdefg");
  CHECK(result.customers[0].rank == 1);
  CHECK(result.customers[6].rank == 7);
  CHECK(result.customers[0].customer.name == std::optional<std::string>("Ann"));
  // Decile d ends at rank ceil(7 d / 10) = 1,2,3,3,4,5,5,6,7,7.
  const std::vector<int> deciles{1, 2, 3, 5, 6, 8, 9};
  // Tiers: top 20% = ceil(1.4) = 2, top 50% = ceil(3.5) = 4.
  const std::vector<int> tiers{1, 1, 2, 2, 3, 3, 3};
  for (std::size_t i = 0; i < 7; ++i) {
    CHECK(result.customers[i].decile == deciles[i]);
    CHECK(result.customers[i].tier == tiers[i]);
  }
  CHECK(result.customers[3].cumulative_value == Approx(220.0));
  CHECK(*result.customers[3].cumulative_share == Approx(220.0 / 180.0));
  CHECK(*result.customers[6].cumulative_share == Approx(1.0));

  const clv::RankSummary& summary = result.summary;
  CHECK(summary.customers == 7);
  CHECK(summary.total_value == Approx(180.0));
  CHECK(summary.positive_value == Approx(220.0));
  CHECK(summary.negative_customers == 2);
  CHECK(summary.negative_value == Approx(-40.0));
  REQUIRE(summary.top.size() == 3);
  CHECK(summary.top[0].customers == 1);
  CHECK(*summary.top[0].share == Approx(100.0 / 180.0));
  CHECK(summary.top[1].customers == 1);
  CHECK(summary.top[2].customers == 2);
  CHECK(summary.top[2].value == Approx(150.0));
  CHECK(*summary.top[2].share == Approx(150.0 / 180.0));

  CHECK(result.peak.customers == 4);
  CHECK(result.peak.percent_of_customers == Approx(400.0 / 7.0));
  CHECK(result.peak.cumulative_value == Approx(220.0));
  CHECK(*result.peak.share == Approx(220.0 / 180.0));

  REQUIRE(result.tiers.size() == 3);
  CHECK(result.tiers[0].label == "top 20%");
  CHECK(result.tiers[1].label == "next 30%");
  CHECK(result.tiers[2].label == "rest 50%");
  CHECK(result.tiers[0].customers == 2);
  CHECK(result.tiers[0].total_value == Approx(150.0));
  CHECK(*result.tiers[0].mean_value == Approx(75.0));
  CHECK(*result.tiers[0].share_of_value == Approx(150.0 / 180.0));
  CHECK(*result.tiers[0].mean_acquisition_cost == Approx(20.0));  // (10 + 30) / 2
  CHECK_FALSE(result.tiers[0].mean_referral_income.has_value());
  CHECK(result.tiers[1].customers == 2);
  CHECK(result.tiers[1].total_value == Approx(70.0));
  CHECK(*result.tiers[1].mean_referral_income == Approx(10.0));  // (5 + 15) / 2
  CHECK_FALSE(result.tiers[1].mean_acquisition_cost.has_value());
  CHECK(result.tiers[2].customers == 3);
  CHECK(*result.tiers[2].mean_value == Approx(-40.0 / 3.0));
}

TEST_CASE("the whale curve has a point every step and ends at 100%") {
  clv::RankOptions options;
  options.curve_step_percent = 50.0;
  const clv::RankResult result = clv::rank_customers(seven(), options);
  REQUIRE(result.whale_curve.size() == 3);
  CHECK(result.whale_curve[0].customers == 0);
  CHECK(result.whale_curve[0].cumulative_value == 0.0);
  CHECK(result.whale_curve[1].customers == 4);  // ceil(3.5)
  CHECK(*result.whale_curve[1].share == Approx(220.0 / 180.0));
  CHECK(result.whale_curve[2].percent_of_customers == 100.0);
  CHECK(result.whale_curve[2].customers == 7);
  CHECK(*result.whale_curve[2].share == Approx(1.0));

  options.curve_step_percent = 30.0;  // 0, 30, 60, 90, 100
  const clv::RankResult uneven = clv::rank_customers(seven(), options);
  REQUIRE(uneven.whale_curve.size() == 5);
  CHECK(uneven.whale_curve[3].percent_of_customers == 90.0);
  CHECK(uneven.whale_curve[4].percent_of_customers == 100.0);

  CHECK(clv::rank_customers(seven()).whale_curve.size() == 101);
}

TEST_CASE("threshold tiers follow the value, not the share") {
  clv::RankOptions options;
  options.tiers.rule = clv::TierRule::threshold;
  options.tiers.thresholds = {100.0, 20.0};
  const clv::RankResult result = clv::rank_customers(seven(), options);
  const std::vector<int> tiers{1, 2, 2, 2, 3, 3, 3};
  for (std::size_t i = 0; i < 7; ++i) {
    CHECK(result.customers[i].tier == tiers[i]);
  }
  REQUIRE(result.tiers.size() == 3);
  CHECK(result.tiers[0].label == "value >= 100");
  CHECK(result.tiers[1].label == "100 > value >= 20");
  CHECK(result.tiers[2].label == "value < 20");
  CHECK(result.tiers[1].total_value == Approx(120.0));
}

TEST_CASE("tiers that hold everybody leave an empty last tier") {
  clv::RankOptions options;
  options.tiers.shares_percent = {50.0, 50.0};
  const clv::RankResult result = clv::rank_customers(seven(), options);
  REQUIRE(result.tiers.size() == 3);
  CHECK(result.tiers[0].customers == 4);
  CHECK(result.tiers[1].customers == 3);
  CHECK(result.tiers[2].customers == 0);
  CHECK(result.tiers[2].label == "rest 0%");
  CHECK_FALSE(result.tiers[2].mean_value.has_value());
}

TEST_CASE("shares are absent when the total value is not positive") {
  const clv::RankResult result = clv::rank_customers({{"x", {}, -5.0, {}, {}}, {"y", {}, 3.0, {}, {}}});
  CHECK(result.summary.total_value == Approx(-2.0));
  CHECK_FALSE(result.summary.top[0].share.has_value());
  CHECK_FALSE(result.whale_curve.back().share.has_value());
  CHECK_FALSE(result.customers[0].cumulative_share.has_value());
  CHECK(result.peak.customers == 1);
}

TEST_CASE("an empty portfolio ranks to empty results") {
  const clv::RankResult result = clv::rank_customers({});
  CHECK(result.customers.empty());
  CHECK(result.summary.customers == 0);
  CHECK(result.whale_curve.size() == 101);
  CHECK(result.tiers.size() == 3);
  CHECK(result.peak.customers == 0);
}

TEST_CASE("rank_customers rejects bad data and bad options") {
  CHECK_THROWS_AS(clv::rank_customers({{"a", {}, 1.0, {}, {}}, {"a", {}, 2.0, {}, {}}}), clv::Error);
  CHECK_THROWS_AS(clv::rank_customers({{"", {}, 1.0, {}, {}}}), clv::Error);
  CHECK_THROWS_AS(clv::rank_customers({{"a", {}, std::nan(""), {}, {}}}), clv::Error);
  CHECK_THROWS_AS(clv::rank_customers({{"a", {}, 1.0, HUGE_VAL, {}}}), clv::Error);
  clv::RankOptions options;
  options.tiers.shares_percent = {60.0, 50.0};
  CHECK_THROWS_AS(clv::rank_customers(seven(), options), clv::Error);
  options.tiers.shares_percent = {0.0};
  CHECK_THROWS_AS(clv::rank_customers(seven(), options), clv::Error);
  options.tiers.rule = clv::TierRule::threshold;
  options.tiers.thresholds = {10.0, 10.0};
  CHECK_THROWS_AS(clv::rank_customers(seven(), options), clv::Error);
  clv::RankOptions step;
  step.curve_step_percent = 0.0;
  CHECK_THROWS_AS(clv::rank_customers(seven(), step), clv::Error);
  try {
    (void)clv::rank_customers({{"a", {}, 1.0, {}, {}}, {"a", {}, 2.0, {}, {}}});
  } catch (const clv::Error& error) {
    CHECK(error.code() == clv::ExitCode::data_error);
    CHECK(error.message().find("'a'") != std::string::npos);
  }
}

TEST_CASE("rank_customers refuses values whose total is beyond a double, rather than printing inf") {
  // 1e308 + 1e308 is past DBL_MAX (about 1.8e308); either sign.
  CHECK_THROWS_AS(clv::rank_customers({{"a", {}, 1e308, {}, {}}, {"b", {}, 1e308, {}, {}}}), clv::Error);
  CHECK_THROWS_AS(clv::rank_customers({{"a", {}, -1e308, {}, {}}, {"b", {}, -1e308, {}, {}}}), clv::Error);
  // Positive and negative parts that each fit are fine, even though they cancel.
  const clv::RankResult cancel =
      clv::rank_customers({{"a", {}, 1.7e308, {}, {}}, {"b", {}, -1.7e308, {}, {}}, {"c", {}, 1e300, {}, {}}});
  CHECK(cancel.summary.total_value == Approx(1e300));
  CHECK(std::isfinite(cancel.summary.positive_value));
  for (const auto& customer : cancel.customers) {
    CHECK(std::isfinite(customer.cumulative_value));
  }
}
