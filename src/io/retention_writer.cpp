#include "clv/io/retention_writer.hpp"

#include <fmt/format.h>

#include <optional>
#include <string>

namespace clv::io {
namespace {

constexpr int k_decimals = 6;

// Machine formats print every number whole, as elsewhere.
std::string json_number(const std::optional<double>& value) {
  return value ? format_exact(*value) : std::string("null");
}

// In a table an infinite lifetime is said in words; csv and tsv have no summary.
Cell cell(const std::optional<double>& value) {
  return value ? Cell{*value} : Cell{std::string("infinite")};
}

}  // namespace

void write_retention_projection(const models::sbg::RetentionProjection& projection, OutputFormat format,
                                Output& output) {
  if (format == OutputFormat::json) {
    std::string text = "{\"periods\":[";
    for (std::size_t i = 0; i < projection.periods.size(); ++i) {
      const auto& row = projection.periods[i];
      text += fmt::format("{}\n{{\"period\":{},\"survival\":{},\"retention_rate\":{}}}", i == 0 ? "" : ",", row.period,
                          format_exact(row.survival), json_number(row.retention_rate));
    }
    text += fmt::format("\n],\n\"expected_lifetime\":{},\"discounted_expected_lifetime\":{},\"discount_rate\":{}}}\n",
                        json_number(projection.expected_lifetime),
                        json_number(projection.discounted_expected_lifetime),
                        format_exact(projection.discount_rate));
    output.write(text);
    return;
  }
  const auto writer = make_row_writer(format, output);
  writer->begin("periods",
                // Shares of the cohort: percentages in a table, fractions in csv and tsv.
                {Column{"period", ColumnType::number, 0}, Column{"survival", ColumnType::share, 4},
                 Column{"retention_rate", ColumnType::share, 4}},
                "sBG projection of the cohort");
  std::vector<Cell> cells(3);
  for (const auto& row : projection.periods) {
    cells[0] = static_cast<double>(row.period);
    cells[1] = row.survival;
    cells[2] = Cell{};
    if (row.retention_rate) {
      cells[2] = *row.retention_rate;
    }
    writer->row(cells);
  }
  writer->end({
      SummaryItem{"expected_lifetime", "Expected lifetime (periods)", cell(projection.expected_lifetime),
                  k_decimals},
      SummaryItem{"discounted_expected_lifetime", "Discounted expected lifetime (payments)",
                  cell(projection.discounted_expected_lifetime), k_decimals},
      SummaryItem{"discount_rate", "Discount rate", projection.discount_rate, 4, ColumnType::share},
  });
}

}  // namespace clv::io
