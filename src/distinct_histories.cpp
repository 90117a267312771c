#include "distinct_histories.hpp"

#include "clv/error.hpp"

#include <array>
#include <bit>
#include <cstddef>

namespace clv::detail {
namespace {

std::uint64_t mix(std::uint64_t hash, std::uint64_t bits) {
  // splitmix64 finaliser over the running hash and the value's bits.
  std::uint64_t z = hash ^ (bits + 0x9E3779B97F4A7C15ULL + (hash << 6) + (hash >> 2));
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Groups rows by N doubles (their bit patterns: 0.0 and -0.0 are different keys) in an
// open-addressing table of entry numbers. `keys` receives each distinct key once, in order of
// first appearance; the result is each row's entry in `keys`.
template <std::size_t N, class KeyOf>
std::vector<std::uint32_t> group_rows(std::size_t rows, const KeyOf& key_of,
                                      std::vector<std::array<std::uint64_t, N>>& keys) {
  if (rows >= 0xFFFFFFFFU) {
    throw data_error("more than 4 billion customers in one summary");
  }
  std::vector<std::uint32_t> index(rows);
  std::size_t capacity = 16;
  while (capacity < rows * 2) {
    capacity *= 2;
  }
  std::vector<std::uint32_t> slots(capacity, 0);  // entry + 1; 0 is empty
  for (std::size_t i = 0; i < rows; ++i) {
    const std::array<std::uint64_t, N> key = key_of(i);
    std::uint64_t hash = 0;
    for (const std::uint64_t bits : key) {
      hash = mix(hash, bits);
    }
    for (std::size_t slot = hash & (capacity - 1);; slot = (slot + 1) & (capacity - 1)) {
      const std::uint32_t entry = slots[slot];
      if (entry == 0) {
        keys.push_back(key);
        slots[slot] = static_cast<std::uint32_t>(keys.size());
        index[i] = static_cast<std::uint32_t>(keys.size() - 1);
        break;
      }
      if (keys[entry - 1] == key) {
        index[i] = entry - 1;
        break;
      }
    }
  }
  return index;
}

}  // namespace

DistinctHistories distinct_histories(const SummaryTable& summary) {
  std::vector<std::array<std::uint64_t, 3>> keys;
  DistinctHistories distinct;
  distinct.index = group_rows<3>(
      summary.customers.size(),
      [&](std::size_t i) {
        const CustomerSummary& c = summary.customers[i];
        return std::array{std::bit_cast<std::uint64_t>(c.frequency), std::bit_cast<std::uint64_t>(c.recency),
                          std::bit_cast<std::uint64_t>(c.age)};
      },
      keys);
  distinct.histories.reserve(keys.size());
  for (const auto& key : keys) {
    distinct.histories.push_back(models::PurchaseHistory{std::bit_cast<double>(key[0]), std::bit_cast<double>(key[1]),
                                                         std::bit_cast<double>(key[2]), 1.0});
  }
  return distinct;
}

}  // namespace clv::detail
