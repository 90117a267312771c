#pragma once
// The customers of FILE with the segment each belongs to, for `clv segment` and `clv project
// --by`. The segment columns of a customer file are kept by the input layer (--keep BY); with
// --model they are read from the attributes file.

#include "discrete_models.hpp"
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

// With an sBG or BG/BB model, FILE holds contracts or opportunities (discrete_models.hpp), and
// --by names columns of --attributes. `clv segment` values those customers as `clv value` does
// (formula view, `valued`) and takes the payback year from their ledgers (`set`); `clv project
// --by` needs the ledgers only (an sBG value without a discount rate may be infinite).
enum class DiscreteValues { as_value_command, ledgers_only };
struct DiscreteTerms {
  ContractValueOptions contract;  // sBG: --revenue, --acquisition-cost, --discount-rate
  DiscreteValues values = DiscreteValues::as_value_command;
};

struct SegmentedCustomers {
  CustomerSet set;                          // kept holds the --by columns
  std::vector<std::string> keys;            // each customer's segment, in set order
  std::optional<input::ForecastSources> sources;   // with a continuous-time --model
  std::optional<CustomerSet> valued;        // sBG, BG/BB: set's customers in the formula view
  std::optional<std::string> discrete;      // "sBG" or "BG/BB" with such a model
};

[[nodiscard]] SegmentedCustomers load_segmented_customers(const TableArguments& table, const LogArguments& log,
                                                          const ModelArguments& models, const std::string& unit,
                                                          int years, CustomerView view, const SegmentBy& by,
                                                          const DiscreteTerms& discrete = {});

// "sBG" or "BG/BB" when --model names a discrete-time model; nullopt otherwise (or no model).
[[nodiscard]] std::optional<std::string> discrete_model_name(const ModelArguments& models);

// P(alive) and value if alive of every forecast customer (summary order = customer order), with
// the at-risk horizon of `at_risk` and the margin and average purchase of `options`.
[[nodiscard]] std::vector<SegmentRiskInput> segment_risk_inputs(const input::ForecastSources& sources,
                                                                const input::AtRiskChoice& at_risk,
                                                                const input::ModelOptions& options);

}  // namespace clv::cli
