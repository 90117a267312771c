#include "clv/io/terminal_chart.hpp"

#include "clv/error.hpp"
#include "clv/io/text_width.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <optional>
#include <sstream>

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) {
    lines.push_back(line);
  }
  return lines;
}

std::string repeat(std::string_view text, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) {
    out += text;
  }
  return out;
}

// Concatenation without operator+ chains (GCC 12 warns falsely about them at -O3).
template <class... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}

clv::io::ChartStyle ascii_40() {
  clv::io::ChartStyle style;
  style.width = 40;
  style.glyphs = clv::io::Glyphs::ascii;
  return style;
}

}  // namespace

// Profit 10 then -5 (cumulative 10, 5) in 40 columns. Label column 12 ("  cumulative"), values 2
// wide, so the plot has 40 - 12 - 1 - 1 - 2 = 24 columns, one of them the axis. The axis goes at
// round(23 * 5/15) = 8, leaving 8 cells for -5 and 15 for +10: a cell is max(5/8, 10/15) = 2/3.
// +10 = 15 cells; -5 = 7.5 cells (8 in ASCII, 7 full + a half block in Unicode); cumulative 5
// lands 8 cells right of the axis.
TEST_CASE("profit chart: bars from a zero axis, negative to the left, cumulative markers") {
  auto lines = lines_of(clv::io::render_profit_chart({"Y1", "Y2"}, {10.0, -5.0}, ascii_40()));
  REQUIRE(lines.size() == 8);
  CHECK(lines[0] == "Profit per year (# bars) and cumulative");
  CHECK(lines[1] == "profit (*)");
  lines.erase(lines.begin());
  CHECK(lines[1] == cat(std::string(13, ' '), "-5", std::string(6, ' '), "0", std::string(13, ' '), "10"));
  CHECK(lines[2] == cat(std::string(13, ' '), "+", std::string(7, '-'), "+", std::string(14, '-'), "+"));
  CHECK(lines[3] == cat("Y1", std::string(11, ' '), std::string(8, ' '), "|", std::string(15, '#'), " 10"));
  CHECK(lines[4] == cat("  cumulative ", std::string(8, ' '), "|", std::string(14, ' '), "* 10"));
  CHECK(lines[5] == cat("Y2", std::string(11, ' '), std::string(8, '#'), "|", std::string(15, ' '), " -5"));
  CHECK(lines[6] == cat("  cumulative ", std::string(8, ' '), "|", std::string(7, ' '), "*", std::string(7, ' '), "  5"));
  for (const auto& line : lines) {
    CHECK(clv::io::display_width(line) <= 40);
  }

  clv::io::ChartStyle unicode = ascii_40();
  unicode.glyphs = clv::io::Glyphs::unicode;
  auto fancy = lines_of(clv::io::render_profit_chart({"Y1", "Y2"}, {10.0, -5.0}, unicode));
  REQUIRE(fancy.size() == 8);
  fancy.erase(fancy.begin());
  CHECK(fancy[3] == cat("Y1", std::string(11, ' '), std::string(8, ' '), "│", repeat("█", 15), " 10"));
  CHECK(fancy[5] == cat("Y2", std::string(11, ' '), "▐", repeat("█", 7), "│", std::string(15, ' '), " -5"));
  CHECK(fancy[4] == cat("  cumulative ", std::string(8, ' '), "│", std::string(14, ' '), "● 10"));
}

TEST_CASE("profit chart: eighths of a cell and thousands separators") {
  // 0 .. 1,000 over a 40 - 12 - 2 - 5 = 21 column plot: 20 cells of 50 each. 1,000 = 20 cells,
  // 30 = 0.6 cells = 5 eighths (▋); the cumulative 1,030 is beyond the scale's 1,000? No: the
  // scale covers the cumulative values too, so the high end is 1,030 and a cell is 51.5.
  clv::io::ChartStyle style = ascii_40();
  style.glyphs = clv::io::Glyphs::unicode;
  auto lines = lines_of(clv::io::render_profit_chart({"a", "b"}, {1000.0, 30.0}, style));
  REQUIRE(lines.size() == 8);
  lines.erase(lines.begin());
  CHECK(lines[1].find("1,030") != std::string::npos);
  // 1000 / 51.5 = 19.42 cells = 155 eighths: 19 full blocks and a 3/8 block.
  CHECK(lines[3] == cat("a", std::string(12, ' '), "│", repeat("█", 19), "▍", " 1,000"));
  // 30 / 51.5 = 0.58 cells = 5 eighths.
  CHECK(lines[5] == cat("b", std::string(12, ' '), "│▋", std::string(19, ' '), "    30"));
}

// Revenue 8, cost 4: label column "Y1 revenue" (10), values 1 wide, plot 40 - 10 - 2 - 1 = 27,
// axis at 0, 26 cells of 8/26 each: revenue 26 cells, cost 13.
TEST_CASE("revenue and cost chart: one scale, two bars per year") {
  const auto lines = lines_of(clv::io::render_revenue_cost_chart({"Y1"}, {8.0}, {4.0}, ascii_40()));
  REQUIRE(lines.size() == 6);
  CHECK(lines[0] == "Revenue (#) and acquisition + service");
  CHECK(lines[1] == "cost (=) per year");
  CHECK(lines[4] == cat("Y1 revenue |", std::string(26, '#'), " 8"));
  CHECK(lines[5] == cat("      cost |", std::string(13, '='), std::string(13, ' '), " 4"));
  CHECK_THROWS_AS(clv::io::render_revenue_cost_chart({"Y1"}, {8.0}, {}, ascii_40()), clv::Error);
}

TEST_CASE("whale curve chart: 100% line, peak, fits the width") {
  // Best half of customers hold 120% of the value, the rest take 20 points back.
  const std::vector<clv::WhalePoint> curve{{0.0, 0, 0.0, 0.0}, {50.0, 5, 120.0, 1.2}, {100.0, 10, 100.0, 1.0}};
  const clv::WhalePeak peak{5, 50.0, 120.0, 1.2};
  clv::io::ChartStyle style = ascii_40();
  style.height = 6;  // rows of 20 points: 0-20, ..., 100-120; the 100% line is in row 5 (80-100)
  const std::string chart = clv::io::render_whale_chart(curve, peak, style);
  const auto lines = lines_of(chart);
  // Title (2 lines at 40 columns), 6 rows, ruler, labels, axis name, 2 + 2 lines of notes.
  REQUIRE(lines.size() == 2 + 6 + 3 + 4);
  CHECK(lines[7].rfind("  0%+", 0) == 0);
  // The plot is 40 - 4 - 2 = 34 columns. Column c shows x = (c + 1) / 34 of customers; the
  // curve is 2.4 x up to 50%, then 120 - 0.4 (x - 50). The top row (100-120) is drawn where the
  // height rounds to 6 rows, height >= 110: 45.8% <= x <= 75%, columns 15 (47.1%) to 24 (73.5%).
  CHECK(lines[2] == cat("120%+", std::string(15, ' '), std::string(10, '#')));
  // Row 5 is filled where the curve is at least 90% (rounding to whole rows), and shows the
  // 100% line elsewhere: x >= 37.5% is column 12 on.
  CHECK(lines[3] == cat("100%+", std::string(12, '-'), std::string(22, '#')));
  CHECK(lines[11] == "peak: 120.0% of total value with the");
  CHECK(lines[12] == "best 50.0% of customers (5 of 10)");
  CHECK(lines[13] == "the other customers reduce it by 20.0");
  for (const auto& line : lines) {
    CHECK(clv::io::display_width(line) <= 40);
  }
  CHECK(chart.find('\x1b') == std::string::npos);
  style.colour = clv::io::Colour::on;
  CHECK(clv::io::render_whale_chart(curve, peak, style).find("\x1b[32m") != std::string::npos);

  const std::vector<clv::WhalePoint> undefined{{0.0, 0, 0.0, std::nullopt}, {100.0, 2, -5.0, std::nullopt}};
  CHECK(clv::io::render_whale_chart(undefined, clv::WhalePeak{}, style).rfind("Whale curve: not defined", 0) == 0);
}

TEST_CASE("charts never get narrower than the minimum width") {
  clv::io::ChartStyle narrow = ascii_40();
  narrow.width = 10;
  const auto lines = lines_of(clv::io::render_profit_chart({"Y1"}, {100.0}, narrow));
  CHECK(clv::io::display_width(lines[4]) == 40);
}

TEST_CASE("profit chart: amounts near the largest double draw without inf and without a label wider than the plot") {
  // The scale's right end (cells x 1.7e308) is past the largest double and its 300-digit labels
  // are wider than the chart: both are left out instead of printed as inf or written out of bounds.
  for (const std::vector<double>& profit : {std::vector<double>{1.7e308, -1.7e308}, std::vector<double>{1.7e308, 0.0}}) {
    const std::string chart = clv::io::render_profit_chart({"Y1", "Y2"}, profit, ascii_40());
    CHECK(chart.find("inf") == std::string::npos);
    CHECK(chart.find("nan") == std::string::npos);
    CHECK(chart.find("Y2") != std::string::npos);
  }
}

// Segment chart with bounds on the values, ASCII, 61 columns. Values 20, 8, -6, 2, 5; bounds
// [12, 30] (beyond the largest bar), none, [-10, -2] (a losing segment), [-1, 3] (across the
// axis), [5, 5] (narrower than a cell). Labels 1 wide; values and lower bounds 3 ("-10"); the
// ratios "2.00", "-", "0.50" are 4 wide, so the ratio column takes 2 + 8 + 4 = 14 (more than
// " to " + the uppers' 2) and the plot 61 - 14 - (1 + 1 + 1 + 3) = 41 columns. The scale spans
// -10 .. 30: the axis at round(40 * 10 / 40) = 10, a cell is 1. A bound's bracket is in the
// column where a bar of that value would end: 12 -> 22, 30 -> 40, -10 -> 0, -2 -> 8.
TEST_CASE("segment chart: the bounds of each value as an interval row under its bar") {
  using clv::Bounds;
  const std::vector<std::string> labels{"a", "b", "c", "d", "e"};
  const std::vector<double> values{20.0, 8.0, -6.0, 2.0, 5.0};
  const std::vector<std::optional<double>> ratios{2.0, std::nullopt, 0.5, std::nullopt, std::nullopt};
  const std::vector<std::optional<Bounds>> bounds{Bounds{12.0, 30.0}, std::nullopt, Bounds{-10.0, -2.0},
                                                  Bounds{-1.0, 3.0}, Bounds{5.0, 5.0}};
  clv::io::ChartStyle style = ascii_40();
  style.width = 61;
  const std::string chart = clv::io::render_segment_chart(labels, values, ratios, bounds, style);
  const auto lines = lines_of(chart);
  REQUIRE(lines.size() == 3 + 5 + 4);
  CHECK(lines[0] == "Value per segment (# bars, [-] interval) and LTV:CAC");
  CHECK(lines[1] == cat("  -10", std::string(7, ' '), "0", std::string(28, ' '), "30"));
  CHECK(lines[2] == cat("  +", std::string(9, '-'), "+", std::string(29, '-'), "+"));
  CHECK(lines[3] == cat("a ", std::string(10, ' '), "|", std::string(20, '#'), std::string(10, ' '), "  20  LTV:CAC 2.00"));
  CHECK(lines[4] == cat("  ", std::string(10, ' '), "|", std::string(11, ' '), "[", std::string(17, '-'), "]",
                        "  12 to 30"));
  CHECK(lines[5] == cat("b ", std::string(10, ' '), "|", std::string(8, '#'), std::string(22, ' '), "   8  LTV:CAC    -"));
  CHECK(lines[6] == cat("c ", std::string(4, ' '), std::string(6, '#'), "|", std::string(30, ' '), "  -6  LTV:CAC 0.50"));
  CHECK(lines[7] == cat("  [", std::string(7, '-'), "] |", std::string(30, ' '), " -10 to -2"));
  CHECK(lines[8] == cat("d ", std::string(10, ' '), "|##", std::string(28, ' '), "   2  LTV:CAC    -"));
  CHECK(lines[9] == cat("  ", std::string(9, ' '), "[+--]", std::string(27, ' '), "  -1 to 3"));
  CHECK(lines[10] == cat("e ", std::string(10, ' '), "|#####", std::string(25, ' '), "   5  LTV:CAC    -"));
  CHECK(lines[11] == cat("  ", std::string(10, ' '), "|    +", std::string(25, ' '), "   5 to 5"));
  for (const auto& line : lines) {
    CHECK(clv::io::display_width(line) <= 61);
  }
  CHECK(chart.find('\x1b') == std::string::npos);
}

// The same scale with bounds 12.3 and -2.3, two decimals (values 6 wide, so 64 columns keep the
// plot at 41). A Unicode bar ends in the cell its last eighth (to the right) or half (to the
// left) reaches: 12.3 cells = 98 eighths end in the 13th cell, column 23; 2.3 cells = 5 halves
// end in the 3rd, column 7. An ASCII bar has whole cells: 12 and 2, columns 22 and 8.
TEST_CASE("segment chart: interval ends follow the glyphs' steps, and colour paints them as their bars") {
  using clv::Bounds;
  const std::vector<std::string> labels{"a", "c"};
  const std::vector<double> values{20.0, -6.0};
  const std::vector<std::optional<double>> ratios{2.0, 0.5};
  const std::vector<std::optional<Bounds>> bounds{Bounds{12.3, 30.0}, Bounds{-10.0, -2.3}};
  clv::io::ChartStyle style = ascii_40();
  style.width = 64;
  auto lines = lines_of(clv::io::render_segment_chart(labels, values, ratios, bounds, style));
  REQUIRE(lines.size() == 3 + 4);
  CHECK(lines[1] == cat("  -10.00", std::string(4, ' '), "0", std::string(25, ' '), "30.00"));
  CHECK(lines[3] == cat("a ", std::string(10, ' '), "|", std::string(20, '#'), std::string(10, ' '),
                        "  20.00  LTV:CAC 2.00"));
  CHECK(lines[4] == cat("  ", std::string(10, ' '), "|", std::string(11, ' '), "[", std::string(17, '-'), "]",
                        "  12.30 to 30.00"));
  CHECK(lines[6] == cat("  [", std::string(7, '-'), "] |", std::string(30, ' '), " -10.00 to -2.30"));

  style.glyphs = clv::io::Glyphs::unicode;
  lines = lines_of(clv::io::render_segment_chart(labels, values, ratios, bounds, style));
  REQUIRE(lines.size() == 3 + 4);
  CHECK(lines[0] == "Value per segment (█ bars, ├─┤ interval) and LTV:CAC");
  CHECK(lines[3] == cat("a ", std::string(10, ' '), "│", repeat("█", 20), std::string(10, ' '),
                        "  20.00  LTV:CAC 2.00"));
  CHECK(lines[4] == cat("  ", std::string(10, ' '), "│", std::string(12, ' '), "├", repeat("─", 16), "┤",
                        "  12.30 to 30.00"));
  CHECK(lines[5] == cat("c ", std::string(4, ' '), repeat("█", 6), "│", std::string(30, ' '), "  -6.00  LTV:CAC 0.50"));
  CHECK(lines[6] == cat("  ├", repeat("─", 6), "┤  │", std::string(30, ' '), " -10.00 to -2.30"));

  style.colour = clv::io::Colour::on;
  lines = lines_of(clv::io::render_segment_chart(labels, values, ratios, bounds, style));
  REQUIRE(lines.size() == 3 + 4);
  CHECK(lines[4] == cat("  ", std::string(10, ' '), "│", std::string(12, ' '), "\x1b[32m├", repeat("─", 16),
                        "┤\x1b[0m", "  12.30 to 30.00"));
  CHECK(lines[6] == cat("  \x1b[31m├", repeat("─", 6), "┤\x1b[0m  │", std::string(30, ' '), " -10.00 to -2.30"));
}

TEST_CASE("segment chart: without bounds it has no interval rows, and bounds that are no interval are refused") {
  using clv::Bounds;
  const std::vector<std::string> labels{"a", "b"};
  const std::vector<double> values{20.0, -6.0};
  const std::vector<std::optional<double>> ratios{2.0, 0.5};
  const std::string plain = clv::io::render_segment_chart(labels, values, ratios, {}, ascii_40());
  CHECK(plain == clv::io::render_segment_chart(labels, values, ratios, {std::nullopt, std::nullopt}, ascii_40()));
  const auto lines = lines_of(plain);
  REQUIRE(lines.size() == 3 + 2);
  CHECK(lines[0] == "Value per segment (# bars) and LTV:CAC");
  CHECK(plain.find(" to ") == std::string::npos);

  CHECK_THROWS_AS(clv::io::render_segment_chart(labels, values, ratios, {Bounds{1.0, 2.0}}, ascii_40()), clv::Error);
  CHECK_THROWS_AS(clv::io::render_segment_chart(labels, values, ratios, {Bounds{3.0, 2.0}, std::nullopt}, ascii_40()),
                  clv::Error);
  CHECK_THROWS_AS(
      clv::io::render_segment_chart(labels, values, ratios, {Bounds{std::nan(""), 2.0}, std::nullopt}, ascii_40()),
      clv::Error);
}
