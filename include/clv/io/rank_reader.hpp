#pragma once
// Reads per-customer values for `clv rank`: a delimited file with a header row naming at least
// the customer id (`customer_id`, `id`, ...) and the value (`value`, or `clv` as `clv predict`
// writes it), and optionally `name`, `acquisition_cost`, `referral_income` (clv/io/header.hpp;
// other columns are ignored or kept; column order is free). An empty optional field is absent.

#include "clv/customer.hpp"
#include "clv/io/csv_reader.hpp"
#include "clv/io/header.hpp"
#include "clv/rank.hpp"

#include <vector>

namespace clv::io {

struct RankInputs {
  std::vector<RankInput> customers;  // in file order
  bool has_name = false;              // which optional columns the header had
  bool has_acquisition_cost = false;
  bool has_referral_income = false;
  KeptColumns kept;  // --keep columns, in file order of the customers
};

// Throws clv::Error (data, exit 65) naming file, line, column and field for a missing header
// column, a bad number, an empty id, a duplicate id, an id or name that is not valid UTF-8 or a
// short row.
[[nodiscard]] RankInputs read_rank_inputs(InputSource& source, CsvOptions options = {},
                                          const ColumnOptions& columns = {});

}  // namespace clv::io
