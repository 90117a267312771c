#include "clv/models/batch.hpp"
#include "clv/models/simulate.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace clv::models;

TEST_CASE("forecast_all equals forecast customer by customer, for any thread count") {
  SimulationOptions o;
  o.customers = 40000;  // several chunks
  o.min_age = 1.0;
  o.max_age = 78.0;
  o.seed = 11;
  const std::vector<double> parameters{0.553, 10.578, 0.606, 11.669};
  const auto customers = simulate_purchases(ModelKind::pareto_nbd, parameters, o);
  const auto one = forecast_all(ModelKind::pareto_nbd, parameters, customers, 52.0, 1);
  const auto two = forecast_all(ModelKind::pareto_nbd, parameters, customers, 52.0, 2);
  REQUIRE(one.size() == customers.size());
  REQUIRE(two.size() == customers.size());
  for (std::size_t i = 0; i < customers.size(); i += 997) {
    const PurchaseForecast single = forecast(ModelKind::pareto_nbd, parameters, customers[i], 52.0);
    CHECK(one[i].expected_transactions == single.expected_transactions);
    CHECK(one[i].probability_alive == single.probability_alive);
    CHECK(one[i].expected_transactions_if_alive == single.expected_transactions_if_alive);
  }
  bool identical = true;
  for (std::size_t i = 0; i < customers.size(); ++i) {
    identical = identical && one[i].expected_transactions == two[i].expected_transactions &&
                one[i].probability_alive == two[i].probability_alive;
  }
  CHECK(identical);
  CHECK(forecast_all(ModelKind::bg_nbd, parameters, {}, 52.0).empty());
}

TEST_CASE("forecast_all's per-(x, T) cache for long horizons gives exactly forecast's values") {
  // Whole-week ages so that many customers share (x, T); horizon long enough to use the cache.
  SimulationOptions o;
  o.customers = 20000;
  o.min_age = 1.0;
  o.max_age = 78.0;
  o.seed = 13;
  for (ModelKind kind : {ModelKind::bg_nbd, ModelKind::mbg_nbd}) {
    const std::vector<double> parameters{0.243, 4.414, 0.793, 2.426};
    auto customers = simulate_purchases(kind, parameters, o);
    for (auto& c : customers) {
      c.age = std::ceil(c.age);
    }
    const auto all = forecast_all(kind, parameters, customers, 260.0, 2);
    bool identical = true;
    for (std::size_t i = 0; i < customers.size(); ++i) {
      const PurchaseForecast single = forecast(kind, parameters, customers[i], 260.0);
      identical = identical && all[i].expected_transactions == single.expected_transactions &&
                  all[i].probability_alive == single.probability_alive &&
                  all[i].expected_transactions_if_alive == single.expected_transactions_if_alive;
    }
    CHECK(identical);
  }
}
