#pragma once
// Charts for the terminal, rendered into a string: the caller decides the width and whether
// Unicode block characters and ANSI colours may be used (see clv/io/terminal.hpp for the usual
// way to decide). Scales are honest: every bar starts at a zero axis that is always shown,
// negative values extend to the left (or below), axis ends carry their values with thousands
// separators.

#include "clv/bounds.hpp"
#include "clv/rank.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace clv::io {

enum class Glyphs { unicode, ascii };
enum class Colour { on, off };

// Narrower widths are widened to this.
inline constexpr std::size_t k_min_chart_width = 40;

struct ChartStyle {
  std::size_t width = 80;       // terminal columns the chart may use (at least k_min_chart_width)
  Glyphs glyphs = Glyphs::unicode;
  Colour colour = Colour::off;
  std::size_t height = 16;      // plot rows of the whale curve (at least 5)
};

// Figure 1 of the article: profit per year as horizontal bars from a zero axis, and below each
// bar the cumulative profit to that year as a marker (● or *). `labels` and `profit` have the
// same length (clv::Error, data, otherwise).
[[nodiscard]] std::string render_profit_chart(const std::vector<std::string>& labels,
                                              const std::vector<double>& profit, const ChartStyle& style);

// Figure 2: per year, a revenue bar and a cost bar (acquisition and service cost) on one scale.
[[nodiscard]] std::string render_revenue_cost_chart(const std::vector<std::string>& labels,
                                                    const std::vector<double>& revenue,
                                                    const std::vector<double>& cost, const ChartStyle& style);

// The whale curve: x = % of customers ranked best first, y = cumulative % of total value, with
// the 100% line and the peak. When the total value is not positive (shares undefined) the chart
// is one line saying so.
[[nodiscard]] std::string render_whale_chart(const std::vector<WhalePoint>& curve, const WhalePeak& peak,
                                             const ChartStyle& style);

// Value per segment as horizontal bars from a zero axis (negative to the left, in red), the value
// after each bar and the LTV:CAC ratio beside it ("LTV:CAC 1.70", "-" when absent; below 1 in
// red). A segment with bounds on its value gets a second row: the interval drawn on the bars'
// scale (├───┤, [---] in ASCII; its ends in the columns where bars of those values would end)
// and written under the value ("3,443.40 to 12,660.56"). `value_bounds` is empty (no bounds: the
// chart is the same as without it) or has one entry per segment. All vectors have the same
// length and every bound is finite with lower <= upper (clv::Error, data, otherwise).
[[nodiscard]] std::string render_segment_chart(const std::vector<std::string>& labels,
                                               const std::vector<double>& values,
                                               const std::vector<std::optional<double>>& ltv_to_cac,
                                               const std::vector<std::optional<Bounds>>& value_bounds,
                                               const ChartStyle& style);

}  // namespace clv::io
