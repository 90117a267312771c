#pragma once
// The customers of FILE with the segment each belongs to, for `clv segment` and `clv project
// --by`. The segment columns are read here from the customer file (or, with --model, the
// attributes file) into CustomerSet::kept; the input layer will fill `kept` itself, and then
// only segment_keys() stays.

#include "at_risk_input.hpp"
#include "common.hpp"
#include "customer_input.hpp"

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
  std::optional<ForecastSources> sources;   // with --model
};

[[nodiscard]] SegmentedCustomers load_segmented_customers(const std::string& path, const DelimiterOptions& delimiter,
                                                          const CustomerSourceOptions& options, int years,
                                                          CustomerView view, const SegmentBy& by);

// P(alive) and value if alive of every forecast customer (summary order = customer order), with
// the at-risk horizon of `at_risk` and the margin and average purchase of `options`.
[[nodiscard]] std::vector<SegmentRiskInput> segment_risk_inputs(const ForecastSources& sources,
                                                                const AtRiskSources& at_risk,
                                                                const CustomerSourceOptions& options);

}  // namespace clv::cli
