#pragma once
// Reads the input of the sBG contract model, in either of two forms told apart by the header:
//  - a cohort table, `period,alive` (+ an optional `cohort` column holding several cohorts):
//    the number of the cohort's customers still active at the start of periods 0, 1, 2, ...,
//    period 0 being the cohort's size;
//  - one row per customer, `customer_id,tenure,churned` (+ optional `count`/`weight`): periods
//    completed and 0/1 whether the customer has left.
// Column names are matched case-insensitively; other columns are ignored.

#include "clv/io/csv_reader.hpp"
#include "clv/io/input.hpp"
#include "clv/models/sbg.hpp"

#include <optional>
#include <string>
#include <vector>

namespace clv::io {

enum class ContractForm { cohort_table, customers };
// Without a cohort name, a table of several cohorts is an error (one) or read whole (every).
enum class CohortChoice { one, every };

struct CohortCounts {
  std::string name;
  std::vector<double> alive;
};

struct ContractTable {
  ContractForm form = ContractForm::customers;
  // Cohort table: the cohort's name ("" without a cohort column) and its counts by period.
  std::string cohort;
  std::vector<double> alive;
  // CohortChoice::every with several cohorts: all of them, in order of first appearance (the
  // first is also in cohort and alive).
  std::vector<CohortCounts> cohorts;
  // Customers: ids and contracts in file order.
  std::vector<std::string> ids;
  std::vector<models::sbg::Contract> contracts;
  std::vector<std::size_t> lines;  // each customer's line in the file, for errors found later
};

// Throws clv::Error naming file, line, column and field (data_error, exit 65) for: a missing
// column, a count or tenure that is negative or not a whole number, churned not 0 or 1, tenure
// < 1 with churned = 1, a cohort that does not start at period 0 or skips a period, survivor
// counts that increase, a duplicate or empty customer id, no rows. A file with several cohorts
// needs `cohort` or CohortChoice::every (else a usage error, exit 64, listing them); a name that
// is not in the file is a usage error too.
[[nodiscard]] ContractTable read_contracts(InputSource& source, const CsvOptions& options = {},
                                           const std::optional<std::string>& cohort = std::nullopt,
                                           CohortChoice choice = CohortChoice::one);
[[nodiscard]] ContractTable read_contracts_file(const std::string& path, const CsvOptions& options = {},
                                                const std::optional<std::string>& cohort = std::nullopt,
                                                CohortChoice choice = CohortChoice::one);

}  // namespace clv::io
