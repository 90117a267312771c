#include "clv/io/terminal_chart.hpp"

#include "clv/error.hpp"
#include "clv/io/table_writer.hpp"
#include "clv/io/text_width.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

namespace clv::io {

namespace {

constexpr std::string_view k_green = "\x1b[32m";
constexpr std::string_view k_red = "\x1b[31m";
constexpr std::string_view k_yellow = "\x1b[33m";
constexpr std::string_view k_dim = "\x1b[2m";
constexpr std::string_view k_reset = "\x1b[0m";

// Left-aligned eighths of a cell, for bars growing to the right: index 1..8.
constexpr std::array<std::string_view, 9> k_left_eighths{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"};
// Lower eighths of a cell, for columns growing upwards: index 1..8.
constexpr std::array<std::string_view, 9> k_lower_eighths{" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};

std::size_t chart_width(const ChartStyle& style) { return std::max(style.width, k_min_chart_width); }

// Whole numbers print without decimals, anything else with two.
int decimals_for(const std::vector<double>& values) {
  for (double value : values) {
    if (std::abs(value - std::round(value)) > 1e-9) {
      return 2;
    }
  }
  return 0;
}

std::string pad_right(std::string_view text, std::size_t width) {
  std::string out(text);
  const std::size_t shown = display_width(text);
  if (shown < width) {
    out.append(width - shown, ' ');
  }
  return out;
}

std::string pad_left(std::string_view text, std::size_t width) {
  const std::size_t shown = display_width(text);
  std::string out;
  if (shown < width) {
    out.assign(width - shown, ' ');
  }
  out += text;
  return out;
}

// Word-wraps a line of prose (title, note) to `width` columns; ends with a newline.
std::string wrap(std::string_view text, std::size_t width) {
  std::string out;
  std::string line;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    const std::string_view word = text.substr(start, end - start);
    if (!line.empty() && display_width(line) + 1 + display_width(word) > width) {
      out += line;
      out += '\n';
      line.clear();
    }
    if (!line.empty()) {
      line += ' ';
    }
    line += word;
    start = end + 1;
  }
  out += line;
  out += '\n';
  return out;
}

std::string paint(std::string_view text, std::string_view colour, const ChartStyle& style) {
  if (style.colour == Colour::off || text.empty()) {
    return std::string(text);
  }
  return fmt::format("{}{}{}", colour, text, k_reset);
}

// A horizontal scale over `plot` columns: column `zero` is the axis, each cell is `unit` wide.
struct Scale {
  std::size_t plot = 0;
  std::size_t zero = 0;
  double unit = 1.0;
  double low = 0.0;
  double high = 0.0;
};

Scale make_scale(double low, double high, std::size_t plot) {
  Scale scale;
  scale.plot = plot;
  scale.low = std::min(low, 0.0);
  scale.high = std::max(high, 0.0);
  const double cells = static_cast<double>(plot - 1);  // one column is the axis
  if (scale.low == 0.0 && scale.high == 0.0) {
    return scale;
  }
  if (scale.low == 0.0) {
    scale.zero = 0;
  } else if (scale.high == 0.0) {
    scale.zero = plot - 1;
  } else {
    const double share = -scale.low / (scale.high - scale.low);
    scale.zero = static_cast<std::size_t>(std::clamp(std::round(cells * share), 1.0, cells - 1.0));
  }
  const double negative_room = static_cast<double>(scale.zero);
  const double positive_room = cells - negative_room;
  scale.unit = std::max(negative_room > 0 ? -scale.low / negative_room : 0.0,
                        positive_room > 0 ? scale.high / positive_room : 0.0);
  if (!(scale.unit > 0.0)) {
    scale.unit = 1.0;
  }
  return scale;
}

struct ChartCell {
  std::string text = " ";
  std::string_view colour;
};

std::string join_cells(const std::vector<ChartCell>& cells, const ChartStyle& style) {
  std::string out;
  std::size_t i = 0;
  // Runs of one colour get one escape sequence, so the output stays small and readable in logs.
  while (i < cells.size()) {
    std::size_t j = i;
    std::string run;
    while (j < cells.size() && cells[j].colour == cells[i].colour) {
      run += cells[j].text;
      ++j;
    }
    out += cells[i].colour.empty() ? run : paint(run, cells[i].colour, style);
    i = j;
  }
  return out;
}

std::vector<ChartCell> axis_cells(const Scale& scale, const ChartStyle& style) {
  std::vector<ChartCell> cells(scale.plot);
  cells[scale.zero].text = style.glyphs == Glyphs::unicode ? "│" : "|";
  return cells;
}

// Draws a bar of `value` from the axis in `colour`.
void draw_bar(std::vector<ChartCell>& cells, const Scale& scale, double value, std::string_view colour,
              std::string_view ascii_fill, const ChartStyle& style) {
  const double cells_long = std::abs(value) / scale.unit;
  if (value > 0) {
    const std::size_t room = scale.plot - 1 - scale.zero;
    if (style.glyphs == Glyphs::unicode) {
      const auto eighths = static_cast<std::size_t>(std::llround(cells_long * 8.0));
      for (std::size_t k = 0; k < room && k * 8 < eighths; ++k) {
        const std::size_t fill = std::min<std::size_t>(8, eighths - k * 8);
        cells[scale.zero + 1 + k] = ChartCell{std::string(k_left_eighths[fill]), colour};
      }
    } else {
      const auto whole = std::min<std::size_t>(room, static_cast<std::size_t>(std::llround(cells_long)));
      for (std::size_t k = 0; k < whole; ++k) {
        cells[scale.zero + 1 + k] = ChartCell{std::string(ascii_fill), colour};
      }
    }
  } else if (value < 0) {
    const std::size_t room = scale.zero;
    if (style.glyphs == Glyphs::unicode) {
      // Right-aligned partial blocks exist only as halves (▐).
      const auto halves = static_cast<std::size_t>(std::llround(cells_long * 2.0));
      for (std::size_t k = 0; k < room && k * 2 < halves; ++k) {
        cells[scale.zero - 1 - k] = ChartCell{halves - k * 2 >= 2 ? "█" : "▐", colour};
      }
    } else {
      const auto whole = std::min<std::size_t>(room, static_cast<std::size_t>(std::llround(cells_long)));
      for (std::size_t k = 0; k < whole; ++k) {
        cells[scale.zero - 1 - k] = ChartCell{std::string(ascii_fill), colour};
      }
    }
  }
}

std::size_t column_of(const Scale& scale, double value) {
  const double offset = std::round(value / scale.unit);
  const double column = static_cast<double>(scale.zero) + offset;
  return static_cast<std::size_t>(std::clamp(column, 0.0, static_cast<double>(scale.plot - 1)));
}

// The scale line: low value at the left end, 0 at the axis, high value at the right end, above a
// ruler with ticks at the ends and the axis.
std::string scale_lines(const Scale& scale, std::size_t indent, int decimals, const ChartStyle& style) {
  std::string labels(scale.plot, ' ');
  const auto place = [&labels](std::size_t at, const std::string& text) {
    if (text.size() > labels.size()) {
      return;  // a label wider than the plot (a 300-digit amount) is left out
    }
    if (at + text.size() > labels.size()) {
      at = labels.size() >= text.size() ? labels.size() - text.size() : 0;
    }
    // Never overwrite another label; leave one blank between labels.
    const std::size_t from = at == 0 ? 0 : at - 1;
    const std::size_t to = std::min(labels.size(), at + text.size() + 1);
    for (std::size_t i = from; i < to; ++i) {
      if (labels[i] != ' ') {
        return;
      }
    }
    std::copy(text.begin(), text.end(), labels.begin() + static_cast<std::ptrdiff_t>(at));
  };
  const std::string zero = "0";
  place(scale.zero, zero);
  // An end of the scale past the largest double (amounts near 1e308) has no label.
  const double left = -static_cast<double>(scale.zero) * scale.unit;
  const double right = static_cast<double>(scale.plot - 1 - scale.zero) * scale.unit;
  if (scale.low < 0 && std::isfinite(left)) {
    place(0, format_grouped(left, decimals));
  }
  if (scale.high > 0 && std::isfinite(right)) {
    const std::string high = format_grouped(right, decimals);
    place(scale.plot >= high.size() ? scale.plot - high.size() : 0, high);
  }
  const bool unicode = style.glyphs == Glyphs::unicode;
  std::string ruler;
  for (std::size_t i = 0; i < scale.plot; ++i) {
    if (i == scale.zero) {
      ruler += unicode ? "┼" : "+";
    } else if (i == 0) {
      ruler += unicode ? "├" : "+";
    } else if (i + 1 == scale.plot) {
      ruler += unicode ? "┤" : "+";
    } else {
      ruler += unicode ? "─" : "-";
    }
  }
  std::string out(indent, ' ');
  out += labels;
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  out += '\n';
  out.append(indent, ' ');
  out += paint(ruler, k_dim, style);
  out += '\n';
  return out;
}

void check_sizes(std::size_t labels, std::size_t values, const char* what) {
  if (labels != values) {
    throw data_error(fmt::format("chart: {} labels but {} {} values", labels, values, what));
  }
}

}  // namespace

// The widest printed value and the scale of the bars, which fill what the labels and values
// leave of the chart's width (at least 10 columns); the scale always includes zero.
struct BarLayout {
  Scale scale;
  std::size_t value_width = 0;
};

BarLayout bar_layout(const std::vector<double>& all, int decimals, std::size_t label_width, const ChartStyle& style) {
  std::size_t value_width = 0;
  double low = 0.0;
  double high = 0.0;
  for (double value : all) {
    value_width = std::max(value_width, format_grouped(value, decimals).size());
    low = std::min(low, value);
    high = std::max(high, value);
  }
  const std::size_t width = chart_width(style);
  const std::size_t used = label_width + 1 + 1 + value_width;
  const std::size_t plot = width > used + 10 ? width - used : 10;
  return {make_scale(low, high, plot), value_width};
}

std::string render_profit_chart(const std::vector<std::string>& labels, const std::vector<double>& profit,
                                const ChartStyle& style) {
  check_sizes(labels.size(), profit.size(), "profit");
  const bool unicode = style.glyphs == Glyphs::unicode;
  std::vector<double> cumulative;
  double running = 0.0;
  for (double value : profit) {
    running += value;
    cumulative.push_back(running);
  }
  std::vector<double> all = profit;
  all.insert(all.end(), cumulative.begin(), cumulative.end());
  const int decimals = decimals_for(all);

  const std::string cumulative_label = "  cumulative";
  std::size_t label_width = display_width(cumulative_label);
  for (const std::string& label : labels) {
    label_width = std::max(label_width, display_width(label));
  }
  const auto [scale, value_width] = bar_layout(all, decimals, label_width, style);
  const std::size_t width = chart_width(style);
  const std::string marker = unicode ? "●" : "*";

  std::string out = wrap(fmt::format("Profit per year ({} bars) and cumulative profit ({})", unicode ? "█" : "#", marker),
                         width);
  out += scale_lines(scale, label_width + 1, decimals, style);
  for (std::size_t i = 0; i < profit.size(); ++i) {
    std::vector<ChartCell> bar = axis_cells(scale, style);
    draw_bar(bar, scale, profit[i], profit[i] < 0 ? k_red : k_green, "#", style);
    out += pad_right(labels[i], label_width) + ' ' + join_cells(bar, style) + ' ' +
           pad_left(format_grouped(profit[i], decimals), value_width) + '\n';
    std::vector<ChartCell> line = axis_cells(scale, style);
    line[column_of(scale, cumulative[i])] = ChartCell{marker, k_yellow};
    out += pad_right(cumulative_label, label_width) + ' ' + join_cells(line, style) + ' ' +
           pad_left(format_grouped(cumulative[i], decimals), value_width) + '\n';
  }
  return out;
}

std::string render_revenue_cost_chart(const std::vector<std::string>& labels, const std::vector<double>& revenue,
                                      const std::vector<double>& cost, const ChartStyle& style) {
  check_sizes(labels.size(), revenue.size(), "revenue");
  check_sizes(labels.size(), cost.size(), "cost");
  const bool unicode = style.glyphs == Glyphs::unicode;
  std::vector<double> all = revenue;
  all.insert(all.end(), cost.begin(), cost.end());
  const int decimals = decimals_for(all);

  std::size_t label_width = 0;
  for (const std::string& label : labels) {
    label_width = std::max(label_width, display_width(label));
  }
  const std::string revenue_name = "revenue";
  const std::string cost_name = "cost";
  label_width += 1 + revenue_name.size();
  const auto [scale, value_width] = bar_layout(all, decimals, label_width, style);
  const std::size_t width = chart_width(style);

  std::string out = wrap(fmt::format("Revenue ({}) and acquisition + service cost ({}) per year", unicode ? "█" : "#",
                                     unicode ? "▓" : "="),
                         width);
  out += scale_lines(scale, label_width + 1, decimals, style);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    std::vector<ChartCell> revenue_cells = axis_cells(scale, style);
    draw_bar(revenue_cells, scale, revenue[i], k_green, "#", style);
    std::string year_label = pad_right(labels[i], label_width - revenue_name.size()) + revenue_name;
    out += year_label + ' ' + join_cells(revenue_cells, style) + ' ' +
           pad_left(format_grouped(revenue[i], decimals), value_width) + '\n';
    std::vector<ChartCell> cost_cells = axis_cells(scale, style);
    if (unicode) {
      // Cost in a shaded block, whole cells, so it differs from revenue without colour too.
      const auto whole = static_cast<std::size_t>(std::llround(std::abs(cost[i]) / scale.unit));
      if (cost[i] > 0) {
        for (std::size_t k = 0; k < whole && scale.zero + 1 + k < scale.plot; ++k) {
          cost_cells[scale.zero + 1 + k] = ChartCell{"▓", k_red};
        }
      } else if (cost[i] < 0) {
        for (std::size_t k = 0; k < whole && k < scale.zero; ++k) {
          cost_cells[scale.zero - 1 - k] = ChartCell{"▓", k_red};
        }
      }
    } else {
      draw_bar(cost_cells, scale, cost[i], k_red, "=", style);
    }
    out += pad_left(cost_name, label_width) + ' ' + join_cells(cost_cells, style) + ' ' +
           pad_left(format_grouped(cost[i], decimals), value_width) + '\n';
  }
  return out;
}

std::string render_whale_chart(const std::vector<WhalePoint>& curve, const WhalePeak& peak, const ChartStyle& style) {
  const bool unicode = style.glyphs == Glyphs::unicode;
  if (curve.empty() || !curve.back().share.has_value() || curve.back().customers == 0) {
    return wrap("Whale curve: not defined (no customers, or the total value is not positive)", chart_width(style));
  }
  // Points in percent.
  std::vector<std::pair<double, double>> points;
  double top = 100.0;
  for (const WhalePoint& point : curve) {
    const double y = point.share.value_or(0.0) * 100.0;
    points.emplace_back(point.percent_of_customers, y);
    top = std::max(top, y);
  }
  top = std::max(top, peak.share.value_or(0.0) * 100.0);
  const double y_max = std::ceil(top / 10.0 - 1e-9) * 10.0;  // a round number at the top
  const std::size_t rows = std::max<std::size_t>(5, style.height);
  const double row_height = y_max / static_cast<double>(rows);

  const std::string top_label = fmt::format("{:g}%", y_max);
  const std::size_t axis_width = std::max<std::size_t>(top_label.size(), 4);  // "100%"
  const std::size_t width = chart_width(style);
  const std::size_t plot = width - axis_width - 2;

  const auto share_at = [&points](double x) {
    if (x <= points.front().first) {
      return points.front().second;
    }
    for (std::size_t i = 1; i < points.size(); ++i) {
      if (x <= points[i].first) {
        const auto& [x0, y0] = points[i - 1];
        const auto& [x1, y1] = points[i];
        return x1 > x0 ? y0 + (y1 - y0) * (x - x0) / (x1 - x0) : y1;
      }
    }
    return points.back().second;
  };
  std::vector<double> heights(plot);
  for (std::size_t c = 0; c < plot; ++c) {
    // The value at the right edge of the column: the column shows the customers up to there.
    heights[c] = std::max(0.0, share_at(100.0 * static_cast<double>(c + 1) / static_cast<double>(plot)));
  }
  // The row in which the 100% line lies (rows counted from the bottom).
  const auto hundred_row =
      static_cast<std::size_t>(std::clamp(std::ceil(100.0 / row_height - 1e-9) - 1.0, 0.0, static_cast<double>(rows - 1)));

  std::string out = wrap("Whale curve: cumulative % of value held by the best x% of customers", width);
  for (std::size_t r = rows; r-- > 0;) {
    std::string label;
    if (r == rows - 1) {
      label = top_label;
    } else if (r == hundred_row) {
      label = "100%";
    } else if (r == 0) {
      label = "0%";
    }
    const bool tick = !label.empty();
    out += pad_left(label, axis_width);
    out += tick ? (unicode ? "┤" : "+") : (unicode ? "│" : "|");
    std::vector<ChartCell> cells(plot);
    for (std::size_t c = 0; c < plot; ++c) {
      const double in_rows = heights[c] / row_height;
      std::string_view colour = r > hundred_row ? k_red : k_green;
      if (unicode) {
        const auto eighths = static_cast<long long>(std::llround(in_rows * 8.0)) - static_cast<long long>(r) * 8;
        if (eighths > 0) {
          cells[c] = ChartCell{std::string(k_lower_eighths[static_cast<std::size_t>(std::min(8LL, eighths))]), colour};
          continue;
        }
      } else if (std::llround(in_rows) > static_cast<long long>(r)) {
        cells[c] = ChartCell{"#", colour};
        continue;
      }
      if (r == hundred_row) {
        cells[c] = ChartCell{unicode ? "┄" : "-", k_dim};
      }
    }
    std::string line = join_cells(cells, style);
    out += line;
    // Trailing blanks carry no information.
    while (!out.empty() && out.back() == ' ') {
      out.pop_back();
    }
    out += '\n';
  }
  // X axis: ruler with ticks at 0%, 50%, 100%, then labels.
  std::string ruler;
  const std::size_t middle = plot / 2 - 1;
  for (std::size_t c = 0; c < plot; ++c) {
    if (c == middle || c + 1 == plot) {
      ruler += unicode ? "┴" : "+";
    } else {
      ruler += unicode ? "─" : "-";
    }
  }
  out += std::string(axis_width, ' ') + (unicode ? "└" : "+") + paint(ruler, k_dim, style) + '\n';
  std::string labels(plot + 1, ' ');
  labels.replace(0, 2, "0%");
  labels.replace(middle + 1 - 1, 3, "50%");
  labels.replace(plot + 1 - 4, 4, "100%");
  out += std::string(axis_width, ' ') + labels + '\n';
  out += std::string(axis_width + 1, ' ') + "% of customers, best first\n";
  if (peak.share) {
    out += wrap(fmt::format("peak: {:.1f}% of total value with the best {:.1f}% of customers ({} of {})",
                       *peak.share * 100.0, peak.percent_of_customers, format_grouped(static_cast<double>(peak.customers), 0),
                       format_grouped(static_cast<double>(curve.back().customers), 0)), width);
    if (*peak.share > 1.0) {
      out += wrap(fmt::format("the other customers reduce it by {:.1f} points, to 100%", (*peak.share - 1.0) * 100.0),
                  width);
    }
  }
  return out;
}

}  // namespace clv::io

namespace clv::io {

namespace {

// `text` cut at a character boundary to at most `width` columns, ending in "…" (or "~") when cut.
std::string cut_to_width(const std::string& text, std::size_t width, const ChartStyle& style) {
  if (display_width(text) <= width || width == 0) {
    return text;
  }
  std::size_t end = 0;
  for (std::size_t at = 1; at <= text.size(); ++at) {
    const bool boundary = at == text.size() || (static_cast<unsigned char>(text[at]) & 0xC0U) != 0x80U;
    if (boundary && display_width(std::string_view(text).substr(0, at)) + 1 <= width) {
      end = at;
    }
  }
  return text.substr(0, end) + (style.glyphs == Glyphs::unicode ? "…" : "~");
}

// The column in which a bar of `value` ends (its last cell, full or not; the axis for a bar too
// short to draw), so that an interval's end and a bar's end at the same value line up.
std::size_t end_column(const Scale& scale, double value, const ChartStyle& style) {
  const double cells_long = std::abs(value) / scale.unit;
  std::size_t reach = 0;
  if (style.glyphs == Glyphs::unicode) {
    // As draw_bar: eighths of a cell to the right, halves to the left.
    const std::size_t steps = value > 0 ? 8 : 2;
    reach = (static_cast<std::size_t>(std::llround(cells_long * static_cast<double>(steps))) + steps - 1) / steps;
  } else {
    reach = static_cast<std::size_t>(std::llround(cells_long));
  }
  if (value > 0) {
    return scale.zero + std::min(reach, scale.plot - 1 - scale.zero);
  }
  if (value < 0) {
    return scale.zero - std::min(reach, scale.zero);
  }
  return scale.zero;
}

}  // namespace

std::string render_segment_chart(const std::vector<std::string>& labels, const std::vector<double>& values,
                                 const std::vector<std::optional<double>>& ltv_to_cac,
                                 const std::vector<std::optional<Bounds>>& value_bounds, const ChartStyle& style) {
  check_sizes(labels.size(), values.size(), "value");
  check_sizes(labels.size(), ltv_to_cac.size(), "LTV:CAC");
  if (!value_bounds.empty()) {
    check_sizes(labels.size(), value_bounds.size(), "bounds");
  }
  // The scale covers the bounds too, so an upper bound beyond the largest bar stays on it.
  std::vector<double> scaled = values;
  bool with_bounds = false;
  for (const std::optional<Bounds>& bounds : value_bounds) {
    if (!bounds) {
      continue;
    }
    if (!std::isfinite(bounds->lower) || !std::isfinite(bounds->upper) || bounds->lower > bounds->upper) {
      throw data_error("chart: a segment's bounds are not an interval (not finite, or lower above upper)");
    }
    scaled.push_back(bounds->lower);
    scaled.push_back(bounds->upper);
    with_bounds = true;
  }
  const int decimals = decimals_for(scaled);
  std::vector<std::string> ratios;
  std::size_t ratio_width = 0;
  for (const std::optional<double>& ratio : ltv_to_cac) {
    ratios.push_back(ratio ? format_grouped(*ratio, 2) : std::string("-"));
    ratio_width = std::max(ratio_width, ratios.back().size());
  }
  const std::string ratio_label = "LTV:CAC ";
  std::size_t label_width = 0;
  for (const std::string& label : labels) {
    label_width = std::max(label_width, display_width(label));
  }
  // Labels longer than a third of the chart are cut, so the bars keep their room.
  const std::size_t width = chart_width(style);
  label_width = std::min(label_width, width / 3);
  // After the bars: the value, then the ratio; under it, the lower bound in the value's column,
  // " to ", the upper bound.
  const std::string to = " to ";
  std::size_t value_width = 0;
  std::size_t upper_width = 0;
  double low = 0.0;
  double high = 0.0;
  for (double value : values) {
    value_width = std::max(value_width, format_grouped(value, decimals).size());
    low = std::min(low, value);
    high = std::max(high, value);
  }
  for (const std::optional<Bounds>& bounds : value_bounds) {
    if (bounds) {
      value_width = std::max(value_width, format_grouped(bounds->lower, decimals).size());
      upper_width = std::max(upper_width, format_grouped(bounds->upper, decimals).size());
      low = std::min(low, bounds->lower);
      high = std::max(high, bounds->upper);
    }
  }
  std::size_t tail = 2 + ratio_label.size() + ratio_width;
  if (with_bounds) {
    tail = std::max(tail, to.size() + upper_width);
  }
  const std::size_t bars_width = std::max(width > tail ? width - tail : 0, k_min_chart_width);
  const std::size_t used = label_width + 1 + 1 + value_width;
  const Scale scale = make_scale(low, high, bars_width > used + 10 ? bars_width - used : 10);

  const bool unicode = style.glyphs == Glyphs::unicode;
  std::string out = wrap(with_bounds ? fmt::format("Value per segment ({} bars, {} interval) and LTV:CAC",
                                                   unicode ? "█" : "#", unicode ? "├─┤" : "[-]")
                                     : fmt::format("Value per segment ({} bars) and LTV:CAC", unicode ? "█" : "#"),
                         width);
  out += scale_lines(scale, label_width + 1, decimals, style);
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::vector<ChartCell> bar = axis_cells(scale, style);
    const std::string_view colour = values[i] < 0 ? k_red : k_green;
    draw_bar(bar, scale, values[i], colour, "#", style);
    const std::string label = cut_to_width(labels[i], label_width, style);
    const bool losing = ltv_to_cac[i] && *ltv_to_cac[i] < 1.0;
    out += pad_right(label, label_width) + ' ' + join_cells(bar, style) + ' ' +
           pad_left(format_grouped(values[i], decimals), value_width) + "  " + ratio_label +
           (losing ? paint(pad_left(ratios[i], ratio_width), k_red, style) : pad_left(ratios[i], ratio_width)) + '\n';
    if (value_bounds.empty() || !value_bounds[i]) {
      continue;
    }
    const Bounds& bounds = *value_bounds[i];
    std::vector<ChartCell> interval = axis_cells(scale, style);
    const std::size_t from = end_column(scale, bounds.lower, style);
    const std::size_t until = end_column(scale, bounds.upper, style);
    const std::string_view cross = unicode ? "┼" : "+";  // where it crosses the axis, or fits in one cell
    for (std::size_t c = from; c <= until; ++c) {
      std::string_view glyph = c == scale.zero ? cross : (unicode ? "─" : "-");
      if (from == until) {
        glyph = cross;
      } else if (c == from) {
        glyph = unicode ? "├" : "[";
      } else if (c == until) {
        glyph = unicode ? "┤" : "]";
      }
      interval[c] = ChartCell{std::string(glyph), colour};
    }
    out += std::string(label_width, ' ') + ' ' + join_cells(interval, style) + ' ' +
           pad_left(format_grouped(bounds.lower, decimals), value_width) + to +
           format_grouped(bounds.upper, decimals) + '\n';
  }
  return out;
}

}  // namespace clv::io
