#include "clv/io/findings_writer.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace clv::io {

namespace {

Cell count_cell(std::size_t value) { return value == 0 ? Cell() : Cell(static_cast<double>(value)); }

}  // namespace

std::string_view severity_name(Severity severity) { return severity == Severity::warning ? "warning" : "error"; }

void write_findings(OutputFormat format, Output& output, const std::vector<Finding>& findings,
                    const FindingsSummary& summary) {
  const std::vector<Column> columns{{"file", ColumnType::text, 0},  {"line", ColumnType::number, 0},
                                    {"column", ColumnType::number, 0}, {"field", ColumnType::text, 0},
                                    {"message", ColumnType::text, 0},  {"severity", ColumnType::text, 0}};
  const auto writer = make_row_writer(format, output);
  writer->begin("findings", columns, fmt::format("Findings in {}", summary.file));
  for (const Finding& finding : findings) {
    writer->row({finding.where.file.empty() ? Cell() : Cell(finding.where.file), count_cell(finding.where.line),
                 count_cell(finding.where.column),
                 finding.where.field.empty() ? Cell() : Cell(finding.where.field), finding.message,
                 std::string(severity_name(finding.severity))});
  }
  const auto count_of = [&findings](Severity severity) {
    return static_cast<double>(std::count_if(findings.begin(), findings.end(),
                                             [severity](const Finding& finding) { return finding.severity == severity; }));
  };
  const double errors = count_of(Severity::error);
  writer->end({{"file", "File", summary.file, 0, ColumnType::text},
               {"customers", "Customers", static_cast<double>(summary.customers), 0},
               {"with_ledger", "With a ledger", static_cast<double>(summary.with_ledger), 0},
               {"referred", "Referred", static_cast<double>(summary.referred), 0},
               {"errors", "Errors", errors, 0},
               {"warnings", "Warnings", count_of(Severity::warning), 0},
               {"ok", "OK", errors == 0.0 ? 1.0 : 0.0, 0, ColumnType::flag}});
}

}  // namespace clv::io
