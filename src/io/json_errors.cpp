#include "clv/io/json_errors.hpp"

#include <algorithm>

namespace clv::io {

std::string json_error_message(std::string_view what) {
  if (what.starts_with("[json.exception.")) {
    const std::size_t end = what.find("] ");
    what.remove_prefix(end == std::string_view::npos ? 0 : end + 2);
  }
  // "parse error at line 1, column 32: syntax error ..." or "parse error at 7: ...".
  if (what.starts_with("parse error")) {
    const std::size_t colon = what.find(": ");
    if (colon != std::string_view::npos) {
      what.remove_prefix(colon + 2);
    }
  }
  return std::string(what);
}

TextPosition json_error_position(std::string_view text, std::size_t byte) noexcept {
  const std::size_t end = std::min(text.size(), byte == 0 ? 0 : byte - 1);
  TextPosition position;
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++position.line;
      position.column = 1;
    } else {
      ++position.column;
    }
  }
  return position;
}

}  // namespace clv::io
