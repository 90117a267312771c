#include "clv/io/chunk_buffer.hpp"

#include "clv/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace clv::io {

namespace {

// Small to start (fuzzing and tiny files pay for zero-filling it); doubled as records need, up
// to the limit. 64 KiB reads are as fast as 1 MiB ones on a page-cached file.
constexpr std::size_t k_initial_bytes = std::size_t{64} << 10;

constexpr std::string_view k_bom = "\xEF\xBB\xBF";

}  // namespace

ChunkBuffer::ChunkBuffer(InputSource& source, std::string_view unit, std::size_t max_bytes)
    : m_source(source), m_unit(unit), m_max_bytes(max_bytes), m_bytes(k_initial_bytes) {}

bool ChunkBuffer::fill(std::size_t line) {
  if (m_begin > 0) {
    // Something was consumed before three bytes were seen (a record "a\n"): no BOM can follow.
    m_at_start = false;
    std::memmove(m_bytes.data(), m_bytes.data() + m_begin, m_end - m_begin);
    m_end -= m_begin;
    m_scan -= m_begin;
    m_begin = 0;
  }
  if (m_end == m_bytes.size()) {
    if (m_bytes.size() >= m_max_bytes) {
      throw data_error(fmt::format("{} is longer than {} MiB", m_unit, m_max_bytes >> 20),
                       Location{m_source.name(), line});
    }
    m_bytes.resize(m_bytes.size() * 2);
  }
  const std::size_t count = m_source.read(m_bytes.data() + m_end, m_bytes.size() - m_end);
  if (count == 0) {
    m_eof = true;
    return false;
  }
  m_end += count;
  // Decided once three bytes are in, however the input was split into reads.
  if (m_at_start && m_end >= k_bom.size()) {
    m_at_start = false;
    if (std::string_view(m_bytes.data(), k_bom.size()) == k_bom) {
      m_begin = k_bom.size();
      m_scan = std::max(m_scan, m_begin);
    }
  }
  return true;
}

}  // namespace clv::io
