#include "clv/parallel_sort.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

TEST_CASE("sort on two threads: the same order as std::sort, ties broken by position") {
  for (const std::size_t count : {std::size_t{0}, std::size_t{1}, std::size_t{1000}, clv::k_parallel_sort_minimum,
                                  clv::k_parallel_sort_minimum * 3 + 1}) {
    std::mt19937_64 random(count);
    std::uniform_int_distribution<int> key(0, 500);  // many equal keys
    std::vector<std::pair<double, std::uint32_t>> items(count);
    for (std::size_t i = 0; i < count; ++i) {
      items[i] = {key(random) / 4.0, static_cast<std::uint32_t>(i)};
    }
    const auto larger_first = [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    };
    auto expected = items;
    std::stable_sort(expected.begin(), expected.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    auto copy = items;
    std::vector<std::uint32_t> positions;
    clv::sort_on_two_threads(copy, larger_first, [&](const auto& item) { positions.push_back(item.second); });
    REQUIRE(positions.size() == count);
    for (std::size_t i = 0; i < count; ++i) {
      REQUIRE(positions[i] == expected[i].second);
    }
    clv::sort_on_two_threads(items, larger_first);
    CHECK(items == expected);
  }
}
