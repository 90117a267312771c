#include "clv/io/terminal_chart.hpp"

#include "clv/error.hpp"
#include "clv/io/text_width.hpp"

#include <catch2/catch.hpp>

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
