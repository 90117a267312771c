#pragma once
// Reads the per-customer attributes that a fitted model cannot know: acquisition cost, who
// referred the customer and a display name. One row per customer, CSV/TSV with a header;
// columns matched by name (clv/io/header.hpp: usual spellings, case, spaces and underscores
// ignored), in any order; other columns are ignored, except near misses of these names
// (`acquistion_cost`), which are errors:
//   customer id:       customer_id, id        (required)
//   acquisition cost:  acquisition_cost       (optional; empty or absent: 0)
//   referrer:          referred_by            (optional; empty: none)
//   name:              name                   (optional)
// Used by `clv project` and `clv value` with --model (see docs/models-cli.md).

#include "clv/customers_from_models.hpp"
#include "clv/io/csv_reader.hpp"
#include "clv/io/header.hpp"
#include "clv/io/input.hpp"

#include <string>

namespace clv::io {

// Throws clv::Error (data_error, exit 65) naming file, line, column and field for: an empty
// file, no id column, a repeated column, an empty or duplicate id, an id, name or referrer that
// is not valid UTF-8, an acquisition cost that is not a finite number or is negative, a row with
// too few fields.
[[nodiscard]] AttributeTable read_attributes(InputSource& source, const CsvOptions& options = {},
                                             const ColumnOptions& columns = {});

// Opens `path` ("-" for standard input, ".gz" decompressed) and reads it.
[[nodiscard]] AttributeTable read_attributes_file(const std::string& path, const CsvOptions& options = {},
                                                  const ColumnOptions& columns = {});

}  // namespace clv::io
