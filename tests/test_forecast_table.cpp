#include "clv/forecast_table.hpp"

#include "clv/error.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

namespace {

using clv::models::ModelKind;

// BG/NBD and Gamma-Gamma on CDNOW (Fader, Hardie & Lee 2005, "Counting your customers the easy
// way"; Fader & Hardie 2013, "The Gamma-Gamma model of monetary value").
clv::models::FitResult cdnow_bg_nbd() {
  clv::models::FitResult fit;
  fit.kind = ModelKind::bg_nbd;
  fit.parameters = {0.2426, 4.4136, 0.7930, 2.4259};
  return fit;
}

clv::models::FitResult cdnow_gamma_gamma() {
  clv::models::FitResult fit;
  fit.kind = ModelKind::gamma_gamma;
  fit.parameters = {6.25, 3.74, 15.44};
  return fit;
}

clv::SummaryTable cdnow_first_customers() {
  clv::SummaryTable table;
  // ID 1 and ID 2 of cdnow_customers_summary_with_transactions.csv, and a customer without
  // repeat purchases standing for 3 identical ones.
  table.customers.push_back(clv::CustomerSummary{"1", 2, 30.43, 38.86, 22.35, 1.0, {}, {}, {}});
  table.customers.push_back(clv::CustomerSummary{"2", 1, 1.71, 38.86, 11.77, 1.0, {}, {}, {}});
  table.customers.push_back(clv::CustomerSummary{"3", 0, 0, 38.86, 0, 3.0, {}, {}, {}});
  return table;
}

}  // namespace

TEST_CASE("forecast: CDNOW customer 1 matches the published 39-week forecast and spend") {
  clv::ForecastOptions options;
  options.horizon = 39;
  options.margin = 0.5;
  const auto purchase = cdnow_bg_nbd();
  const auto spend = cdnow_gamma_gamma();
  const auto table = clv::forecast_customers(purchase, &spend, cdnow_first_customers(), options);
  REQUIRE(table.has_value);
  REQUIRE(table.customers.size() == 3);
  const auto& first = table.customers[0];
  CHECK(first.expected_transactions == Approx(1.226).margin(0.001));  // FHL 2005, section 6
  // Published with unrounded parameters: 24.65 and 18.91.
  CHECK(first.expected_average_spend == Approx(24.65).margin(0.02));  // Fader & Hardie 2013
  CHECK(table.customers[1].expected_average_spend == Approx(18.91).margin(0.02));
  // Undiscounted: margin x spend x transactions.
  CHECK(first.lifetime_value == Approx(0.5 * first.expected_average_spend * first.expected_transactions));
  // Frequency 0: the population mean spend p*gamma/(q-1).
  CHECK(table.customers[2].expected_average_spend == Approx(6.25 * 15.44 / 2.74));

  const auto without_spend = clv::forecast_customers(purchase, nullptr, cdnow_first_customers(), options);
  CHECK_FALSE(without_spend.has_value);
  CHECK(without_spend.customers[0].expected_transactions == first.expected_transactions);
}

TEST_CASE("forecast: discounting per period, the last period shorter") {
  const auto purchase = cdnow_bg_nbd();
  const auto spend = cdnow_gamma_gamma();
  const auto summary = cdnow_first_customers();
  const clv::models::PurchaseHistory history{2, 30.43, 38.86, 1.0};
  const auto expected = [&](double t) {
    return clv::models::forecast(ModelKind::bg_nbd, purchase.parameters, history, t).expected_transactions;
  };
  clv::ForecastOptions options;
  options.horizon = 10;
  options.period = 4;  // periods end at 4, 8 and 10
  options.discount_rate = 0.1;
  const auto table = clv::forecast_customers(purchase, &spend, summary, options);
  const double spend_1 = table.customers[0].expected_average_spend;
  const double by_hand = spend_1 * (expected(4) / 1.1 + (expected(8) - expected(4)) / (1.1 * 1.1) +
                                    (expected(10) - expected(8)) / (1.1 * 1.1 * 1.1));
  CHECK(table.customers[0].lifetime_value == Approx(by_hand).epsilon(1e-12));
  CHECK(table.customers[0].lifetime_value < spend_1 * expected(10));
  CHECK(table.customers[0].expected_transactions == Approx(expected(10)).epsilon(1e-14));
}

TEST_CASE("forecast: a long discounted horizon (the 2F1 carried along the periods) matches one series per period") {
  // 4,000 weekly periods, about 100 times alpha + T: past period ~700 the expectations come from
  // stepping along the hypergeometric equation (linear in the periods), checked here against the
  // series evaluated afresh at each period end (the former method, quadratic in the horizon),
  // for BG/NBD and MBG/NBD.
  for (const ModelKind kind : {ModelKind::bg_nbd, ModelKind::mbg_nbd}) {
    auto purchase = cdnow_bg_nbd();
    purchase.kind = kind;
    const auto spend = cdnow_gamma_gamma();
    const auto summary = cdnow_first_customers();
    clv::ForecastOptions options;
    options.horizon = 4000;
    options.discount_rate = 0.001;
    const auto table = clv::forecast_customers(purchase, &spend, summary, options);
    for (std::size_t i = 0; i < summary.customers.size(); ++i) {
      const auto& c = summary.customers[i];
      const clv::models::PurchaseHistory history{c.frequency, c.recency, c.age, 1.0};
      double by_period = 0.0;
      double previous = 0.0;
      for (int k = 1; k <= 4000; ++k) {
        const double now = clv::models::forecast(kind, purchase.parameters, history, k).expected_transactions;
        by_period += (now - previous) / std::pow(1.001, k);
        previous = now;
      }
      CHECK(table.customers[i].lifetime_value ==
            Approx(table.customers[i].expected_average_spend * by_period).epsilon(1e-10));
    }
  }
}

TEST_CASE("forecast: bad options and spend without monetary values are refused") {
  const auto purchase = cdnow_bg_nbd();
  const auto spend = cdnow_gamma_gamma();
  clv::ForecastOptions options;
  options.horizon = -1;
  CHECK_THROWS_AS(clv::forecast_customers(purchase, nullptr, cdnow_first_customers(), options), clv::Error);
  options.horizon = 5;
  options.period = 0;
  CHECK_THROWS_AS(clv::forecast_customers(purchase, nullptr, cdnow_first_customers(), options), clv::Error);
  options.period = 1;
  // One rule for every command (discount_rate.hpp): 0 to 100. A negative rate used to run
  // (and, with a long horizon, ran for hours summing an endless series).
  for (const double rate : {-1.0, -0.5, -1e-9, 100.5, std::numeric_limits<double>::quiet_NaN()}) {
    options.discount_rate = rate;
    try {
      (void)clv::forecast_customers(purchase, &spend, cdnow_first_customers(), options);
      FAIL("discount rate " << rate << " was accepted");
    } catch (const clv::Error& error) {
      CHECK(error.code() == clv::ExitCode::usage);
      CHECK(error.message().rfind("--discount-rate: must be a number from 0 to 100, not ", 0) == 0);
    }
  }
  options.discount_rate = 100;
  CHECK_NOTHROW(clv::forecast_customers(purchase, &spend, cdnow_first_customers(), options));
  // The limit on discounting periods holds for every positive rate, however small.
  options.discount_rate = 1e-12;
  options.horizon = 100001;
  CHECK_THROWS_AS(clv::forecast_customers(purchase, &spend, cdnow_first_customers(), options), clv::Error);
  options.horizon = 5;
  options.discount_rate = 0;
  auto summary = cdnow_first_customers();
  summary.customers[1].monetary_value = 0;
  try {
    (void)clv::forecast_customers(purchase, &spend, summary, options);
    FAIL("a repeat buyer without spend was accepted");
  } catch (const clv::Error& error) {
    CHECK(error.code() == clv::ExitCode::data_error);
    CHECK(error.message().rfind("customer '2' has 1 repeat purchases but monetary_value 0", 0) == 0);
  }
}

TEST_CASE("holdout comparison: groups by calibration frequency, weighted means") {
  clv::SummaryTable table;
  table.customers.push_back(clv::CustomerSummary{"a", 0, 0, 30, 0, 2.0, {}, {}, {}});
  table.customers.push_back(clv::CustomerSummary{"b", 0, 0, 20, 0, 1.0, {}, {}, {}});
  table.customers.push_back(clv::CustomerSummary{"c", 2, 10, 30, 0, 1.0, {}, {}, {}});
  table.customers.push_back(clv::CustomerSummary{"d", 9, 25, 30, 0, 1.0, {}, {}, {}});
  table.holdout = {{1, 0, 39}, {4, 0, 39}, {2, 0, 39}, {5, 0, 20}};
  const auto purchase = cdnow_bg_nbd();
  const auto comparison = clv::compare_holdout(purchase, table, 7);
  REQUIRE(comparison.groups.size() == 3);
  const auto predicted = [&](const clv::CustomerSummary& c, double t) {
    return clv::models::forecast(ModelKind::bg_nbd, purchase.parameters, {c.frequency, c.recency, c.age, 1.0}, t)
        .expected_transactions;
  };
  CHECK(comparison.groups[0].frequency == 0);
  CHECK(comparison.groups[0].customers == 3.0);
  CHECK(comparison.groups[0].actual == Approx((2 * 1 + 4) / 3.0));
  CHECK(comparison.groups[0].predicted ==
        Approx((2 * predicted(table.customers[0], 39) + predicted(table.customers[1], 39)) / 3.0));
  CHECK(comparison.groups[1].frequency == 2);
  CHECK_FALSE(comparison.groups[1].or_more);
  CHECK(comparison.groups[2].frequency == 7);
  CHECK(comparison.groups[2].or_more);
  CHECK(comparison.groups[2].actual == 5.0);
  CHECK(comparison.groups[2].predicted == Approx(predicted(table.customers[3], 20)));
  CHECK(comparison.customers == 5.0);
  CHECK(comparison.actual_total == 2 + 4 + 2 + 5.0);

  table.holdout.clear();
  CHECK_THROWS_AS(clv::compare_holdout(purchase, table, 7), clv::Error);
}

TEST_CASE("forecast: customers sharing a history share its forecast, not their spend") {
  clv::SummaryTable table = cdnow_first_customers();
  table.customers.push_back(clv::CustomerSummary{"1b", 2, 30.43, 38.86, 50.0, 1.0, {}, {}, {}});
  table.customers.push_back(clv::CustomerSummary{"1c", 2, 30.43, 38.87, 22.35, 1.0, {}, {}, {}});
  clv::ForecastOptions options;
  options.horizon = 39;
  const auto purchase = cdnow_bg_nbd();
  const auto spend = cdnow_gamma_gamma();
  const auto forecasts = clv::forecast_customers(purchase, &spend, table, options);
  REQUIRE(forecasts.customers.size() == 5);
  CHECK(forecasts.customers[3].expected_transactions == forecasts.customers[0].expected_transactions);
  CHECK(forecasts.customers[3].expected_average_spend > forecasts.customers[0].expected_average_spend);
  // A different age is a different history.
  const double direct = clv::models::forecast(ModelKind::bg_nbd, purchase.parameters, {2, 30.43, 38.87, 1.0}, 39)
                            .expected_transactions;
  CHECK(forecasts.customers[4].expected_transactions == direct);
  CHECK(forecasts.customers[4].expected_transactions != forecasts.customers[0].expected_transactions);
}

TEST_CASE("forecast: lifetime values that add up past the largest double are refused, not summed to inf") {
  const clv::models::FitResult spend = cdnow_gamma_gamma();
  clv::ForecastOptions options;
  options.horizon = 52.0;
  options.threads = 1;
  // The average purchase that makes one customer's lifetime value 1e307 (the value is linear in
  // it): a hundred such customers add up past DBL_MAX (about 1.8e308), three do not.
  clv::SummaryTable one;
  one.customers.push_back({"0", 3.0, 5.0, 30.0, 1e300, 1.0, {}, {}, {}});
  const double purchase = 1e300 * (1e307 / clv::forecast_customers(cdnow_bg_nbd(), &spend, one, options)
                                               .customers[0]
                                               .lifetime_value);
  clv::SummaryTable summary;
  for (int i = 0; i < 100; ++i) {
    summary.customers.push_back({std::to_string(i), 3.0, 5.0, 30.0, purchase, 1.0, {}, {}, {}});
  }
  CHECK_THROWS_AS(clv::forecast_customers(cdnow_bg_nbd(), &spend, summary, options), clv::Error);
  // Without the spend model the same customers' transactions are small numbers: fine.
  CHECK(clv::forecast_customers(cdnow_bg_nbd(), nullptr, summary, options).customers.size() == 100);
  summary.customers.resize(3);
  const clv::ForecastTable three = clv::forecast_customers(cdnow_bg_nbd(), &spend, summary, options);
  CHECK(three.customers[0].lifetime_value == Approx(1e307));
  CHECK(three.customers[0].lifetime_value + three.customers[1].lifetime_value + three.customers[2].lifetime_value ==
        Approx(3e307));
}
