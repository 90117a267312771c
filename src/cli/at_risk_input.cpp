#include "at_risk_input.hpp"
#include "option_range.hpp"

#include "clv/error.hpp"

#include <optional>
#include <string_view>
#include <unordered_map>

namespace clv::cli {

void add_at_risk_options(CLI::App& command, AtRiskSources& sources, AtRiskModelOptions model_options) {
  if (model_options == AtRiskModelOptions::add) {
    command.add_option("-m,--model", sources.model_path, "Purchase model file from `clv fit --save` (bgnbd, pnbd, mbgnbd)")
        ->option_text("FILE")
        ->required();
    command.add_option("-s,--spend-model", sources.spend_model_path,
                       "Gamma-Gamma model file (without it: each customer's monetary_value)")
        ->option_text("FILE");
  }
  in_range(command.add_option("-H,--horizon", sources.forecast.horizon,
                              "Horizon of the value if alive, in the model's time units (default 52)"),
           numbers_above(0, 1e6))
      ->option_text("H")
      ->default_str("52");
  if (model_options == AtRiskModelOptions::add) {
    in_range(command.add_option("--margin", sources.forecast.margin, "Profit margin applied to revenue (default 1)"),
             margins())
        ->option_text("M");
  }
  in_range(command.add_option("--threshold", sources.selection.alive_threshold,
                              "At risk: P(alive) below this (default 0.5)"),
           numbers_above(0, 1))
      ->option_text("P");
  in_range(command.add_option("--min-value", sources.selection.minimum_value_at_stake,
                              "At risk: value at stake at least this (default 0)"),
           numbers(-1e15, 1e15))
      ->option_text("V");
}

std::vector<AtRiskCustomer> load_at_risk(const SummaryInputOptions& summary_options, const AtRiskSources& sources) {
  const auto unit = requested_unit(summary_options);
  const io::ModelFile purchase = load_model(sources.model_path, io::ModelRole::purchase, unit);
  std::optional<io::ModelFile> spend;
  if (!sources.spend_model_path.empty()) {
    spend = load_model(sources.spend_model_path, io::ModelRole::spend, std::nullopt);
  }
  // A log is summarised in the model's unit (unless --unit says otherwise, which must then match).
  const SummaryTable summary = load_summary(summary_options, purchase.unit);
  return at_risk_customers(summary, purchase, spend ? &*spend : nullptr, sources, unit, nullptr);
}

std::vector<AtRiskCustomer> at_risk_customers(const SummaryTable& summary, const io::ModelFile& purchase,
                                              const io::ModelFile* spend, const AtRiskSources& sources,
                                              std::optional<TimeUnit> unit, const CustomerSet* names) {
  AtRiskOptions selection = sources.selection;
  if (sources.top != 0) {
    selection.top = sources.top;
  }
  AtRiskForecastOptions forecast = sources.forecast;
  forecast.unit = unit ? unit : (summary.unit ? summary.unit : purchase.unit);
  std::vector<AtRiskInput> inputs = at_risk_inputs(summary, purchase.fit, spend ? &spend->fit : nullptr, forecast);
  if (names != nullptr) {
    std::unordered_map<std::string_view, const std::string*> name_of;
    for (const Customer& customer : names->customers) {
      if (customer.name) {
        name_of.emplace(customer.id, &*customer.name);
      }
    }
    for (AtRiskInput& input : inputs) {
      if (const auto found = name_of.find(input.id); found != name_of.end()) {
        input.name = *found->second;
      }
    }
  }
  return select_at_risk(inputs, selection);
}

}  // namespace clv::cli
