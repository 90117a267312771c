#include "clv/draw_bounds.hpp"

#include "clv/forecast_table.hpp"
#include "clv/models/simulate.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "for_each_draw.hpp"
#include "sorted_quantile.hpp"

TEST_CASE("draw bounds: the heaps and the pivot selection give the quantiles of a full sort, bit for bit",
          "[interval][draw-bounds]") {
  std::mt19937_64 engine(42);
  std::normal_distribution<double> normal;
  std::uniform_int_distribution<int> small(0, 5);  // many ties
  for (const std::size_t draws : {1UL, 2UL, 3UL, 7UL, 100UL, 255UL, 256UL, 1000UL, 1001UL, 4000UL}) {
    for (const double level : {0.5, 0.8, 0.9, 0.95, 0.99, 0.999}) {
      constexpr std::size_t k_items = 6;
      clv::DrawBounds bounds(k_items, draws, level);
      std::vector<std::vector<double>> values(k_items);
      for (std::size_t d = 0; d < draws; ++d) {
        for (std::size_t item = 0; item < k_items; ++item) {
          // Item 0..1 continuous, 2..3 with ties, 4 constant, 5 sorted descending input.
          double v = item < 2 ? normal(engine) * (item + 1.0)
                     : item < 4 ? static_cast<double>(small(engine))
                     : item == 4 ? 3.25
                                 : -static_cast<double>(d);
          values[item].push_back(v);
          bounds.add(item, v);
        }
      }
      for (std::size_t item = 0; item < k_items; ++item) {
        INFO("draws " << draws << ", level " << level << ", item " << item);
        const double lower = sorted_quantile(values[item], 0.5 * (1.0 - level));
        const double upper = sorted_quantile(values[item], 0.5 * (1.0 + level));
        const clv::Bounds heap = bounds.bounds(item);
        CHECK(heap.lower == lower);
        CHECK(heap.upper == upper);
        std::vector<double> copy = values[item];
        std::vector<double> scratch;
        const clv::Bounds selected = clv::central_bounds(copy, level, scratch);
        CHECK(selected.lower == lower);
        CHECK(selected.upper == upper);
      }
    }
  }
}

TEST_CASE("draw bounds: the order values arrive in does not matter", "[interval][draw-bounds]") {
  std::mt19937_64 engine(7);
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  std::vector<double> values(1000);
  for (double& v : values) {
    v = uniform(engine);
  }
  clv::DrawBounds forward(1, values.size(), 0.9);
  clv::DrawBounds shuffled(1, values.size(), 0.9);
  for (const double v : values) {
    forward.add(0, v);
  }
  std::shuffle(values.begin(), values.end(), engine);
  for (const double v : values) {
    shuffled.add(0, v);
  }
  CHECK(forward.bounds(0).lower == shuffled.bounds(0).lower);
  CHECK(forward.bounds(0).upper == shuffled.bounds(0).upper);
}

TEST_CASE("predict intervals: the quantiles of forecast_customers recomputed per draw, over several blocks and "
          "for any thread count",
          "[interval][draw-bounds]") {
  using clv::models::ModelKind;
  for (const ModelKind kind : {ModelKind::bg_nbd, ModelKind::pareto_nbd}) {
    const std::vector<double> truth = kind == ModelKind::bg_nbd ? std::vector<double>{0.5, 5.0, 0.8, 2.5}
                                                                : std::vector<double>{0.5, 5.0, 0.6, 8.0};
    clv::models::SimulationOptions simulation;
    simulation.customers = 1400;  // distinct histories beyond one block of 512
    simulation.min_age = 10.0;
    simulation.max_age = 60.0;
    const auto histories = clv::models::simulate_purchases(kind, truth, simulation);
    clv::SummaryTable summary;
    for (std::size_t i = 0; i < histories.size(); ++i) {
      clv::CustomerSummary c;
      c.id = std::to_string(i);
      c.frequency = histories[i].frequency;
      c.recency = histories[i].recency;
      c.age = histories[i].age;
      c.monetary_value = 20.0 + static_cast<double>(i % 7) * 5.0;
      summary.customers.push_back(c);
    }
    clv::models::FitResult purchase;
    purchase.kind = kind;
    purchase.parameters = truth;
    purchase.covariance.assign(4, std::vector<double>(4, 0.0));
    for (std::size_t i = 0; i < 4; ++i) {
      purchase.covariance[i][i] = 0.01 * truth[i] * truth[i];
    }
    clv::models::FitResult spend;
    spend.kind = ModelKind::gamma_gamma;
    spend.parameters = {6.0, 4.0, 15.0};
    spend.covariance = {{0.2, 0.0, 0.0}, {0.0, 0.1, 0.0}, {0.0, 0.0, 1.0}};
    clv::ForecastOptions options;
    options.horizon = 26.0;
    options.discount_rate = 0.01;
    options.period = 4.0;
    options.margin = 0.5;
    clv::IntervalOptions interval;
    interval.draws = 60;
    interval.level = 0.8;
    const clv::ParameterDraws draws = clv::normal_parameter_draws(purchase, &spend, interval);
    options.threads = 1;
    const clv::ForecastIntervals one = clv::forecast_intervals(purchase, &spend, summary, options, draws, 0.8);
    options.threads = 2;
    const clv::ForecastIntervals two = clv::forecast_intervals(purchase, &spend, summary, options, draws, 0.8);

    const std::size_t n = summary.customers.size();
    std::vector<std::vector<double>> value(n);
    std::vector<std::vector<double>> alive(n);
    std::vector<double> total;
    for_each_draw(purchase, spend, draws, [&](const auto& drawn_purchase, const auto& drawn_spend) {
      const clv::ForecastTable table = clv::forecast_customers(drawn_purchase, &drawn_spend, summary, options);
      double sum = 0.0;
      for (std::size_t i = 0; i < n; ++i) {
        value[i].push_back(table.customers[i].lifetime_value);
        alive[i].push_back(table.customers[i].probability_alive);
        sum += table.customers[i].lifetime_value;
      }
      total.push_back(sum);
    });
    for (std::size_t i = 0; i < n; ++i) {
      INFO("customer " << i);
      REQUIRE(one.customers[i].lifetime_value.lower == two.customers[i].lifetime_value.lower);
      REQUIRE(one.customers[i].lifetime_value.upper == two.customers[i].lifetime_value.upper);
      REQUIRE(one.customers[i].lifetime_value.lower == Approx(sorted_quantile(value[i], 0.1)).epsilon(1e-12));
      REQUIRE(one.customers[i].lifetime_value.upper == Approx(sorted_quantile(value[i], 0.9)).epsilon(1e-12));
      REQUIRE(one.customers[i].probability_alive.lower == sorted_quantile(alive[i], 0.5 * (1.0 - 0.8)));
      REQUIRE(one.customers[i].probability_alive.upper == sorted_quantile(alive[i], 0.5 * (1.0 + 0.8)));
    }
    CHECK(one.total_value.lower == two.total_value.lower);
    CHECK(one.total_value.lower == Approx(sorted_quantile(total, 0.1)).epsilon(1e-12));
    CHECK(one.total_value.upper == Approx(sorted_quantile(total, 0.9)).epsilon(1e-12));
  }
}
