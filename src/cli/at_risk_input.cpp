#include "at_risk_input.hpp"

#include "clv/error.hpp"

#include <optional>

namespace clv::cli {

void add_at_risk_options(CLI::App& command, AtRiskSources& sources, bool model_required) {
  auto* model = command.add_option("-m,--model", sources.model_path,
                                   "Purchase model file from `clv fit --save` (bgnbd, pnbd, mbgnbd)")
                    ->option_text("FILE");
  if (model_required) {
    model->required();
  }
  command.add_option("-s,--spend-model", sources.spend_model_path,
                     "Gamma-Gamma model file (without it: each customer's monetary_value)")
      ->option_text("FILE");
  command.add_option("-H,--horizon", sources.forecast.horizon,
                     "Horizon of the value if alive, in the model's time units (default 52)")
      ->option_text("H")
      ->default_str("52");
  command.add_option("--margin", sources.forecast.margin, "Profit margin applied to revenue (default 1)")
      ->option_text("M");
  command.add_option("--threshold", sources.selection.alive_threshold,
                     "At risk: P(alive) below this (default 0.5)")
      ->option_text("P");
  command.add_option("--min-value", sources.selection.minimum_value_at_stake,
                     "At risk: value at stake at least this (default 0)")
      ->option_text("V");
}

std::vector<AtRiskCustomer> load_at_risk(const SummaryInputOptions& summary_options, const AtRiskSources& sources) {
  const auto unit = requested_unit(summary_options);
  const io::ModelFile purchase = load_model(sources.model_path, io::ModelRole::purchase, unit);
  std::optional<io::ModelFile> spend;
  if (!sources.spend_model_path.empty()) {
    spend = load_model(sources.spend_model_path, io::ModelRole::spend, std::nullopt);
  }
  AtRiskOptions selection = sources.selection;
  if (sources.top != 0) {
    selection.top = sources.top;
  }
  AtRiskForecastOptions forecast = sources.forecast;
  // A log is summarised in the model's unit (unless --unit says otherwise, which must then match).
  const SummaryTable summary = load_summary(summary_options, purchase.unit);
  // The unit: --unit, else the summary's, else the model's.
  forecast.unit = unit ? unit : (summary.unit ? summary.unit : purchase.unit);
  const std::vector<AtRiskInput> inputs = at_risk_inputs(summary, purchase.fit, spend ? &spend->fit : nullptr, forecast);
  return select_at_risk(inputs, selection);
}

}  // namespace clv::cli
