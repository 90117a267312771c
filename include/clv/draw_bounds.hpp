#pragma once
// Exact interval bounds over many draws without keeping every draw: for each item (a customer's
// quantity, a total) the bounds at level L over D draws are two type-7 quantiles, each
// interpolated between two neighbouring order statistics, and those lie among the
// floor((1 - L) / 2 (D - 1)) + 2 smallest and as many largest values. So each item keeps a
// bounded max-heap of its smallest values and a min-heap of its largest: memory items x 2k
// doubles instead of items x D. The k smallest of a multiset do not depend on the order values
// arrive in, so the result is the same whichever thread added which draw. The bounds equal
// central_bounds (forecast_interval.hpp) over the same values, bit for bit.

#include "clv/forecast_interval.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace clv {

class DrawBounds {
 public:
  // `draws`: how many values each item will receive (at least 1); level in (0, 1).
  DrawBounds(std::size_t items, std::size_t draws, double level);

  // Adds one draw's value for `item`. Different items may be added from different threads.
  void add(std::size_t item, double value);

  // The bounds of `item` once its `draws` values were added.
  [[nodiscard]] Bounds bounds(std::size_t item) const;

  [[nodiscard]] std::size_t items() const noexcept { return m_counts.size(); }

 private:
  std::size_t m_draws;
  double m_level;
  std::size_t m_low_count;   // smallest values kept per item
  std::size_t m_high_count;  // largest values kept per item
  std::vector<double> m_values;  // per item: m_low_count (max-heap), then m_high_count (min-heap)
  std::vector<std::uint32_t> m_counts;
  // Per item, the largest kept small value and the smallest kept large value once the heaps are
  // full: most values pass neither, and these small arrays answer that without touching the
  // heaps (which are far apart in memory).
  std::vector<double> m_low_limit;
  std::vector<double> m_high_limit;
};

}  // namespace clv
