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

// The length of the well-formed UTF-8 character at the start of `text` (RFC 3629: no overlong
// forms, no surrogates, at most U+10FFFF), or 0 when there is none.
std::size_t utf8_length(std::string_view text) {
  const auto at = [&text](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const auto continuation = [&](std::size_t i) { return i < text.size() && (at(i) & 0xC0) == 0x80; };
  const unsigned char lead = at(0);
  if (lead >= 0xC2 && lead <= 0xDF) {
    return continuation(1) ? 2 : 0;
  }
  if (lead >= 0xE0 && lead <= 0xEF) {
    if (!continuation(1) || !continuation(2)) {
      return 0;
    }
    const bool overlong = lead == 0xE0 && at(1) < 0xA0;
    const bool surrogate = lead == 0xED && at(1) >= 0xA0;
    return overlong || surrogate ? 0 : 3;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    if (!continuation(1) || !continuation(2) || !continuation(3)) {
      return 0;
    }
    const bool overlong = lead == 0xF0 && at(1) < 0x90;
    const bool too_big = lead == 0xF4 && at(1) >= 0x90;
    return overlong || too_big ? 0 : 4;
  }
  return 0;
}

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
  // Bytes that are not part of a well-formed UTF-8 character are escaped too, so the message is
  // valid UTF-8 whatever the input held (a terminal or a log collector may choke otherwise).
  const auto append = [&shown](std::string_view part) {
    for (std::size_t i = 0; i < part.size();) {
      const auto byte = static_cast<unsigned char>(part[i]);
      if (byte < 0x80) {
        if (byte < 0x20 || byte == 0x7F) {
          shown += fmt::format("\\x{:02x}", byte);
        } else {
          shown += part[i];
        }
        ++i;
        continue;
      }
      const std::size_t length = utf8_length(part.substr(i));
      if (length == 0) {
        shown += fmt::format("\\x{:02x}", byte);
        ++i;
        continue;
      }
      shown.append(part.substr(i, length));
      i += length;
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

Location RowSource::at(std::size_t row, std::string field) const {
  return Location{file, row < lines.size() ? lines[row] : 0, 0, std::move(field)};
}

Error several_customers_error(std::string_view id, double count, Location where) {
  return data_error(fmt::format("customer '{}' stands for {} customers (a count column): a result per customer "
                                "needs one row per customer",
                                id, count),
                    std::move(where));
}

Error naming_file(const Error& error, const std::string& file) {
  if (error.code() != ExitCode::data_error || !error.where().file.empty()) {
    return error;
  }
  Location where = error.where();
  where.file = file;
  return Error(error.code(), error.message(), std::move(where));
}

}  // namespace clv
