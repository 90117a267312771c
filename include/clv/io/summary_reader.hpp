#pragma once
// Reads a per-customer summary (one row per customer: id, frequency, recency, age and optional
// spend, weight and holdout columns) from CSV/TSV into a clv::SummaryTable, validating every
// value. This is what `clv fit`, `clv predict` and `clv diagnose` consume; it is written by
// `clv rfm` and by warehouse queries, and the lifetimes/CDNOW summary files read as they are.
//
// Columns are matched by header name (clv/io/header.hpp: case, spaces and underscores ignored,
// the usual spellings, --column mappings), in any order; other columns are ignored or kept
// (ColumnOptions::keep, into SummaryTable::kept), except near misses of a field's name:
//   customer id:      customer_id, id
//   frequency:        frequency, x                      (a whole number of repeat purchases)
//   recency:          recency, t_x
//   age:              T, age                            (time from first purchase to the end)
//   monetary value:   monetary_value, zbar              (optional; mean repeat purchase amount)
//   weight:           count, weight                     (optional; identical customers per row)
// The calibration/holdout form written by `clv rfm --calibration-end` is recognised by
// frequency_cal, recency_cal, T_cal (and monetary_value_cal); its frequency_holdout,
// monetary_value_holdout and duration_holdout fill SummaryTable::holdout.

#include "clv/io/csv_reader.hpp"
#include "clv/io/header.hpp"
#include "clv/io/input.hpp"
#include "clv/summary.hpp"

#include <string>

namespace clv::io {

// Reads and validates the whole summary. Throws clv::Error (data_error, exit 65) naming file,
// line, column and field for: an empty file, a missing required column, a repeated column, a
// malformed or non-finite number, a negative frequency/recency/age/monetary value, a fractional
// frequency, recency > age, frequency 0 with recency > 0, a weight that is not positive, a
// duplicate or empty customer id, an id that is not valid UTF-8, or a row with too few fields.
[[nodiscard]] SummaryTable read_summary(InputSource& source, const CsvOptions& options = {},
                                        const ColumnOptions& columns = {});

// Opens `path` ("-" for standard input, ".gz" decompressed) and reads it.
[[nodiscard]] SummaryTable read_summary_file(const std::string& path, const CsvOptions& options = {},
                                             const ColumnOptions& columns = {});

}  // namespace clv::io
