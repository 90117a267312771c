#pragma once
// Terminal display width of UTF-8 text, so tables line up with Chinese or accented names:
// East Asian wide and fullwidth characters take two columns, combining marks none.

#include <cstddef>
#include <string_view>

namespace clv::io {

[[nodiscard]] std::size_t display_width(std::string_view utf8) noexcept;

// Whether `text` is well-formed UTF-8 (no stray continuation bytes, overlong forms, surrogates
// or code points beyond U+10FFFF). Readers reject text fields that are not: they would reach
// JSON output as invalid JSON.
[[nodiscard]] bool is_valid_utf8(std::string_view text) noexcept;

}  // namespace clv::io
