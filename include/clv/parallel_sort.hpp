#pragma once
// Sorting a million keys takes about 80 ms on one core; on two it is each half sorted on its
// own core, then one merge pass. The comparison must be a strict total order (ties broken, e.g.
// by position), so the result is the same as std::sort's, whatever the thread timing.

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <thread>
#include <vector>

namespace clv {

// Below this, one thread is as fast (starting one costs about 50 µs).
inline constexpr std::size_t k_parallel_sort_minimum = 100000;

// Sorts `items` and hands them to `emit` in sorted order. The merge feeds `emit` directly, so a
// caller that keeps only part of each item (a position) needs no second array of items; `items`
// is left in an unspecified order.
template <class T, class Less, class Emit>
void sort_on_two_threads(std::vector<T>& items, Less less, Emit emit) {
  if (items.size() < k_parallel_sort_minimum || std::thread::hardware_concurrency() < 2) {
    std::sort(items.begin(), items.end(), less);
    std::for_each(items.begin(), items.end(), emit);
    return;
  }
  const auto middle = items.begin() + static_cast<std::ptrdiff_t>(items.size() / 2);
  std::thread helper([&] { std::sort(middle, items.end(), less); });
  std::sort(items.begin(), middle, less);
  helper.join();
  auto left = items.begin();
  auto right = middle;
  while (left != middle && right != items.end()) {
    // On ties (impossible with a total order) the left half first, as std::merge does.
    emit(less(*right, *left) ? *right++ : *left++);
  }
  std::for_each(left, middle, emit);
  std::for_each(right, items.end(), emit);
}

// Sorts `items` in place.
template <class T, class Less>
void sort_on_two_threads(std::vector<T>& items, Less less) {
  std::vector<T> sorted;
  sorted.reserve(items.size());
  sort_on_two_threads(items, less, [&sorted](const T& item) { sorted.push_back(item); });
  items.swap(sorted);
}

}  // namespace clv
