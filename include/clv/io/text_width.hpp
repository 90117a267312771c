#pragma once
// Terminal display width of UTF-8 text, so tables line up with Chinese or accented names:
// East Asian wide and fullwidth characters take two columns, combining marks none.

#include <cstddef>
#include <string_view>

namespace clv::io {

[[nodiscard]] std::size_t display_width(std::string_view utf8) noexcept;

}  // namespace clv::io
