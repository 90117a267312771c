// The tracking curve: actual repeat purchases counted per calendar period by hand, expected
// ones from BG/NBD's E[X(t)] (Fader, Hardie & Lee 2005, eq. 9) with the hypergeometric series
// summed directly.
#include <catch2/catch.hpp>

#include "clv/error.hpp"
#include "clv/io/purchase_days.hpp"
#include "clv/tracking.hpp"

#include <cmath>

#include "hypergeometric_series.hpp"

namespace {

const std::vector<double> k_bgnbd{0.243, 4.414, 0.793, 2.426};

// E[X(t)] = (a + b - 1) / (a - 1) [1 - (alpha / (alpha + t))^r 2F1(r, b; a + b - 1; t / (alpha + t))]
double expected_new(double t) {
  const double r = k_bgnbd[0], alpha = k_bgnbd[1], a = k_bgnbd[2], b = k_bgnbd[3];
  return (a + b - 1.0) / (a - 1.0) *
         (1.0 - std::pow(alpha / (alpha + t), r) * hypergeometric_series(r, b, a + b - 1.0, t / (alpha + t)));
}

}  // namespace

TEST_CASE("tracking curve: weekly actual and expected repeat purchases") {
  clv::models::FitResult model;
  model.kind = clv::models::ModelKind::bg_nbd;
  model.parameters = k_bgnbd;
  clv::io::PurchaseDays days;
  // Day 0 is 1970-01-01. A: first on day 0, repeats on days 3, 7 and 20. B: first on day 7,
  // repeat on day 8. C: first on day 15, after the calibration end (day 14): left out.
  days.customers.push_back({"A", {0, 3, 7, 20}});
  days.customers.push_back({"B", {7, 8}});
  days.customers.push_back({"C", {15, 16}});
  days.last_day = 20;
  clv::TrackingOptions options;
  options.unit_days = 7.0;
  options.end = 20;
  options.calibration_end = 14;
  const clv::TrackingCurve curve = clv::tracking_curve(model, days, options);
  REQUIRE(curve.periods.size() == 3);  // days 0-6, 7-13, 14-20
  CHECK(curve.customers == 2.0);
  CHECK(curve.periods[0].actual == 1.0);  // day 3
  CHECK(curve.periods[1].actual == 2.0);  // days 7 (A) and 8 (B)
  CHECK(curve.periods[2].actual == 1.0);  // day 20; C's day 16 is not counted
  CHECK(curve.periods[2].cumulative_actual == 4.0);
  CHECK(curve.periods[0].start == 0);
  CHECK(curve.periods[2].start == 14);
  CHECK_FALSE(curve.periods[1].holdout);
  CHECK_FALSE(curve.periods[2].holdout);  // starts on the calibration end itself
  // At the end of week 1 only A has been a customer, for 1 week; at the end of week 2 A for 2
  // weeks and B for 1; week 3 ends at the end of day 20, time 3.
  CHECK(curve.periods[0].cumulative_expected == Approx(expected_new(1.0)).epsilon(1e-10));
  CHECK(curve.periods[1].cumulative_expected == Approx(expected_new(2.0) + expected_new(1.0)).epsilon(1e-10));
  CHECK(curve.periods[2].cumulative_expected == Approx(expected_new(3.0) + expected_new(2.0)).epsilon(1e-10));
  CHECK(curve.periods[1].expected ==
        Approx(expected_new(2.0) + expected_new(1.0) - expected_new(1.0)).epsilon(1e-10));
}

TEST_CASE("tracking curve: a partial last period and a bad period") {
  clv::models::FitResult model;
  model.kind = clv::models::ModelKind::bg_nbd;
  model.parameters = k_bgnbd;
  clv::io::PurchaseDays days;
  days.customers.push_back({"A", {0, 9}});
  days.last_day = 9;
  clv::TrackingOptions options;
  options.unit_days = 7.0;
  options.end = 9;  // 10 days: a week and three days
  const clv::TrackingCurve curve = clv::tracking_curve(model, days, options);
  REQUIRE(curve.periods.size() == 2);
  CHECK(curve.periods[1].actual == 1.0);
  CHECK(curve.periods[1].cumulative_expected == Approx(expected_new(10.0 / 7.0)).epsilon(1e-10));
  options.period = 0.0;
  CHECK_THROWS_AS(clv::tracking_curve(model, days, options), clv::Error);
}
