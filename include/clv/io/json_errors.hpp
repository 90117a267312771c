#pragma once
// JSON syntax errors in clv's words. nlohmann's messages start with its own exception id and a
// position ("[json.exception.parse_error.101] parse error at line 1, column 32: ..."); clv names
// the place itself (FILE:LINE:COL), so the readers keep only what went wrong.

#include <cstddef>
#include <string>
#include <string_view>

#include "clv/io/json_depth.hpp"

namespace clv::io {

// The message of a nlohmann exception without its id and position prefix.
[[nodiscard]] std::string json_error_message(std::string_view what);

// The line and column of the character a nlohmann parse error blames: its 1-based byte offset
// points just past that character.
[[nodiscard]] TextPosition json_error_position(std::string_view text, std::size_t byte) noexcept;

}  // namespace clv::io
