#pragma once
// Writes a segment table (clv/segment.hpp) in every output format:
//  - table, markdown, csv, tsv: one row per segment, then the total row (segment "(all)");
//  - json: {"segments": [{...}], "total": {...}, "currency": ...} with null for absent values.
// The risk columns (mean_p_alive, customers_at_risk, value_at_stake) appear only with a model.

#include "clv/io/output_file.hpp"
#include "clv/io/table_writer.hpp"
#include "clv/segment.hpp"

#include <optional>
#include <string>

namespace clv::io {

struct SegmentLayout {
  std::string by;  // the --by text, for the title
  std::optional<std::string> currency;
  bool with_risk = false;
  bool with_bounds = false;  // total_value and mean_value bounds (--interval)
};

void write_segments(OutputFormat format, Output& output, const SegmentTable& table, const SegmentLayout& layout);

}  // namespace clv::io
