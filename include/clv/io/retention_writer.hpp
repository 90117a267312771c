#pragma once
// Writes an sBG cohort projection (`clv predict --model sbg.json --periods N`):
//  - json: {"periods":[{"period":0,"survival":1,"retention_rate":null}, ...],
//           "expected_lifetime":..., "discounted_expected_lifetime":...} (null when infinite),
//  - table, markdown: the rows, then the two lifetimes,
//  - csv, tsv: the rows only.
// Numbers with 6 decimals.

#include "clv/io/output_file.hpp"
#include "clv/io/table_writer.hpp"
#include "clv/models/sbg.hpp"

namespace clv::io {

void write_retention_projection(const models::sbg::RetentionProjection& projection, OutputFormat format,
                                Output& output);

}  // namespace clv::io
