#pragma once
// The customers of FILE with the segment each belongs to, for `clv segment` and `clv project
// --by`. The segment columns of a customer file are kept by the input layer (--keep BY); with
// --model they are read from the attributes file.

#include "options.hpp"

#include "clv/segment.hpp"

#include <optional>
#include <string>
#include <vector>

namespace clv::cli {

// --by COLUMN[,COLUMN] or --by cohort:month|quarter|year.
struct SegmentBy {
  std::string text;
  std::vector<std::string> columns;    // read from the input ("acquired" for a cohort of customer records)
  std::optional<CohortPeriod> cohort;
};

// Throws a usage error for an empty spec, an empty column name or a cohort that is not
// month/quarter/year.
[[nodiscard]] SegmentBy parse_segment_by(const std::string& text);

struct SegmentedCustomers {
  CustomerSet set;                          // kept holds the --by columns
  std::vector<std::string> keys;            // each customer's segment, in set order
  std::optional<input::ForecastSources> sources;   // with --model
};

[[nodiscard]] SegmentedCustomers load_segmented_customers(const TableArguments& table, const LogArguments& log,
                                                          const ModelArguments& models, const std::string& unit,
                                                          int years, CustomerView view, const SegmentBy& by);

// P(alive) and value if alive of every forecast customer (summary order = customer order), with
// the at-risk horizon of `at_risk` and the margin and average purchase of `options`.
[[nodiscard]] std::vector<SegmentRiskInput> segment_risk_inputs(const input::ForecastSources& sources,
                                                                const input::AtRiskChoice& at_risk,
                                                                const input::ModelOptions& options);

}  // namespace clv::cli
