#include "clv/io/segment_writer.hpp"

#include <fmt/format.h>

#include <vector>

namespace clv::io {

namespace {

std::vector<Column> segment_columns(bool with_risk, bool with_bounds) {
  std::vector<Column> columns{{"segment", ColumnType::text, 0},
                              {"customers", ColumnType::number, 0},
                              {"total_value", ColumnType::number, 2}};
  if (with_bounds) {
    columns.push_back({"total_value_lower", ColumnType::number, 2});
    columns.push_back({"total_value_upper", ColumnType::number, 2});
  }
  columns.push_back({"share", ColumnType::share, 4});
  columns.push_back({"mean_value", ColumnType::number, 2});
  if (with_bounds) {
    columns.push_back({"mean_value_lower", ColumnType::number, 2});
    columns.push_back({"mean_value_upper", ColumnType::number, 2});
  }
  const std::vector<Column> rest{{"median_value", ColumnType::number, 2},
                              {"mean_acquisition_cost", ColumnType::number, 2},
                              {"ltv_to_cac", ColumnType::number, 2},
                              {"payback_year", ColumnType::number, 0},
                              {"referral_income", ColumnType::number, 2}};
  columns.insert(columns.end(), rest.begin(), rest.end());
  if (with_risk) {
    columns.push_back({"mean_p_alive", ColumnType::number, 4});
    columns.push_back({"customers_at_risk", ColumnType::number, 0});
    columns.push_back({"value_at_stake", ColumnType::number, 2});
  }
  return columns;
}

template <typename T>
Cell optional_cell(const std::optional<T>& value) {
  return value ? Cell(static_cast<double>(*value)) : Cell();
}

void bound_cells(std::vector<Cell>& cells, const std::optional<Bounds>& bounds) {
  cells.push_back(bounds ? Cell(bounds->lower) : Cell());
  cells.push_back(bounds ? Cell(bounds->upper) : Cell());
}

std::vector<Cell> segment_cells(const SegmentResult& segment, bool with_risk, bool with_bounds) {
  std::vector<Cell> cells{segment.segment, static_cast<double>(segment.customers), segment.total_value};
  if (with_bounds) {
    bound_cells(cells, segment.total_value_bounds);
  }
  cells.push_back(optional_cell(segment.share));
  cells.push_back(segment.mean_value);
  if (with_bounds) {
    bound_cells(cells, segment.mean_value_bounds);
  }
  const std::vector<Cell> rest{segment.median_value,
                          segment.mean_acquisition_cost,
                          optional_cell(segment.ltv_to_cac),
                          optional_cell(segment.payback_year),
                          segment.referral_income};
  cells.insert(cells.end(), rest.begin(), rest.end());
  if (with_risk) {
    cells.push_back(optional_cell(segment.mean_probability_alive));
    cells.push_back(optional_cell(segment.customers_at_risk));
    cells.push_back(optional_cell(segment.value_at_stake));
  }
  return cells;
}

std::string json_object(const std::vector<Column>& columns, const std::vector<Cell>& cells) {
  std::string out = "{";
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i != 0) {
      out += ", ";
    }
    out += json_quote(columns[i].name);
    out += ": ";
    if (const auto* text = std::get_if<std::string>(&cells[i])) {
      out += json_quote(*text);
    } else if (const auto* number = std::get_if<double>(&cells[i])) {
      out += format_exact(*number);  // whole, as every machine format
    } else {
      out += "null";
    }
  }
  out += "}";
  return out;
}

}  // namespace

void write_segments(OutputFormat format, Output& output, const SegmentTable& table, const SegmentLayout& layout) {
  const std::vector<Column> columns = segment_columns(layout.with_risk, layout.with_bounds);
  if (format == OutputFormat::json) {
    std::string out = "{\"segments\": [";
    for (std::size_t i = 0; i < table.segments.size(); ++i) {
      out += i == 0 ? "\n  " : ",\n  ";
      out += json_object(columns, segment_cells(table.segments[i], layout.with_risk, layout.with_bounds));
    }
    out += table.segments.empty() ? "],\n" : "\n],\n";
    out += "\"total\": " + json_object(columns, segment_cells(table.total, layout.with_risk, layout.with_bounds));
    out += fmt::format(",\n\"segment_count\": {}", table.segment_count);
    out += ",\n\"currency\": ";
    out += layout.currency ? json_quote(*layout.currency) : std::string("null");
    out += "}\n";
    output.write(out);
    return;
  }
  const auto writer = make_row_writer(format, output);
  std::string title = fmt::format("Value by {}", layout.by);
  if (layout.currency) {
    title += fmt::format(" ({})", *layout.currency);
  }
  if (table.segments.size() < table.segment_count) {
    title += fmt::format(", best {} of {} segments", table.segments.size(), table.segment_count);
  }
  writer->begin("segments", columns, title);
  for (const SegmentResult& segment : table.segments) {
    writer->row(segment_cells(segment, layout.with_risk, layout.with_bounds));
  }
  writer->row(segment_cells(table.total, layout.with_risk, layout.with_bounds));
  writer->end();
}

}  // namespace clv::io
