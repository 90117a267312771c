#include "clv/forecast_interval.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace clv {
namespace {

// Ascending order statistics `rank` and min(rank + 1, n - 1) of `values` (reordered).
std::pair<double, double> order_pair(std::span<double> values, std::size_t rank) {
  const auto at = values.begin() + static_cast<std::ptrdiff_t>(rank);
  std::nth_element(values.begin(), at, values.end());
  const double low = *at;
  return {low, rank + 1 < values.size() ? *std::min_element(at + 1, values.end()) : low};
}

double interpolate(std::pair<double, double> pair, double position) {
  return pair.first + (position - std::floor(position)) * (pair.second - pair.first);
}

// A small sample's values, sorted: pivots close to the wanted ranks, so that one pass keeps only
// the values beyond them and the selection runs on a few dozen values instead of all of them.
// The result does not depend on the pivot: with m values <= p, the ranks below m of all values
// are those ranks among them (ties included), and symmetrically above.
constexpr std::size_t k_sample = 64;
constexpr std::size_t k_margin = 4;  // sample ranks of slack beyond the wanted one

}  // namespace

Bounds central_bounds(std::span<double> values, double level, std::vector<double>& scratch) {
  const std::size_t n = values.size();
  const double low_position = 0.5 * (1.0 - level) * static_cast<double>(n - 1);
  const double high_position = 0.5 * (1.0 + level) * static_cast<double>(n - 1);
  const auto low_rank = static_cast<std::size_t>(std::floor(low_position));
  const auto high_rank = static_cast<std::size_t>(std::floor(high_position));
  if (n < 4 * k_sample) {
    const auto low = order_pair(values, low_rank);
    const auto high = order_pair(values, high_rank);
    return {interpolate(low, low_position), interpolate(high, high_position)};
  }
  std::array<double, k_sample> sample{};
  for (std::size_t i = 0; i < k_sample; ++i) {
    sample[i] = values[i * n / k_sample];
  }
  std::sort(sample.begin(), sample.end());
  Bounds result;
  // Lower bound: ranks low_rank and low_rank + 1 from the bottom.
  const std::size_t low_needed = low_rank + 2;
  const double low_pivot = sample[std::min(k_sample - 1, low_needed * k_sample / n + k_margin)];
  scratch.clear();
  for (const double v : values) {
    if (v <= low_pivot) {
      scratch.push_back(v);
    }
  }
  if (scratch.size() >= low_needed) {
    result.lower = interpolate(order_pair(scratch, low_rank), low_position);
  } else {
    result.lower = interpolate(order_pair(values, low_rank), low_position);
  }
  // Upper bound: ranks high_rank and high_rank + 1 (at most n - 1), i.e. within the top n - high_rank.
  const std::size_t high_needed = n - high_rank;
  const std::size_t sample_rank = (n - high_needed) * k_sample / n;
  const double high_pivot = sample[sample_rank > k_margin ? sample_rank - k_margin : 0];
  scratch.clear();
  for (const double v : values) {
    if (v >= high_pivot) {
      scratch.push_back(v);
    }
  }
  if (scratch.size() >= high_needed) {
    result.upper = interpolate(order_pair(scratch, high_rank - (n - scratch.size())), high_position);
  } else {
    result.upper = interpolate(order_pair(values, high_rank), high_position);
  }
  return result;
}

}  // namespace clv
