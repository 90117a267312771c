#pragma once
// An id → position index for a million customers without a node per entry: open addressing
// over 32-bit positions, the ids themselves stay in the caller's container.

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace clv::detail {

class IdIndex {
 public:
  static constexpr std::uint32_t k_missing = UINT32_MAX;

  // `id_of(position)` returns the id stored at a position; it must stay valid while indexed.
  template <class IdOf>
  std::uint32_t find(std::string_view id, const IdOf& id_of) const {
    if (m_slots.empty()) {
      return k_missing;
    }
    for (std::size_t slot = hash(id) & m_mask;; slot = (slot + 1) & m_mask) {
      const std::uint32_t position = m_slots[slot];
      if (position == k_missing) {
        return k_missing;
      }
      if (id_of(position) == id) {
        return position;
      }
    }
  }

  // Adds `position` under `id` unless the id is there; returns the position already indexed,
  // or k_missing when it was added.
  template <class IdOf>
  std::uint32_t insert(std::string_view id, std::uint32_t position, const IdOf& id_of) {
    if ((m_count + 1) * 2 > m_slots.size()) {
      grow(id_of);
    }
    for (std::size_t slot = hash(id) & m_mask;; slot = (slot + 1) & m_mask) {
      const std::uint32_t existing = m_slots[slot];
      if (existing == k_missing) {
        m_slots[slot] = position;
        ++m_count;
        return k_missing;
      }
      if (id_of(existing) == id) {
        return existing;
      }
    }
  }

 private:
  static std::size_t hash(std::string_view id) { return std::hash<std::string_view>{}(id); }

  template <class IdOf>
  void grow(const IdOf& id_of) {
    std::vector<std::uint32_t> old = std::move(m_slots);
    m_slots.assign(old.empty() ? 64 : old.size() * 2, k_missing);
    m_mask = m_slots.size() - 1;
    for (const std::uint32_t position : old) {
      if (position == k_missing) {
        continue;
      }
      std::size_t slot = hash(id_of(position)) & m_mask;
      while (m_slots[slot] != k_missing) {
        slot = (slot + 1) & m_mask;
      }
      m_slots[slot] = position;
    }
  }

  std::vector<std::uint32_t> m_slots;
  std::size_t m_mask = 0;
  std::size_t m_count = 0;
};

}  // namespace clv::detail
