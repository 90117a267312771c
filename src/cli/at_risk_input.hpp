#pragma once
// The at-risk list from a summary file and fitted-model files, shared by `clv at-risk` and
// `clv report`.

#include "model_input.hpp"

#include "clv/at_risk.hpp"
#include "clv/at_risk_forecast.hpp"
#include "clv/customer.hpp"
#include "clv/io/model_file.hpp"
#include "clv/summary.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace clv::cli {

struct AtRiskSources {
  std::string model_path;
  std::string spend_model_path;  // empty: monetary_value as the average purchase
  AtRiskForecastOptions forecast;
  AtRiskOptions selection;
  std::size_t top = 0;  // 0: all
};

// Whether to add -m/--model (required), -s/--spend-model and --margin, or leave them to the
// command (`clv report` shares them with its forecast customers, customer_input.hpp).
enum class AtRiskModelOptions { add, omit };

// Adds --model, --spend-model and --margin (unless omitted), --horizon, --threshold and
// --min-value (not --top: each command names its own).
void add_at_risk_options(CLI::App& command, AtRiskSources& sources, AtRiskModelOptions model_options);

// Reads the models and the summary, computes and selects.
[[nodiscard]] std::vector<AtRiskCustomer> load_at_risk(const SummaryInputOptions& summary, const AtRiskSources& sources);

// Computes and selects from a summary and models already read (the paths in `sources` are not
// used). The unit for day counts: `unit` (--unit), else the summary's, else the model's. Names
// come from `names` (may be null), matched by id.
[[nodiscard]] std::vector<AtRiskCustomer> at_risk_customers(const SummaryTable& summary, const io::ModelFile& purchase,
                                                            const io::ModelFile* spend, const AtRiskSources& sources,
                                                            std::optional<TimeUnit> unit, const CustomerSet* names);

}  // namespace clv::cli
