#pragma once
// Terminal display width of UTF-8 text, so tables line up with Chinese or accented names:
// East Asian wide and fullwidth characters take two columns, combining marks none. And the
// checks that text is UTF-8 at all, which readers apply to ids and names.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace clv::io {

[[nodiscard]] std::size_t display_width(std::string_view utf8) noexcept;

// Whether every byte is below 0x80. Inline and without a loop over bytes, because readers call
// it on every id of a 10-million-row log: word loads, the tail as one overlapping load.
[[nodiscard]] inline bool is_ascii(std::string_view text) noexcept {
  const char* const bytes = text.data();
  const std::size_t size = text.size();
  if (size >= 8) {
    std::uint64_t seen = 0;
    std::uint64_t word = 0;
    std::size_t i = 0;
    for (; i + 8 <= size; i += 8) {
      std::memcpy(&word, bytes + i, 8);
      seen |= word;
    }
    if (i < size) {
      std::memcpy(&word, bytes + size - 8, 8);
      seen |= word;
    }
    return (seen & 0x8080808080808080U) == 0;
  }
  if (size >= 4) {
    std::uint32_t head = 0;
    std::uint32_t tail = 0;
    std::memcpy(&head, bytes, 4);
    std::memcpy(&tail, bytes + size - 4, 4);
    return ((head | tail) & 0x80808080U) == 0;
  }
  unsigned seen = 0;
  for (std::size_t i = 0; i < size; ++i) {
    seen |= static_cast<unsigned char>(bytes[i]);
  }
  return (seen & 0x80U) == 0;
}

namespace utf8_detail {
// The full check, for text that is not all ASCII.
[[nodiscard]] bool is_valid(std::string_view text) noexcept;
}  // namespace utf8_detail

// Whether `text` is well-formed UTF-8 (no stray continuation bytes, overlong forms, surrogates
// or code points beyond U+10FFFF). Readers reject text fields that are not: they would reach
// JSON output as invalid JSON.
[[nodiscard]] inline bool is_valid_utf8(std::string_view text) noexcept {
  return is_ascii(text) || utf8_detail::is_valid(text);
}

}  // namespace clv::io
