#include "clv/io/terminal.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace {

// A pseudo-terminal, so that the terminal paths run without a real terminal.
struct PseudoTerminal {
  PseudoTerminal() {
    master = ::posix_openpt(O_RDWR | O_NOCTTY);
    if (master >= 0 && ::grantpt(master) == 0 && ::unlockpt(master) == 0) {
      const char* name = ::ptsname(master);
      terminal = name != nullptr ? ::open(name, O_RDWR | O_NOCTTY) : -1;
    }
  }
  ~PseudoTerminal() {
    if (terminal >= 0) {
      ::close(terminal);
    }
    if (master >= 0) {
      ::close(master);
    }
  }
  PseudoTerminal(const PseudoTerminal&) = delete;
  PseudoTerminal& operator=(const PseudoTerminal&) = delete;
  int master = -1;
  int terminal = -1;
};

}  // namespace

// fd -1 is never a terminal, so these exercise the fallbacks.
TEST_CASE("terminal_width falls back to COLUMNS, then 80") {
  ::setenv("COLUMNS", "123", 1);
  CHECK(clv::io::terminal_width(-1) == 123);
  ::setenv("COLUMNS", "12x", 1);
  CHECK(clv::io::terminal_width(-1) == 80);
  ::setenv("COLUMNS", "0", 1);
  CHECK(clv::io::terminal_width(-1) == 80);
  ::unsetenv("COLUMNS");
  CHECK(clv::io::terminal_width(-1) == 80);
}

TEST_CASE("terminal_width asks the terminal first") {
  PseudoTerminal pty;
  REQUIRE(pty.terminal >= 0);
  winsize size{};
  size.ws_col = 101;
  size.ws_row = 30;
  REQUIRE(::ioctl(pty.terminal, TIOCSWINSZ, &size) == 0);
  ::setenv("COLUMNS", "123", 1);
  CHECK(clv::io::terminal_width(pty.terminal) == 101);
  ::unsetenv("COLUMNS");
}

TEST_CASE("colour only on a terminal, without NO_COLOR, not on a dumb terminal") {
  PseudoTerminal pty;
  REQUIRE(pty.terminal >= 0);
  const char* term = std::getenv("TERM");
  const std::string saved_term = term != nullptr ? term : "";
  ::unsetenv("NO_COLOR");
  ::setenv("TERM", "xterm-256color", 1);
  CHECK(clv::io::colour_allowed(pty.terminal));
  CHECK_FALSE(clv::io::colour_allowed(-1));  // not a terminal
  ::setenv("NO_COLOR", "1", 1);
  CHECK_FALSE(clv::io::colour_allowed(pty.terminal));
  ::setenv("NO_COLOR", "", 1);  // empty means unset (no-color.org)
  CHECK(clv::io::colour_allowed(pty.terminal));
  ::unsetenv("NO_COLOR");
  ::setenv("TERM", "dumb", 1);
  CHECK_FALSE(clv::io::colour_allowed(pty.terminal));
  if (term != nullptr) {
    ::setenv("TERM", saved_term.c_str(), 1);
  } else {
    ::unsetenv("TERM");
  }
}

TEST_CASE("Unicode glyphs follow the locale") {
  ::setenv("LC_ALL", "en_US.UTF-8", 1);
  CHECK(clv::io::glyphs_allowed() == clv::io::Glyphs::unicode);
  ::setenv("LC_ALL", "C", 1);
  CHECK(clv::io::glyphs_allowed() == clv::io::Glyphs::ascii);
  ::setenv("LC_ALL", "zh_CN.utf8", 1);
  CHECK(clv::io::glyphs_allowed() == clv::io::Glyphs::unicode);
  ::unsetenv("LC_ALL");
}
