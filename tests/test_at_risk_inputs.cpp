#include "clv/at_risk_inputs.hpp"

#include "clv/error.hpp"

#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <catch2/catch.hpp>

#include <cmath>

namespace {

using clv::models::ModelKind;

// BG/NBD on CDNOW (Fader, Hardie & Lee 2005), weeks.
constexpr double k_r = 0.2426;
constexpr double k_alpha = 4.4136;
constexpr double k_a = 0.7930;
constexpr double k_b = 2.4259;

clv::models::FitResult cdnow_bg_nbd() {
  clv::models::FitResult fit;
  fit.kind = ModelKind::bg_nbd;
  fit.parameters = {k_r, k_alpha, k_a, k_b};
  return fit;
}

// E[Y(t) | alive, x, T] for BG/NBD by a different route: given alive, lambda ~ Gamma(r + x,
// alpha + T) and p ~ Beta(a, b + x); a customer active now makes (1 - exp(-lambda p t)) / p
// purchases in t on average. Integrating lambda out in closed form leaves one integral over p,
// done numerically.
double bg_nbd_transactions_if_alive(double x, double age, double t) {
  const double shape = k_r + x;
  const double rate = k_alpha + age;
  const double beta_b = k_b + x;
  const auto integrand = [&](double p) {
    const double given_p = (1.0 - std::pow(rate / (rate + p * t), shape)) / p;
    return given_p * std::pow(p, k_a - 1.0) * std::pow(1.0 - p, beta_b - 1.0);
  };
  boost::math::quadrature::tanh_sinh<double> integrator;
  return integrator.integrate(integrand, 0.0, 1.0) / boost::math::beta(k_a, beta_b);
}

clv::SummaryTable two_customers() {
  clv::SummaryTable table;
  table.unit = clv::TimeUnit::weeks;
  // CDNOW's customer 1 (x = 2, t_x = 30.43, T = 38.86), and a long-silent customer.
  table.customers.push_back({"1", 2.0, 30.43, 38.86, 20.0, 1.0, {}, {}, {}});
  table.customers.push_back({"2", 5.0, 10.0, 70.0, 40.0, 1.0, {}, {}, {}});
  return table;
}

}  // namespace

TEST_CASE("at_risk_inputs: value if alive from E[Y | alive], monetary value and margin") {
  const clv::SummaryTable table = two_customers();
  clv::AtRiskForecastOptions options;
  options.horizon = 39.0;
  options.margin = 0.5;
  options.threads = 1;
  const std::vector<clv::AtRiskInput> inputs = clv::at_risk_inputs(table, cdnow_bg_nbd(), nullptr, options);
  REQUIRE(inputs.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    const clv::CustomerSummary& customer = table.customers[i];
    const double if_alive = bg_nbd_transactions_if_alive(customer.frequency, customer.age, 39.0);
    CHECK(inputs[i].id == customer.id);
    CHECK(inputs[i].value_if_alive == Approx(if_alive * customer.monetary_value * 0.5).epsilon(1e-6));
    CHECK(inputs[i].probability_alive > 0.0);
    CHECK(inputs[i].probability_alive < 1.0);
  }
  // Customer 2 has been silent 60 of 70 weeks after 5 purchases in 10: nearly gone.
  CHECK(inputs[1].probability_alive < 0.1);
  // Weeks to days: (38.86 - 30.43) x 7 and 30.43 x 7 / 2.
  CHECK(*inputs[0].days_since_last_purchase == Approx(59.01));
  CHECK(*inputs[0].usual_gap_days == Approx(106.505));
  CHECK(*inputs[1].days_since_last_purchase == Approx(420.0));
  CHECK(*inputs[1].usual_gap_days == Approx(14.0));
}

TEST_CASE("at_risk_inputs: a spend model replaces monetary value, and an unknown unit gives no days") {
  clv::SummaryTable table = two_customers();
  table.unit.reset();
  clv::models::FitResult spend;
  spend.kind = ModelKind::gamma_gamma;
  spend.parameters = {6.25, 3.74, 15.44};
  clv::AtRiskForecastOptions options;
  options.horizon = 39.0;
  const std::vector<clv::AtRiskInput> inputs = clv::at_risk_inputs(table, cdnow_bg_nbd(), &spend, options);
  // Gamma-Gamma conditional mean (Fader & Hardie 2013): p (gamma + x z-bar) / (p x + q - 1); for
  // x = 2, z-bar = 20: 6.25 x (15.44 + 40) / (12.5 + 2.74).
  const double spend_1 = (6.25 * 15.44 + 12.5 * 20.0) / 15.24;
  const double if_alive = bg_nbd_transactions_if_alive(2.0, 38.86, 39.0);
  CHECK(inputs[0].value_if_alive == Approx(if_alive * spend_1).epsilon(1e-6));
  CHECK_FALSE(inputs[0].days_since_last_purchase.has_value());
  CHECK_FALSE(inputs[0].usual_gap_days.has_value());
  options.unit = clv::TimeUnit::days;
  CHECK(*clv::at_risk_inputs(table, cdnow_bg_nbd(), &spend, options)[1].days_since_last_purchase == Approx(60.0));
}

TEST_CASE("at_risk_inputs: an explicit average purchase replaces the spend model and monetary value") {
  const clv::SummaryTable table = two_customers();
  clv::models::FitResult spend;
  spend.kind = ModelKind::gamma_gamma;
  spend.parameters = {6.25, 3.74, 15.44};
  clv::AtRiskForecastOptions options;
  options.horizon = 39.0;
  options.margin = 0.5;
  options.threads = 1;
  options.average_purchase = 30.0;
  const std::vector<clv::AtRiskInput> inputs = clv::at_risk_inputs(table, cdnow_bg_nbd(), &spend, options);
  REQUIRE(inputs.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    const clv::CustomerSummary& customer = table.customers[i];
    const double if_alive = bg_nbd_transactions_if_alive(customer.frequency, customer.age, 39.0);
    CHECK(inputs[i].value_if_alive == Approx(if_alive * 30.0 * 0.5).epsilon(1e-6));
  }
  options.average_purchase = -1.0;
  CHECK_THROWS_AS(clv::at_risk_inputs(table, cdnow_bg_nbd(), nullptr, options), clv::Error);
}

TEST_CASE("at_risk_inputs: bad horizon or margin") {
  const clv::SummaryTable table = two_customers();
  clv::AtRiskForecastOptions options;
  options.horizon = 0.0;
  CHECK_THROWS_AS(clv::at_risk_inputs(table, cdnow_bg_nbd(), nullptr, options), clv::Error);
  options.horizon = 10.0;
  options.margin = 1.5;
  CHECK_THROWS_AS(clv::at_risk_inputs(table, cdnow_bg_nbd(), nullptr, options), clv::Error);
}

TEST_CASE("at_risk_inputs: a row standing for several customers is refused (the list is of customers)") {
  clv::SummaryTable table = two_customers();
  table.customers[1].weight = 4.0;
  table.lines = {2, 3};
  clv::AtRiskForecastOptions options;
  options.horizon = 10.0;
  try {
    (void)clv::at_risk_inputs(table, cdnow_bg_nbd(), nullptr, options);
    FAIL("a weighted row was accepted");
  } catch (const clv::Error& error) {
    CHECK(error.code() == clv::ExitCode::data_error);
    CHECK(error.where().line == 3);
    CHECK_THAT(error.message(), Catch::Contains("stands for 4 customers"));
  }
}

TEST_CASE("at_risk_inputs: Pareto/NBD value if alive matches Fader & Hardie's closed form") {
  // CDNOW Pareto/NBD (Fader, Hardie & Lee 2005, weeks): r, alpha, s, beta.
  const double r = 0.5534;
  const double alpha = 10.5802;
  const double s = 0.6061;
  const double beta = 11.6562;
  clv::models::FitResult fit;
  fit.kind = ModelKind::pareto_nbd;
  fit.parameters = {r, alpha, s, beta};
  clv::SummaryTable table = two_customers();
  for (clv::CustomerSummary& customer : table.customers) {
    customer.monetary_value = 1.0;  // value if alive = E[Y | alive]
  }
  clv::AtRiskForecastOptions options;
  options.horizon = 39.0;
  const std::vector<clv::AtRiskInput> inputs = clv::at_risk_inputs(table, fit, nullptr, options);
  for (std::size_t i = 0; i < 2; ++i) {
    const double x = table.customers[i].frequency;
    const double age = table.customers[i].age;
    // E[Y(t) | alive, x, t_x, T] = (r+x)(beta+T) / ((alpha+T)(s-1)) [1 - ((beta+T)/(beta+T+t))^(s-1)]
    const double closed_form = (r + x) * (beta + age) / ((alpha + age) * (s - 1.0)) *
                               (1.0 - std::pow((beta + age) / (beta + age + 39.0), s - 1.0));
    CHECK(inputs[i].value_if_alive == Approx(closed_form).epsilon(1e-8));
  }
}

TEST_CASE("at_risk_inputs: a customer whose P(alive) underflows to 0 keeps the value if alive and is listed") {
  // 100 purchases in the first week, then a million weeks of silence: P(alive) is below the
  // smallest double (BG/NBD: odds a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x) ~ e^1000), but the
  // customer, if still active, would buy at the rate the 100 purchases showed.
  clv::SummaryTable table;
  table.unit = clv::TimeUnit::weeks;
  table.customers.push_back({"gone", 100.0, 1.0, 1.0e6, 25.0, 1.0, {}, {}, {}});
  clv::AtRiskForecastOptions options;
  options.horizon = 39.0;
  options.threads = 1;

  const std::vector<clv::AtRiskInput> bg = clv::at_risk_inputs(table, cdnow_bg_nbd(), nullptr, options);
  REQUIRE(bg.size() == 1);
  CHECK(bg[0].probability_alive == 0.0);
  const double bg_if_alive = bg_nbd_transactions_if_alive(100.0, 1.0e6, 39.0);
  REQUIRE(bg_if_alive > 0.0);
  CHECK(bg[0].value_if_alive == Approx(bg_if_alive * 25.0).epsilon(1e-6));

  // Pareto/NBD by another route than the closed form: given alive, lambda ~ Gamma(r + x,
  // alpha + T) and mu ~ Gamma(s, beta + T) independently; an active customer buys
  // lambda (1 - exp(-mu t)) / mu in t on average, so E[Y | alive] = E[lambda] E[(1 - e^(-mu t)) / mu],
  // the second factor integrated numerically over mu's density.
  const double r = 0.5534, alpha = 10.5802, s = 0.6061, beta = 11.6562;
  clv::models::FitResult pareto;
  pareto.kind = ModelKind::pareto_nbd;
  pareto.parameters = {r, alpha, s, beta};
  const std::vector<clv::AtRiskInput> pnbd = clv::at_risk_inputs(table, pareto, nullptr, options);
  REQUIRE(pnbd.size() == 1);
  CHECK(pnbd[0].probability_alive == 0.0);
  const double rate = beta + 1.0e6;
  const auto integrand = [&](double mu) {
    const double log_density = s * std::log(rate) - std::lgamma(s) + (s - 1.0) * std::log(mu) - rate * mu;
    return -std::expm1(-mu * 39.0) / mu * std::exp(log_density);
  };
  boost::math::quadrature::tanh_sinh<double> integrator;
  // mu's mass lies within a few hundred / rate of 0: split there so the quadrature sees it.
  const double lifetime_factor = integrator.integrate(integrand, 0.0, 100.0 / rate) +
                                 integrator.integrate(integrand, 100.0 / rate, 1.0);
  const double pareto_if_alive = (r + 100.0) / (alpha + 1.0e6) * lifetime_factor;
  CHECK(pnbd[0].value_if_alive == Approx(pareto_if_alive * 25.0).epsilon(1e-6));

  // Selected, with all its value at stake, rather than left out as worth nothing.
  for (const auto* inputs : {&bg, &pnbd}) {
    const std::vector<clv::AtRiskCustomer> at_risk = clv::select_at_risk(*inputs);
    REQUIRE(at_risk.size() == 1);
    CHECK(at_risk[0].id == "gone");
    CHECK(at_risk[0].value_at_stake == (*inputs)[0].value_if_alive);
  }
}
