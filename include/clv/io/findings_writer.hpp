#pragma once
// Writes what `clv validate` found in a customer file, in every output format: one row per
// finding (file, line, column, field, message, severity), then a summary of what was read.
//  - table, markdown: the rows, then the summary lines; a finding's unknown line or column is blank
//  - csv, tsv: the rows only
//  - json: {"findings": [{...}], "summary": {"file", "customers", "with_ledger", "referred",
//    "errors", "warnings", "ok"}}, an unknown line or column as null, "ok" a boolean

#include "clv/error.hpp"
#include "clv/io/output_file.hpp"
#include "clv/io/table_writer.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace clv::io {

// Every problem a reader finds in a customer file stops a command that uses it: an error. A
// warning is for what a command would read anyway.
enum class Severity { error, warning };

struct Finding {
  Location where;
  std::string message;
  Severity severity = Severity::error;
};

// What was read, whatever was found.
struct FindingsSummary {
  std::string file;
  std::size_t customers = 0;
  std::size_t with_ledger = 0;
  std::size_t referred = 0;
};

[[nodiscard]] std::string_view severity_name(Severity severity);

void write_findings(OutputFormat format, Output& output, const std::vector<Finding>& findings,
                    const FindingsSummary& summary);

}  // namespace clv::io
