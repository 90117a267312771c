#include "clv/draw_bounds.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace {

// R's type 7 quantile by a full sort: the reference.
double sorted_quantile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const double position = p * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(values.size() - 1, below + 1);
  return values[below] + (position - static_cast<double>(below)) * (values[above] - values[below]);
}

}  // namespace

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
