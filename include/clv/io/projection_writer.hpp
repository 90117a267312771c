#pragma once
// Writes projections (clv/projection.hpp) in every output format:
//  - table, markdown: one table per customer, years as columns and a total column; rows base
//    sales, new sales, revenue, cost, referral income (one row per referred customer before it
//    with per-customer detail), profit, cumulative profit, discounted profit when discounting;
//    then the total profit (and NPV).
//  - csv, tsv: long format, one row per customer-year (detail lines are not shown).
//  - json: {"customers":[{"id", "name", "years":[{...}], "referrals":[...], "total_profit",
//    "npv"}], "currency"}.
// Kept input columns (--keep) follow the name in JSON, the id in csv/tsv, and the title in a table.

#include "clv/io/output_file.hpp"
#include "clv/io/table_writer.hpp"
#include "clv/projection.hpp"

#include <optional>
#include <string>
#include <vector>

namespace clv::io {

struct ProjectionLayout {
  std::optional<double> discount_rate;
  std::optional<std::string> currency;
  std::string subject = "customer";  // table titles: "customer A", or "segment partner" for `project --by`
  std::string key = "customer_id";   // csv, tsv and json: the name of the id's column, "segment" for `project --by`
  std::vector<std::string> kept_names;               // --keep: the columns' names
  std::vector<std::vector<std::string>> kept_values;  // and each projection's values, in the projections' order
};

void write_projections(OutputFormat format, Output& output, const std::vector<Projection>& projections,
                       const ProjectionLayout& layout);

}  // namespace clv::io
