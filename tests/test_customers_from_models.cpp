// The bridge from fitted models to ledgers and formula customers, checked against an
// independent evaluation of the BG/NBD conditional expectation (Fader, Hardie & Lee 2005,
// eq. 10, with the Gaussian hypergeometric series summed directly) and the Gamma-Gamma
// conditional mean (Fader, Hardie & Lee 2005b, eq. 5) written out by hand.
#include <catch2/catch.hpp>

#include "clv/error.hpp"
#include "clv/customers_from_models.hpp"
#include "clv/io/attributes_reader.hpp"
#include "clv/models/simulate.hpp"
#include "clv/projection.hpp"
#include "clv/value.hpp"

#include <array>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "error_description.hpp"
#include "hypergeometric_series.hpp"

namespace {

// The published CDNOW estimates (weeks).
const std::vector<double> k_bgnbd{0.243, 4.414, 0.793, 2.426};  // r, alpha, a, b
const std::vector<double> k_gg{6.25, 3.74, 15.44};             // p, q, gamma

clv::models::FitResult fit_of(clv::models::ModelKind kind, const std::vector<double>& parameters) {
  clv::models::FitResult result;
  result.kind = kind;
  result.parameters = parameters;
  return result;
}

// BG/NBD E[Y(t) | x, t_x, T], eq. 10.
double bgnbd_expected(double x, double t_x, double age, double t) {
  const double r = k_bgnbd[0], alpha = k_bgnbd[1], a = k_bgnbd[2], b = k_bgnbd[3];
  const double hyper = hypergeometric_series(r + x, b + x, a + b + x - 1.0, t / (alpha + age + t));
  const double numerator =
      (a + b + x - 1.0) / (a - 1.0) * (1.0 - std::pow((alpha + age) / (alpha + age + t), r + x) * hyper);
  const double denominator = 1.0 + (x > 0 ? a / (b + x - 1.0) * std::pow((alpha + age) / (alpha + t_x), r + x) : 0.0);
  return numerator / denominator;
}

// Gamma-Gamma E[Z | x, zbar] = (gamma + x zbar) p / (p x + q - 1).
double gg_expected(double x, double zbar) {
  return (k_gg[2] + x * zbar) * k_gg[0] / (k_gg[0] * x + k_gg[1] - 1.0);
}

clv::CustomerSummary customer(const char* id, double x, double t_x, double age, double zbar) {
  clv::CustomerSummary summary;
  summary.id = id;
  summary.frequency = x;
  summary.recency = t_x;
  summary.age = age;
  summary.monetary_value = zbar;
  return summary;
}

clv::SummaryTable two_customers() {
  clv::SummaryTable summary;
  summary.unit = clv::TimeUnit::weeks;
  summary.customers.push_back(customer("A", 2.0, 30.43, 38.86, 35.0));
  summary.customers.push_back(customer("B", 0.0, 0.0, 20.0, 0.0));
  return summary;
}

}  // namespace

TEST_CASE("bridge: a year of 39 weeks at the CDNOW estimates gives the paper's 1.226 transactions") {
  clv::SummaryTable summary = two_customers();
  clv::CustomerForecastOptions options;
  options.years = 1;
  options.year_length = 39.0;
  options.average_purchase = 10.0;
  const auto purchase = fit_of(clv::models::ModelKind::bg_nbd, k_bgnbd);
  const clv::CustomerSet set = clv::forecast_customer_set(summary, purchase, nullptr, nullptr, options);
  REQUIRE(set.customers.size() == 2);
  REQUIRE(set.customers[0].years.size() == 1);
  CHECK(set.customers[0].years[0].base_sales == Approx(12.26).margin(0.01));
  CHECK(set.customers[0].years[0].cost == 0.0);
}

TEST_CASE("bridge: yearly sales are the differences of E[Y(t)], times the Gamma-Gamma spend") {
  const clv::SummaryTable summary = two_customers();
  clv::AttributeTable attributes;
  attributes.source = "attrs.csv";
  attributes.customers.push_back({"A", std::string("Alice"), std::nullopt, 100.0, 2, 1});
  attributes.customers.push_back({"B", std::nullopt, std::string("A"), 40.0, 3, 1});
  clv::CustomerForecastOptions options;
  options.years = 3;
  options.service_cost = 5.0;
  options.margin = 0.5;
  const auto purchase = fit_of(clv::models::ModelKind::bg_nbd, k_bgnbd);
  const auto spend = fit_of(clv::models::ModelKind::gamma_gamma, k_gg);
  const clv::CustomerSet set = clv::forecast_customer_set(summary, purchase, &spend, &attributes, options);
  const double length = 365.25 / 7.0;

  const double spend_a = gg_expected(2.0, 35.0) * 0.5;
  const double spend_b = k_gg[2] * k_gg[0] / (k_gg[1] - 1.0) * 0.5;  // population mean p gamma / (q - 1)
  double sum_a = 0.0;
  for (int k = 1; k <= 3; ++k) {
    const double expected_a =
        bgnbd_expected(2.0, 30.43, 38.86, k * length) - bgnbd_expected(2.0, 30.43, 38.86, (k - 1) * length);
    const double expected_b = bgnbd_expected(0.0, 0.0, 20.0, k * length) - bgnbd_expected(0.0, 0.0, 20.0, (k - 1) * length);
    CHECK(set.customers[0].years[k - 1].base_sales == Approx(expected_a * spend_a).epsilon(1e-9));
    CHECK(set.customers[1].years[k - 1].base_sales == Approx(expected_b * spend_b).epsilon(1e-9));
    CHECK(set.customers[0].years[k - 1].cost == (k == 1 ? 105.0 : 5.0));
    CHECK(set.customers[1].years[k - 1].cost == (k == 1 ? 45.0 : 5.0));
    sum_a += set.customers[0].years[k - 1].base_sales;
  }
  CHECK(sum_a == Approx(bgnbd_expected(2.0, 30.43, 38.86, 3 * length) * spend_a).epsilon(1e-9));
  CHECK(set.customers[0].name == std::optional<std::string>("Alice"));
  CHECK(set.customers[1].referred_by == std::optional<std::string>("A"));

  // B's profit flows to A through the referral code, year by year.
  clv::ProjectionOptions projection;
  projection.years = 3;
  const auto projections = clv::project(set, projection);
  REQUIRE(projections.size() == 2);
  for (int k = 0; k < 3; ++k) {
    const double b_profit = set.customers[1].years[k].base_sales - set.customers[1].years[k].cost;
    CHECK(projections[0].years[k].referral == Approx(b_profit).epsilon(1e-12));
  }

  // The formula view values A exactly as the projection's total profit.
  options.view = clv::CustomerView::formula;
  const clv::CustomerSet formula = clv::forecast_customer_set(summary, purchase, &spend, &attributes, options);
  REQUIRE(formula.customers[0].transactions);
  CHECK(*formula.customers[0].transactions == Approx(bgnbd_expected(2.0, 30.43, 38.86, 3 * length)).epsilon(1e-9));
  CHECK(*formula.customers[0].average_purchase == Approx(spend_a).epsilon(1e-12));
  CHECK(formula.customers[0].service_cost == 15.0);
  CHECK(*formula.customers[0].acquisition_cost == 100.0);
  const auto values = clv::customer_values(formula, clv::ReferralDepth::all);
  CHECK(values[0].value == Approx(projections[0].total_profit).epsilon(1e-9));
}

TEST_CASE("bridge: customers sharing a history get exactly the model's value for that history") {
  // A summary like those of daily logs: whole-week recencies and ages in 4-week cohorts, so that
  // many customers share (frequency, recency, T), whose E[Y(t)]s the bridge evaluates once.
  // Every customer is checked against models::forecast and models::expected_average_spend
  // called for that customer alone, bit for bit.
  using clv::models::ModelKind;
  clv::models::SimulationOptions simulation;
  simulation.customers = 6000;
  simulation.min_age = 1.0;
  simulation.max_age = 78.0;
  simulation.seed = 5;
  const std::vector<double> k_pnbd{0.553, 10.578, 0.606, 11.669};  // r, alpha, s, beta
  const auto spend = fit_of(ModelKind::gamma_gamma, k_gg);
  for (const ModelKind kind : {ModelKind::bg_nbd, ModelKind::pareto_nbd, ModelKind::mbg_nbd}) {
    const std::vector<double>& parameters = kind == ModelKind::pareto_nbd ? k_pnbd : k_bgnbd;
    auto histories = clv::models::simulate_purchases(kind, parameters, simulation);
    for (auto& history : histories) {
      history.age = 4.0 * std::ceil(history.age / 4.0);  // monthly cohorts, as in CDNOW-like data
      history.recency = std::floor(history.recency);
    }
    const auto spends = clv::models::simulate_spend(k_gg, histories, 7);
    clv::SummaryTable summary;
    summary.unit = clv::TimeUnit::weeks;
    std::set<std::array<double, 3>> distinct_histories;
    for (std::size_t i = 0; i < histories.size(); ++i) {
      clv::CustomerSummary& row = summary.customers.emplace_back();
      row.id = std::to_string(i);
      row.frequency = histories[i].frequency;
      row.recency = histories[i].recency;
      row.age = histories[i].age;
      row.monetary_value = spends[i].average_spend;
      distinct_histories.insert({row.frequency, row.recency, row.age});
    }
    REQUIRE(distinct_histories.size() * 2 < summary.customers.size());

    clv::CustomerForecastOptions options;
    options.years = 5;
    options.margin = 0.7;
    options.threads = 2;
    const auto purchase = fit_of(kind, parameters);
    const clv::CustomerSet ledger = clv::forecast_customer_set(summary, purchase, &spend, nullptr, options);
    options.view = clv::CustomerView::formula;
    const clv::CustomerSet formula = clv::forecast_customer_set(summary, purchase, &spend, nullptr, options);
    REQUIRE(ledger.customers.size() == summary.customers.size());
    REQUIRE(formula.customers.size() == summary.customers.size());

    const double length = 365.25 / 7.0;
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < summary.customers.size(); ++i) {
      const clv::CustomerSummary& row = summary.customers[i];
      const clv::models::PurchaseHistory alone{row.frequency, row.recency, row.age, 1.0};
      const double spend_per_purchase =
          clv::models::expected_average_spend(k_gg, row.frequency, row.monetary_value) * options.margin;
      double previous = 0.0;
      for (int k = 1; k <= 5; ++k) {
        const double expected =
            clv::models::forecast(kind, parameters, alone, static_cast<double>(k) * length).expected_transactions;
        mismatches += ledger.customers[i].years[k - 1].base_sales != (expected - previous) * spend_per_purchase;
        previous = expected;
      }
      mismatches += *formula.customers[i].transactions != previous;
      mismatches += *formula.customers[i].average_purchase != spend_per_purchase;
    }
    INFO(clv::models::model_name(kind));
    CHECK(mismatches == 0);
  }
}

TEST_CASE("bridge: without a spend model the customer's own average purchase is used") {
  const clv::SummaryTable summary = two_customers();
  clv::CustomerForecastOptions options;
  options.years = 1;
  options.year_length = 52.0;
  const auto purchase = fit_of(clv::models::ModelKind::bg_nbd, k_bgnbd);
  const clv::CustomerSet set = clv::forecast_customer_set(summary, purchase, nullptr, nullptr, options);
  CHECK(set.customers[0].years[0].base_sales == Approx(bgnbd_expected(2.0, 30.43, 38.86, 52.0) * 35.0).epsilon(1e-9));
  CHECK(set.customers[1].years[0].base_sales == 0.0);
}

TEST_CASE("bridge: errors") {
  clv::SummaryTable summary = two_customers();
  const auto purchase = fit_of(clv::models::ModelKind::bg_nbd, k_bgnbd);
  const auto spend = fit_of(clv::models::ModelKind::gamma_gamma, k_gg);
  clv::CustomerForecastOptions options;
  SECTION("an attribute row for a customer not in the summary names file, line and field") {
    clv::AttributeTable attributes;
    attributes.source = "attrs.csv";
    attributes.id_header = "customer_id";
    attributes.customers.push_back({"Z", std::nullopt, std::nullopt, 1.0, 7, 1});
    try {
      (void)clv::forecast_customer_set(summary, purchase, nullptr, &attributes, options);
      FAIL("no error");
    } catch (const clv::Error& error) {
      CHECK(error.code() == clv::ExitCode::data_error);
      CHECK(error.describe() == "attrs.csv:7:1: customer_id: customer 'Z' is not in the summary (or the log)");
    }
  }
  SECTION("a Gamma-Gamma model as the purchase model") {
    CHECK_THROWS_AS(clv::forecast_customer_set(summary, spend, nullptr, nullptr, options), clv::Error);
  }
  SECTION("a purchase model as the spend model") {
    CHECK_THROWS_AS(clv::forecast_customer_set(summary, purchase, &purchase, nullptr, options), clv::Error);
  }
  SECTION("a weighted row, named by its line when the summary was read from a file") {
    summary.customers[1].weight = 3.0;
    CHECK_THROWS_WITH(clv::forecast_customer_set(summary, purchase, nullptr, nullptr, options),
                      Catch::Contains("stands for 3 customers"));
    summary.lines = {2, 7};
    try {
      (void)clv::forecast_customer_set(summary, purchase, nullptr, nullptr, options);
      FAIL("a weighted row was accepted");
    } catch (const clv::Error& error) {
      CHECK(error.where().line == 7);
      CHECK(error.where().field == "count");
    }
  }
  SECTION("no unit and no year length") {
    summary.unit.reset();
    CHECK_THROWS_WITH(clv::forecast_customer_set(summary, purchase, nullptr, nullptr, options),
                      Catch::Contains("time unit is unknown"));
  }
  SECTION("a margin above 1") {
    options.margin = 1.5;
    CHECK_THROWS_AS(clv::forecast_customer_set(summary, purchase, nullptr, nullptr, options), clv::Error);
  }
}

TEST_CASE("year lengths") {
  CHECK(clv::year_length(clv::TimeUnit::days) == 365.25);
  CHECK(clv::year_length(clv::TimeUnit::weeks) == Approx(52.178571428571));
  CHECK(clv::year_length(clv::TimeUnit::months) == 12.0);
}

namespace {

clv::AttributeTable read(const std::string& text) {
  auto source = clv::io::memory_input(text, "a.csv");
  return clv::io::read_attributes(*source);
}

std::string error_of(const std::string& text) {
  return clv::test::error_description([&] { return read(text); });
}

}  // namespace

TEST_CASE("attributes reader: columns by name in any order, empty fields absent") {
  const clv::AttributeTable table = read("Name,referred_by,ID,acquisition_cost,other\n"
                                         "Alice,,A,120.5,x\n"
                                         ",A,B,,y\n");
  REQUIRE(table.customers.size() == 2);
  CHECK(table.customers[0].id == "A");
  CHECK(table.customers[0].name == std::optional<std::string>("Alice"));
  CHECK_FALSE(table.customers[0].referred_by);
  CHECK(table.customers[0].acquisition_cost == 120.5);
  CHECK(table.customers[0].line == 2);
  CHECK(table.customers[0].column == 8);
  CHECK(table.customers[1].referred_by == std::optional<std::string>("A"));
  CHECK_FALSE(table.customers[1].name);
  CHECK(table.customers[1].acquisition_cost == 0.0);
  CHECK(table.id_header == "ID");
}

TEST_CASE("attributes reader: errors name file, line, column and field") {
  CHECK(error_of("") == "a.csv: attributes file is empty: expected a header line (customer_id, acquisition_cost, "
                        "referred_by, name) and one row per customer");
  CHECK(error_of("name,cost\nA,1\n") == "a.csv:1: attributes have no 'customer_id' (or 'id') column (columns: name, cost)");
  CHECK(error_of("customer_id,acquisition_cost\nA,1\nB,2\nA,3\n") ==
        "a.csv:4:1: customer_id: duplicate customer id (first on line 2) 'A'");
  CHECK(error_of("customer_id,acquisition_cost\nA,-5\n") == "a.csv:2:3: acquisition_cost: must not be negative '-5'");
  CHECK(error_of("customer_id,acquisition_cost\nA,abc\n") == "a.csv:2:3: acquisition_cost: is not a number 'abc'");
  CHECK(error_of("customer_id,acquisition_cost\n,5\n") == "a.csv:2:1: customer_id: customer id is empty");
  CHECK(error_of("customer_id,acquisition_cost\n\xFF,5\n") == "a.csv:2:1: customer_id: is not valid UTF-8");
  CHECK(error_of("id,referred_by,name\nA,,Ann\nB,pay\xE2\x82,Bob\n") == "a.csv:3:3: referred_by: is not valid UTF-8");
  CHECK(error_of("ID,Name\nA,\xC0\xAF\n") == "a.csv:2:3: Name: is not valid UTF-8");
  CHECK(error_of("customer_id,acquisition_cost\nA\n") == "a.csv:2: row has 1 field where the header has 2");
  // A longer row too: its extra field is a value with an unquoted comma, which shifts the rest.
  CHECK(error_of("customer_id,name,acquisition_cost\nA,Smith, J,5\n") == "a.csv:2: row has 4 fields where the header has 3");
  // An unused column counts as well: a row without it has lost a field somewhere.
  CHECK(error_of("customer_id,acquisition_cost,segment\nA,5\n") == "a.csv:2: row has 2 fields where the header has 3");
  CHECK(error_of("id,customer_id\nA,B\n") == "a.csv:1:4: customer_id: column 'customer_id' is a second customer_id column (the first is 'id', column 1); "
                                          "choose one with --column customer_id=HEADER");
}
