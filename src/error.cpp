#include "clv/error.hpp"

#include <fmt/format.h>

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

// An error is one line of text: bytes of the offending value that would break it (NUL, CR, LF,
// other control characters) are shown escaped, e.g. \x00.
std::string one_line(const std::string& text) {
  std::string shown;
  shown.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) {
      shown += fmt::format("\\x{:02x}", byte);
    } else {
      shown += c;
    }
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
