#pragma once
// The at-risk list from a summary file and fitted-model files, shared by `clv at-risk` and
// `clv report`.

#include "model_input.hpp"

#include "clv/at_risk.hpp"
#include "clv/at_risk_forecast.hpp"

#include <CLI/CLI.hpp>

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

// Adds --model (required when `required`), --spend-model, --horizon, --margin, --threshold,
// --min-value (not --top: each command names its own).
void add_at_risk_options(CLI::App& command, AtRiskSources& sources, bool model_required);

// Reads the models and the summary, computes and selects.
[[nodiscard]] std::vector<AtRiskCustomer> load_at_risk(const SummaryInputOptions& summary, const AtRiskSources& sources);

}  // namespace clv::cli
