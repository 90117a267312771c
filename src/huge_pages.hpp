#pragma once
// Large tables (a million customer records is 200 MB) are touched once by the reader and then
// again in an order unrelated to memory: by value, by referrer. In 4 KiB pages that is 50,000
// page faults while reading and a TLB miss on nearly every later access; in 2 MiB pages it is a
// few hundred faults and few misses. Linux hands out such pages only where asked (the usual
// transparent_hugepage=madvise setting); elsewhere this is a no-op.

#include <cstddef>
#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace clv::detail {

// Asks for huge pages over [data, data + bytes); call it before the memory is first written.
// Advice only: nothing changes but speed, and failure is ignored.
inline void advise_huge_pages(const void* data, std::size_t bytes) noexcept {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t k_page = 4096;
  constexpr std::size_t k_worth_it = std::size_t{8} << 20;  // smaller tables gain nothing
  if (bytes < k_worth_it) {
    return;
  }
  const auto begin = (reinterpret_cast<std::uintptr_t>(data) + k_page - 1) & ~(k_page - 1);
  const auto end = reinterpret_cast<std::uintptr_t>(data) + bytes;
  if (end > begin) {
    (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
  }
#else
  (void)data;
  (void)bytes;
#endif
}

// The same for a vector's reserved storage.
template <class Vector>
void advise_huge_pages(const Vector& vector) noexcept {
  advise_huge_pages(vector.data(), vector.capacity() * sizeof(typename Vector::value_type));
}

}  // namespace clv::detail
