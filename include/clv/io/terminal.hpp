#pragma once
// What the terminal allows: its width, colour, Unicode. Kept apart from the chart renderers so
// those stay pure functions of their inputs.

#include "clv/io/terminal_chart.hpp"

#include <cstddef>

namespace clv::io {

// Columns of the terminal on `fd` (ioctl TIOCGWINSZ); when that fails, the COLUMNS environment
// variable if it is a number from 1 to 10000; otherwise 80.
[[nodiscard]] std::size_t terminal_width(int fd) noexcept;

// Colour only when `fd` is a terminal, NO_COLOR is unset or empty (https://no-color.org) and
// TERM is not "dumb".
[[nodiscard]] bool colour_allowed(int fd) noexcept;

// Unicode block characters when the locale (LC_ALL, else LC_CTYPE, else LANG) names UTF-8;
// plain ASCII otherwise.
[[nodiscard]] Glyphs glyphs_allowed() noexcept;

}  // namespace clv::io
