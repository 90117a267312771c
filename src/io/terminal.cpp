#include "clv/io/terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <string>
#include <string_view>

namespace clv::io {

std::size_t terminal_width(int fd) noexcept {
  winsize size{};
  if (ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    return size.ws_col;
  }
  if (const char* columns = std::getenv("COLUMNS"); columns != nullptr && *columns != '\0') {
    std::size_t value = 0;
    std::string_view text(columns);
    bool digits = text.size() <= 5;
    for (char c : text) {
      if (std::isdigit(static_cast<unsigned char>(c)) == 0) {
        digits = false;
        break;
      }
      value = value * 10 + static_cast<std::size_t>(c - '0');
    }
    if (digits && value >= 1 && value <= 10000) {
      return value;
    }
  }
  return 80;
}

bool colour_allowed(int fd) noexcept {
  if (const char* no_colour = std::getenv("NO_COLOR"); no_colour != nullptr && *no_colour != '\0') {
    return false;
  }
  if (const char* term = std::getenv("TERM"); term != nullptr && std::string_view(term) == "dumb") {
    return false;
  }
  return isatty(fd) != 0;
}

Glyphs glyphs_allowed() noexcept {
  const char* locale = nullptr;
  for (const char* name : {"LC_ALL", "LC_CTYPE", "LANG"}) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0') {
      locale = value;
      break;
    }
  }
  if (locale == nullptr) {
    return Glyphs::ascii;
  }
  std::string lower;
  for (const char* c = locale; *c != '\0'; ++c) {
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(*c)));
  }
  return lower.find("utf-8") != std::string::npos || lower.find("utf8") != std::string::npos ? Glyphs::unicode
                                                                                            : Glyphs::ascii;
}

}  // namespace clv::io
