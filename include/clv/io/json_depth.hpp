#pragma once
// A limit on JSON nesting, checked before parsing. nlohmann's parser is iterative, but printing
// a value (in an error message) recurses once per level: 100,000 nested brackets would overflow
// the stack. No clv input needs more than a few levels.

#include <cstddef>
#include <optional>
#include <string_view>

namespace clv::io {

inline constexpr std::size_t k_max_json_depth = 256;

struct TextPosition {
  std::size_t line = 1;    // 1-based
  std::size_t column = 1;  // 1-based, in bytes
};

// Where `text` first opens a bracket or brace deeper than `max_depth` (brackets inside strings
// do not count); nullopt when it never does.
[[nodiscard]] std::optional<TextPosition> find_excess_nesting(std::string_view text,
                                                              std::size_t max_depth = k_max_json_depth) noexcept;

}  // namespace clv::io
