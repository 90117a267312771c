#include "clv/error.hpp"

#include <fmt/format.h>

#include <string_view>

namespace clv {

Error::Error(ExitCode code, const std::string& message, Location where)
    : std::runtime_error(message), m_code(code), m_message(message), m_where(std::move(where)) {}

std::string format_location(const Location& where) {
  std::string text = where.file;
  if (where.line > 0) {
    text += fmt::format(":{}", where.line);
    if (where.column > 0) {
      text += fmt::format(":{}", where.column);
    }
  }
  return text;
}

namespace {

// The longest message shown; a longer one (a 10 MB field quoted back) keeps its start and end.
constexpr std::size_t k_max_message_bytes = 1000;

// An error is one readable line of text: bytes of the offending value that would break it (NUL,
// CR, LF, other control characters) are shown escaped, e.g. \x00, and a huge value is cut.
std::string one_line(const std::string& text) {
  std::string_view kept = text;
  std::string_view tail;
  if (text.size() > k_max_message_bytes) {
    kept = std::string_view(text).substr(0, k_max_message_bytes - 200);
    tail = std::string_view(text).substr(text.size() - 100);
    while (!kept.empty() && (static_cast<unsigned char>(kept.back()) & 0xC0) == 0x80) {
      kept.remove_suffix(1);  // never cut a UTF-8 character in two
    }
    while (!tail.empty() && (static_cast<unsigned char>(tail.front()) & 0xC0) == 0x80) {
      tail.remove_prefix(1);
    }
  }
  std::string shown;
  shown.reserve(kept.size() + tail.size() + 40);
  const auto append = [&shown](std::string_view part) {
    for (const char c : part) {
      const auto byte = static_cast<unsigned char>(c);
      if (byte < 0x20 || byte == 0x7F) {
        shown += fmt::format("\\x{:02x}", byte);
      } else {
        shown += c;
      }
    }
  };
  append(kept);
  if (!tail.empty()) {
    shown += fmt::format(" ...({} bytes left out)... ", text.size() - kept.size() - tail.size());
    append(tail);
  }
  return shown;
}

}  // namespace

std::string Error::describe() const {
  std::string text = format_location(m_where);
  if (!text.empty()) {
    text += ": ";
  }
  if (!m_where.field.empty()) {
    text += m_where.field;
    text += ": ";
  }
  text += m_message;
  return one_line(text);
}

Error data_error(const std::string& message, Location where) {
  return Error(ExitCode::data_error, message, std::move(where));
}

Error usage_error(const std::string& message) { return Error(ExitCode::usage, message); }

Error input_error(const std::string& file, const std::string& reason) {
  return Error(ExitCode::no_input, fmt::format("cannot open input: {}", reason), Location{file});
}

Error output_error(const std::string& file, const std::string& reason) {
  return Error(ExitCode::cannot_create, fmt::format("cannot write output: {}", reason),
               Location{file});
}

}  // namespace clv
