#include "clv/models/batch.hpp"
#include "clv/models/simulate.hpp"

#include <catch2/catch.hpp>

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
  }
  bool identical = true;
  for (std::size_t i = 0; i < customers.size(); ++i) {
    identical = identical && one[i].expected_transactions == two[i].expected_transactions &&
                one[i].probability_alive == two[i].probability_alive;
  }
  CHECK(identical);
  CHECK(forecast_all(ModelKind::bg_nbd, parameters, {}, 52.0).empty());
}
