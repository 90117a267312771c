#pragma once
// The tests' reference for interval bounds: R's type 7 quantile by a full sort.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

inline double sorted_quantile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const double position = p * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(values.size() - 1, below + 1);
  return values[below] + (position - static_cast<double>(below)) * (values[above] - values[below]);
}
