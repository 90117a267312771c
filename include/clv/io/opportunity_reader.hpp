#pragma once
// Reads the input of the BG/BB model: one row per customer, or per pattern with a count,
// `customer_id,frequency,recency,periods` (x repeat transactions, the opportunity t_x of the
// last one, n opportunities), the count column optional (`count`, `weight` or `weights`), the id
// column too (rows are then named by their line); frequency_holdout and periods_holdout add a
// holdout period for `clv diagnose`; monetary_value (the mean repeat transaction) a Gamma-Gamma
// spend model. Fader, Hardie & Shang's donations file
// (`frequency,recency,periods,weights`) reads as it is. Aliases: x, t_x, n.

#include "clv/io/csv_reader.hpp"
#include "clv/io/input.hpp"
#include "clv/models/bg_bb.hpp"

#include <string>
#include <vector>

namespace clv::io {

struct OpportunityTable {
  std::vector<std::string> ids;  // "line N" when the file has no id column
  std::vector<models::bg_bb::OpportunityHistory> customers;
  bool has_ids = false;
  // Optional holdout columns frequency_holdout and periods_holdout (transactions in the n*
  // opportunities after the calibration): both or neither; empty when absent.
  std::vector<double> holdout_frequency;
  std::vector<double> holdout_periods;
  // Optional monetary_value: the mean amount of the customer's repeat transactions (for a
  // Gamma-Gamma spend model); empty when absent.
  std::vector<double> monetary_value;
  std::vector<std::size_t> lines;  // each row's line in the file, for errors found later
};

// Throws clv::Error (data_error, exit 65) naming file, line, column and field for a missing
// column, values that are negative or not whole numbers, x > n, t_x > n, x > t_x, x = 0 with
// t_x > 0, a count that is not positive, a duplicate or empty id, no rows.
[[nodiscard]] OpportunityTable read_opportunities(InputSource& source, const CsvOptions& options = {});
[[nodiscard]] OpportunityTable read_opportunities_file(const std::string& path, const CsvOptions& options = {});

}  // namespace clv::io
