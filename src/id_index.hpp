#pragma once
// An id → position index for a million customers without a node per entry: open addressing
// over (position, hash tag) pairs; the ids themselves stay in the caller's container and are
// only compared when the 32-bit tags agree, so a probe rarely touches a customer record.

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace clv::detail {

class IdIndex {
 public:
  static constexpr std::uint32_t k_missing = UINT32_MAX;

  // The hash every lookup starts from; callers that look up many ids may compute it ahead
  // (on another thread) and pass it in.
  [[nodiscard]] static std::size_t hash(std::string_view id) { return std::hash<std::string_view>{}(id); }

  // `id_of(position)` returns the id stored at a position; it must stay valid while indexed.
  template <class IdOf>
  std::uint32_t find(std::string_view id, const IdOf& id_of) const {
    return find(id, hash(id), id_of);
  }

  template <class IdOf>
  std::uint32_t find(std::string_view id, std::size_t full, const IdOf& id_of) const {
    if (m_slots.empty()) {
      return k_missing;
    }
    const auto tag = static_cast<std::uint32_t>(full >> 32);
    for (std::size_t slot = full & m_mask;; slot = (slot + 1) & m_mask) {
      const Slot& at = m_slots[slot];
      if (at.position == k_missing) {
        return k_missing;
      }
      if (at.tag == tag && id_of(at.position) == id) {
        return at.position;
      }
    }
  }

  // Adds `position` under `id` unless the id is there; returns the position already indexed,
  // or k_missing when it was added.
  template <class IdOf>
  std::uint32_t insert(std::string_view id, std::uint32_t position, const IdOf& id_of) {
    return insert(id, hash(id), position, id_of);
  }

  template <class IdOf>
  std::uint32_t insert(std::string_view id, std::size_t full, std::uint32_t position, const IdOf& id_of) {
    if ((m_count + 1) * 2 > m_slots.size()) {
      grow();
    }
    const auto tag = static_cast<std::uint32_t>(full >> 32);
    for (std::size_t slot = full & m_mask;; slot = (slot + 1) & m_mask) {
      Slot& at = m_slots[slot];
      if (at.position == k_missing) {
        at = {position, tag, static_cast<std::uint32_t>(full)};
        ++m_count;
        return k_missing;
      }
      if (at.tag == tag && id_of(at.position) == id) {
        return at.position;
      }
    }
  }

  // Room for `count` ids without growing (growing rehashes everything).
  void reserve(std::size_t count) {
    while (count * 2 > m_slots.size()) {
      grow();
    }
  }

  // A table of a million ids is far bigger than the caches: a caller that knows which ids come
  // next can have their slots loaded while it works on the current one.
  void prefetch(std::size_t full) const noexcept {
    if (!m_slots.empty()) {
      __builtin_prefetch(&m_slots[full & m_mask]);
    }
  }

 private:
  struct Slot {
    std::uint32_t position = k_missing;
    std::uint32_t tag = 0;   // high half of the hash
    std::uint32_t low = 0;   // low half, to re-place the entry when growing
  };

  void grow() {
    std::vector<Slot> old = std::move(m_slots);
    m_slots.assign(old.empty() ? 64 : old.size() * 2, Slot{});
    m_mask = m_slots.size() - 1;
    for (const Slot& entry : old) {
      if (entry.position == k_missing) {
        continue;
      }
      std::size_t slot = entry.low & m_mask;
      while (m_slots[slot].position != k_missing) {
        slot = (slot + 1) & m_mask;
      }
      m_slots[slot] = entry;
    }
  }

  std::vector<Slot> m_slots;
  std::size_t m_mask = 0;
  std::size_t m_count = 0;
};

}  // namespace clv::detail
