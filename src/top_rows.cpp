#include "clv/top_rows.hpp"

#include <algorithm>
#include <numeric>

namespace clv {

std::vector<std::size_t> top_rows(std::span<const double> keys, std::size_t top) {
  std::vector<std::size_t> order(keys.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  if (top == 0) {
    return order;
  }
  const std::size_t keep = std::min(top, order.size());
  // A total order (the position breaks ties), so partial_sort's result is the one possible.
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end(),
                    [&](std::size_t left, std::size_t right) {
                      return keys[left] > keys[right] || (keys[left] == keys[right] && left < right);
                    });
  order.resize(keep);
  return order;
}

}  // namespace clv
