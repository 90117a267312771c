#include "clv/io/model_comparison_json.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace clv::io {

std::string model_comparison_json(const ModelComparison& comparison) {
  using Json = nlohmann::ordered_json;
  Json models = Json::array();
  for (const ModelScore& score : comparison.models) {
    Json entry;
    entry["model"] = std::string(models::model_name(score.fit.kind));
    entry["log_likelihood"] = score.fit.log_likelihood;
    Json parameters = Json::object();
    const auto names = models::parameter_names(score.fit.kind);
    for (std::size_t i = 0; i < names.size() && i < score.fit.parameters.size(); ++i) {
      parameters[names[i]] = score.fit.parameters[i];
    }
    entry["parameters"] = parameters;
    entry["parameter_count"] = score.parameter_count;
    entry["aic"] = score.aic;
    entry["bic"] = score.bic;
    if (score.holdout) {
      const HoldoutAccuracy& h = *score.holdout;
      Json holdout;
      holdout["actual_total"] = h.actual_total;
      holdout["predicted_total"] = h.predicted_total;
      holdout["mae"] = h.mean_absolute_error;
      holdout["rmse"] = h.root_mean_squared_error;
      Json groups = Json::array();
      for (const HoldoutGroup& group : h.groups) {
        Json g;
        g["frequency_cal"] = fmt::format("{}{}", group.frequency, group.or_more ? "+" : "");
        g["customers"] = group.customers;
        g["actual"] = group.actual;
        g["predicted"] = group.predicted;
        groups.push_back(g);
      }
      holdout["groups"] = groups;
      entry["holdout"] = holdout;
    } else {
      entry["holdout"] = nullptr;
    }
    models.push_back(entry);
  }
  Json winners = Json::object();
  for (const ComparisonWinner& winner : comparison.winners) {
    winners[winner.criterion] = std::string(models::model_name(winner.model));
  }
  Json root;
  root["models"] = models;
  root["winners"] = winners;
  return root.dump(2) + "\n";
}

}  // namespace clv::io
