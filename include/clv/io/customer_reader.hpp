#pragma once
// Reads customers from JSON or CSV into a CustomerSet, checking every value.
//
// JSON: a top-level array of customer objects, or {"currency": "CNY", "customers": [...]}.
//   A ledger is "years": [{"year": 1, "base_sales": 800, "new_sales": 0, "cost": 850}, ...].
//   Unknown keys are errors (a misspelt "acquisiton_cost" would otherwise silently count 0).
//   Syntax errors name line and column; later errors name the path, e.g. customers[3].cost.
// CSV: a header row naming the columns (clv/io/header.hpp: usual spellings, --column mappings).
//   Without a `year` column, one row per customer. With one, one row per customer-year
//   (customer fields may repeat on each row and must then agree); a row with an empty year
//   carries only customer fields. Other columns are ignored or kept (ColumnOptions::keep, into
//   CustomerSet::kept), except near misses of a field's name, which are errors.
//
// Every problem is `FILE:LINE:COL: field: message 'value'`. Without a sink the first problem
// is thrown; with one, every problem is reported and reading goes on (for `clv validate`).
// None of transactions, average_purchase, acquisition_cost, service_cost, base_sales,
// new_sales, cost, referral_sales may be negative; referral_net_income may.

#include "clv/customer.hpp"
#include "clv/io/csv_reader.hpp"
#include "clv/io/header.hpp"
#include "clv/io/input.hpp"
#include "clv/problem_sink.hpp"

#include <string>

namespace clv::io {

enum class InputFormat { automatic, csv, json };

struct ReadOptions {
  InputFormat format = InputFormat::automatic;  // automatic: by file name, else by first byte
  CsvOptions csv;
  ColumnOptions columns;  // CSV: --column mappings and --keep
  // The input's size in bytes when known (a regular file), to reserve memory once; 0 when not.
  std::size_t expected_bytes = 0;
};

[[nodiscard]] CustomerSet read_customers(InputSource& source, const ReadOptions& options = {},
                                         const ProblemSink* sink = nullptr);

}  // namespace clv::io
