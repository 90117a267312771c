#include "clv/io/projection_writer.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace clv::io {

namespace {

constexpr int k_decimals = 2;

// The kept values of the projection at `index` (empty strings when none were given).
const std::vector<std::string>* kept_of(const ProjectionLayout& layout, std::size_t index) {
  return layout.kept_names.empty() || index >= layout.kept_values.size() ? nullptr : &layout.kept_values[index];
}

std::string title_of(const Projection& projection, const ProjectionLayout& layout, std::size_t index) {
  std::string title = fmt::format("{} {}", layout.subject, projection.id);
  if (!projection.name.empty()) {
    title += fmt::format(" ({})", projection.name);
  }
  if (const auto* kept = kept_of(layout, index)) {
    for (std::size_t k = 0; k < layout.kept_names.size(); ++k) {
      title += fmt::format("{} {}: {}", k == 0 ? ";" : ",", layout.kept_names[k], (*kept)[k]);
    }
  }
  if (layout.currency) {
    title += fmt::format(", amounts in {}", *layout.currency);
  }
  return title;
}

void write_tables(OutputFormat format, Output& output, const std::vector<Projection>& projections,
                  const ProjectionLayout& layout) {
  const auto writer = make_row_writer(format, output);
  for (std::size_t index = 0; index < projections.size(); ++index) {
    const Projection& projection = projections[index];
    if (index != 0) {
      output.write("\n");
    }
    std::vector<Column> columns{{"year", ColumnType::text, 0}};
    for (const ProjectionYear& year : projection.years) {
      columns.push_back({std::to_string(year.year), ColumnType::number, k_decimals});
    }
    columns.push_back({"total", ColumnType::number, k_decimals});
    writer->begin("customers", columns, title_of(projection, layout, index));
    // A row of per-year amounts and their total.
    const auto row = [&](std::string label, auto amount_of, bool with_total = true) {
      std::vector<Cell> cells{std::move(label)};
      double total = 0.0;
      for (const ProjectionYear& year : projection.years) {
        const double amount = amount_of(year);
        total += amount;
        cells.emplace_back(amount);
      }
      cells.emplace_back(with_total ? Cell(total) : Cell());
      writer->row(cells);
    };
    row("base sales", [](const ProjectionYear& y) { return y.base_sales; });
    row("new sales", [](const ProjectionYear& y) { return y.new_sales; });
    row("revenue", [](const ProjectionYear& y) { return y.revenue; });
    row("cost", [](const ProjectionYear& y) { return y.cost; });
    for (const ReferralLine& line : projection.referrals) {
      std::vector<Cell> cells{line.id.empty() ? std::string("  referrals not in the file")
                                              : fmt::format("  referred {}", line.id)};
      double total = 0.0;
      for (const double amount : line.by_year) {
        total += amount;
        cells.emplace_back(amount);
      }
      cells.emplace_back(total);
      writer->row(cells);
    }
    row("referral income", [](const ProjectionYear& y) { return y.referral; });
    row("profit", [](const ProjectionYear& y) { return y.profit; });
    if (!projection.profit_bounds.empty()) {
      // --interval: the bounds of each year's profit and of the total (not sums of bounds).
      for (const bool lower : {true, false}) {
        std::vector<Cell> cells{std::string(lower ? "profit, lower" : "profit, upper")};
        for (const Bounds& bounds : projection.profit_bounds) {
          cells.emplace_back(lower ? bounds.lower : bounds.upper);
        }
        cells.emplace_back(lower ? projection.total_profit_bounds->lower : projection.total_profit_bounds->upper);
        writer->row(cells);
      }
    }
    row("cumulative profit", [](const ProjectionYear& y) { return y.cumulative_profit; }, false);
    if (layout.discount_rate) {
      row("discounted profit", [](const ProjectionYear& y) { return y.discounted_profit.value_or(0.0); });
    }
    std::vector<SummaryItem> summary{{"total_profit", "total profit", projection.total_profit, k_decimals}};
    if (projection.total_profit_bounds) {
      summary.push_back({"total_profit_lower", "total profit, lower bound", projection.total_profit_bounds->lower,
                         k_decimals});
      summary.push_back({"total_profit_upper", "total profit, upper bound", projection.total_profit_bounds->upper,
                         k_decimals});
    }
    if (projection.npv) {
      summary.push_back({"npv",
                         fmt::format("NPV at a discount rate of {} (end-of-year cash flows)",
                                     format_plain(*layout.discount_rate, 6)),
                         *projection.npv, k_decimals});
    }
    writer->end(summary);
  }
}

void write_long(OutputFormat format, Output& output, const std::vector<Projection>& projections,
                const ProjectionLayout& layout) {
  const auto writer = make_row_writer(format, output);
  std::vector<Column> columns{{layout.key, ColumnType::text, 0}};
  for (const std::string& name : layout.kept_names) {
    columns.push_back({name, ColumnType::text, 0});
  }
  columns.insert(columns.end(), {{"year", ColumnType::number, 0},
                              {"base_sales", ColumnType::number, k_decimals},
                              {"new_sales", ColumnType::number, k_decimals},
                              {"revenue", ColumnType::number, k_decimals},
                              {"cost", ColumnType::number, k_decimals},
                              {"referral", ColumnType::number, k_decimals},
                              {"profit", ColumnType::number, k_decimals},
                              {"cumulative_profit", ColumnType::number, k_decimals}});
  const bool bounded = std::any_of(projections.begin(), projections.end(),
                                   [](const Projection& p) { return !p.profit_bounds.empty(); });
  if (bounded) {
    // After profit: the id, the kept columns and the seven yearly figures.
    const auto after_profit = static_cast<std::ptrdiff_t>(8 + layout.kept_names.size());
    columns.insert(columns.begin() + after_profit, {{"profit_lower", ColumnType::number, k_decimals},
                                         {"profit_upper", ColumnType::number, k_decimals}});
  }
  if (layout.discount_rate) {
    columns.push_back({"discounted_profit", ColumnType::number, k_decimals});
  }
  writer->begin("years", columns);
  std::vector<Cell> cells;
  for (std::size_t index = 0; index < projections.size(); ++index) {
    const Projection& projection = projections[index];
    for (const ProjectionYear& year : projection.years) {
      cells = {std::string(projection.id)};
      if (const auto* kept = kept_of(layout, index)) {
        cells.insert(cells.end(), kept->begin(), kept->end());
      }
      cells.insert(cells.end(), {static_cast<double>(year.year), year.base_sales, year.new_sales, year.revenue,
                                 year.cost, year.referral, year.profit});
      if (bounded) {
        const std::size_t y = static_cast<std::size_t>(&year - projection.years.data());
        if (projection.profit_bounds.empty()) {
          cells.resize(cells.size() + 2);
        } else {
          cells.emplace_back(projection.profit_bounds[y].lower);
          cells.emplace_back(projection.profit_bounds[y].upper);
        }
      }
      cells.emplace_back(year.cumulative_profit);
      if (layout.discount_rate) {
        cells.emplace_back(year.discounted_profit.value_or(0.0));
      }
      writer->row(cells);
    }
  }
  writer->end();
}

void write_json(Output& output, const std::vector<Projection>& projections, const ProjectionLayout& layout) {
  const auto number = [](double value) { return format_exact(value); };
  output.write("{\"customers\":[");
  std::string text;
  bool first = true;
  for (std::size_t index = 0; index < projections.size(); ++index) {
    const Projection& projection = projections[index];
    text.assign(first ? "\n{" : ",\n{");
    first = false;
    text += fmt::format("{}:{},\"name\":{},", json_quote(layout.key), json_quote(projection.id),
                        projection.name.empty() ? std::string("null") : json_quote(projection.name));
    if (const auto* kept = kept_of(layout, index)) {
      for (std::size_t k = 0; k < layout.kept_names.size(); ++k) {
        text += fmt::format("{}:{},", json_quote(layout.kept_names[k]), json_quote((*kept)[k]));
      }
    }
    text += "\"years\":[";
    for (std::size_t y = 0; y < projection.years.size(); ++y) {
      const ProjectionYear& year = projection.years[y];
      text += fmt::format(
          "{}{{\"year\":{},\"base_sales\":{},\"new_sales\":{},\"revenue\":{},\"cost\":{},\"referral\":{},"
          "\"profit\":{},\"cumulative_profit\":{}",
          y > 0 ? "," : "", year.year, number(year.base_sales), number(year.new_sales), number(year.revenue),
          number(year.cost), number(year.referral), number(year.profit), number(year.cumulative_profit));
      if (year.discounted_profit) {
        text += fmt::format(",\"discounted_profit\":{}", number(*year.discounted_profit));
      }
      if (!projection.profit_bounds.empty()) {
        text += fmt::format(",\"profit_lower\":{},\"profit_upper\":{}", number(projection.profit_bounds[y].lower),
                            number(projection.profit_bounds[y].upper));
      }
      text += "}";
    }
    text += "]";
    if (!projection.referrals.empty()) {
      text += ",\"referrals\":[";
      for (std::size_t k = 0; k < projection.referrals.size(); ++k) {
        const ReferralLine& line = projection.referrals[k];
        text += fmt::format("{}{{\"id\":{},\"by_year\":[", k > 0 ? "," : "",
                            line.id.empty() ? std::string("null") : json_quote(line.id));
        for (std::size_t y = 0; y < line.by_year.size(); ++y) {
          if (y > 0) {
            text += ',';
          }
          text += number(line.by_year[y]);
        }
        text += "]}";
      }
      text += "]";
    }
    text += fmt::format(",\"total_profit\":{}", number(projection.total_profit));
    if (projection.total_profit_bounds) {
      text += fmt::format(",\"total_profit_lower\":{},\"total_profit_upper\":{}",
                          number(projection.total_profit_bounds->lower), number(projection.total_profit_bounds->upper));
    }
    if (projection.npv) {
      text += fmt::format(",\"npv\":{}", number(*projection.npv));
    }
    text += "}";
    output.write(text);
  }
  text.assign(first ? "]" : "\n]");
  if (layout.currency) {
    text += fmt::format(",\n\"currency\":{}", json_quote(*layout.currency));
  }
  if (layout.discount_rate) {
    text += fmt::format(",\n\"discount_rate\":{}", format_exact(*layout.discount_rate));
  }
  text += "}\n";
  output.write(text);
}

}  // namespace

void write_projections(OutputFormat format, Output& output, const std::vector<Projection>& projections,
                       const ProjectionLayout& layout) {
  switch (format) {
    case OutputFormat::json: write_json(output, projections, layout); break;
    case OutputFormat::csv:
    case OutputFormat::tsv: write_long(format, output, projections, layout); break;
    case OutputFormat::table:
    case OutputFormat::markdown: write_tables(format, output, projections, layout); break;
  }
}

}  // namespace clv::io
