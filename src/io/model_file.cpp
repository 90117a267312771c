#include "clv/io/model_file.hpp"

#include "clv/error.hpp"
#include "clv/io/input.hpp"
#include "clv/io/json_depth.hpp"
#include "clv/io/json_errors.hpp"
#include "clv/io/output_file.hpp"
#include "clv/models/gamma_gamma.hpp"
#include "json_parse.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <optional>

namespace clv::io {

namespace {

using Json = nlohmann::ordered_json;

// The range a model file's parameters may have (docs/models-cli.md): shapes and rates of the
// purchase models, p and q of Gamma-Gamma; gamma is a spend scale, in currency units.
constexpr double k_min_parameter = 1e-10;
constexpr double k_max_parameter = 1e10;
constexpr double k_max_spend_scale = 1e15;

// A finite number as JSON, anything else (a NaN standard error) as null.
Json number_or_null(double value) {
  return std::isfinite(value) ? Json(value) : Json(nullptr);
}

std::string_view type_name(const Json& value) {
  return value.type_name();
}

[[noreturn]] void fail(const std::string& name, const std::string& field, const std::string& message) {
  throw data_error(message, Location{name, 0, 0, field});
}

const Json& member(const Json& object, const char* key, const std::string& name) {
  const auto it = object.find(key);
  if (it == object.end()) {
    fail(name, key, "missing from the model file");
  }
  return *it;
}

double finite_number(const Json& value, const std::string& field, const std::string& name) {
  if (!value.is_number()) {
    fail(name, field, fmt::format("is {}, not a number", type_name(value)));
  }
  const double number = value.get<double>();
  if (!std::isfinite(number)) {
    fail(name, field, "is not a finite number");
  }
  return number;
}

}  // namespace

std::string model_to_json(const ModelFile& model) {
  const models::FitResult& fit = model.fit;
  const std::vector<std::string> names = models::parameter_names(fit.kind);
  Json root;
  root["clv_model"] = k_model_file_version;
  root["model"] = std::string(models::model_name(fit.kind));
  Json parameters = Json::object();
  for (std::size_t i = 0; i < names.size() && i < fit.parameters.size(); ++i) {
    parameters[names[i]] = number_or_null(fit.parameters[i]);
  }
  root["parameters"] = parameters;
  if (fit.standard_errors.size() == names.size()) {
    Json errors = Json::object();
    for (std::size_t i = 0; i < names.size(); ++i) {
      errors[names[i]] = number_or_null(fit.standard_errors[i]);
    }
    root["standard_errors"] = errors;
  } else {
    root["standard_errors"] = nullptr;
  }
  if (fit.covariance.size() == names.size()) {
    Json rows = Json::array();
    for (const auto& row : fit.covariance) {
      Json cells = Json::array();
      for (double cell : row) {
        cells.push_back(number_or_null(cell));
      }
      rows.push_back(cells);
    }
    root["covariance"] = rows;
  } else {
    root["covariance"] = nullptr;
  }
  root["log_likelihood"] = number_or_null(fit.log_likelihood);
  root["iterations"] = fit.iterations;
  root["converged"] = fit.converged;
  root["gradient_norm"] = number_or_null(fit.gradient_norm);
  root["time_unit"] = model.unit ? Json(std::string(time_unit_name(*model.unit))) : Json(nullptr);
  root["observation_end"] = model.observation_end ? Json(*model.observation_end) : Json(nullptr);
  root["customers"] = fit.customers;
  root["rows"] = fit.rows;
  root["penalizer"] = model.penalizer;
  root["penalty"] = model.penalty_scale == models::PenaltyScale::parameters ? "parameters" : "log_parameters";
  // nlohmann writes the shortest text that reads back as the same double (round trip exact).
  return root.dump(2) + "\n";
}

ModelFile parse_model_json(std::string_view text, const std::string& name) {
  if (const auto deep = find_excess_nesting(text)) {
    throw data_error(fmt::format("not a clv model file (nested more than {} levels deep)", k_max_json_depth),
                     Location{name, deep->line, deep->column});
  }
  std::optional<ParsedJson<Json>> parsed;  // out of memory: bad_alloc, never terminate
  try {
    parsed.emplace(text);
  } catch (const Json::parse_error& error) {
    const TextPosition at = json_error_position(text, error.byte);
    throw data_error(fmt::format("not a clv model file (invalid JSON: {})", json_error_message(error.what())),
                     Location{name, at.line, at.column});
  } catch (const Json::out_of_range& error) {
    // A number beyond double's range, e.g. 1e400.
    throw data_error(fmt::format("not a clv model file ({})", json_error_message(error.what())), Location{name});
  } catch (const JsonKeyRefused& error) {
    const TextPosition at = json_error_position(text, error.byte());
    throw data_error(error.what(), Location{name, at.line, at.column, error.field()});
  }
  Json& root = parsed->document();
  if (!root.is_object() || !root.contains("clv_model")) {
    throw data_error("not a clv model file (no \"clv_model\" key; make one with `clv fit --save`)", Location{name});
  }
  const Json& version = root["clv_model"];
  if (!version.is_number_integer() || version.get<long long>() != k_model_file_version) {
    fail(name, "clv_model", fmt::format("version {} is not supported (this clv reads version {})", version.dump(),
                                        k_model_file_version));
  }
  ModelFile model;
  const Json& kind = member(root, "model", name);
  const auto parsed_kind = kind.is_string() ? models::parse_model_kind(kind.get<std::string>()) : std::nullopt;
  if (!parsed_kind) {
    fail(name, "model", fmt::format("{} is not a model kind (bgnbd, pnbd, mbgnbd, gg, sbg or bgbb)", kind.dump()));
  }
  model.fit.kind = *parsed_kind;
  const std::vector<std::string> names = models::parameter_names(model.fit.kind);

  const Json& parameters = member(root, "parameters", name);
  if (!parameters.is_object()) {
    fail(name, "parameters", "is not an object");
  }
  for (const auto& item : parameters.items()) {
    if (std::find(names.begin(), names.end(), item.key()) == names.end()) {
      fail(name, "parameters." + item.key(),
           fmt::format("is not a parameter of {} (expected {})", models::model_name(model.fit.kind),
                       fmt::join(names, ", ")));
    }
  }
  for (const std::string& parameter : names) {
    const std::string field = "parameters." + parameter;
    const auto it = parameters.find(parameter);
    if (it == parameters.end()) {
      fail(name, field, "missing from the model file");
    }
    const double value = finite_number(*it, field, name);
    if (!(value > 0.0)) {
      fail(name, field, fmt::format("{} is not positive", it->dump()));
    }
    // Fitted parameters of real data lie far inside this range; beyond it the formulas lose
    // every digit (lgamma of 1e300) and a hand-edited typo would give nonsense forecasts.
    const double high = parameter == "gamma" ? k_max_spend_scale : k_max_parameter;
    if (value < k_min_parameter || value > high) {
      fail(name, field, fmt::format("{} is outside the range a model parameter may have ({:g} to {:g})", it->dump(),
                                    k_min_parameter, high));
    }
    model.fit.parameters.push_back(value);
  }
  if (model.fit.kind == models::ModelKind::gamma_gamma) {
    const auto problem = models::gamma_gamma::infinite_mean_problem(
        {model.fit.parameters[0], model.fit.parameters[1], model.fit.parameters[2]});
    if (problem) {
      fail(name, "parameters.q", *problem);
    }
  }

  if (const auto it = root.find("standard_errors"); it != root.end() && !it->is_null()) {
    if (!it->is_object()) {
      fail(name, "standard_errors", "is not an object");
    }
    for (const std::string& parameter : names) {
      const auto error = it->find(parameter);
      model.fit.standard_errors.push_back(error == it->end() || error->is_null()
                                              ? std::nan("")
                                              : finite_number(*error, "standard_errors." + parameter, name));
    }
  }
  if (const auto it = root.find("covariance"); it != root.end() && !it->is_null()) {
    if (!it->is_array() || it->size() != names.size()) {
      fail(name, "covariance", fmt::format("is not a {0}x{0} matrix", names.size()));
    }
    for (const Json& row : *it) {
      if (!row.is_array() || row.size() != names.size()) {
        fail(name, "covariance", fmt::format("is not a {0}x{0} matrix", names.size()));
      }
      std::vector<double> cells;
      for (const Json& cell : row) {
        cells.push_back(cell.is_null() ? std::nan("") : finite_number(cell, "covariance", name));
      }
      model.fit.covariance.push_back(std::move(cells));
    }
  }
  if (const auto it = root.find("log_likelihood"); it != root.end() && !it->is_null()) {
    model.fit.log_likelihood = finite_number(*it, "log_likelihood", name);
  }
  if (const auto it = root.find("iterations"); it != root.end() && it->is_number_integer()) {
    model.fit.iterations = it->get<int>();
  }
  if (const auto it = root.find("converged"); it != root.end() && it->is_boolean()) {
    model.fit.converged = it->get<bool>();
  }
  if (const auto it = root.find("gradient_norm"); it != root.end() && !it->is_null()) {
    model.fit.gradient_norm = finite_number(*it, "gradient_norm", name);
  }
  if (const auto it = root.find("customers"); it != root.end() && !it->is_null()) {
    model.fit.customers = finite_number(*it, "customers", name);
  }
  if (const auto it = root.find("rows"); it != root.end() && it->is_number_unsigned()) {
    model.fit.rows = it->get<std::size_t>();
  }
  if (const auto it = root.find("penalizer"); it != root.end() && !it->is_null()) {
    model.penalizer = finite_number(*it, "penalizer", name);
  }
  if (const auto it = root.find("penalty"); it != root.end() && !it->is_null()) {
    if (!it->is_string() || (*it != "parameters" && *it != "log_parameters")) {
      fail(name, "penalty", fmt::format("{} is not a penalty (log_parameters or parameters)", it->dump()));
    }
    model.penalty_scale =
        *it == "parameters" ? models::PenaltyScale::parameters : models::PenaltyScale::log_parameters;
  }
  if (const auto it = root.find("time_unit"); it != root.end() && !it->is_null()) {
    const auto unit = it->is_string() ? parse_time_unit(it->get<std::string>()) : std::nullopt;
    if (it->is_string() && it->get<std::string>() == "summary units") {
      // the unit of the summary it was fitted on, unknown: same as null
    } else if (!unit) {
      fail(name, "time_unit", fmt::format("{} is not a time unit (days, weeks, months or null)", it->dump()));
    } else {
      model.unit = unit;
    }
  }
  if (const auto it = root.find("observation_end"); it != root.end() && !it->is_null()) {
    if (!it->is_string()) {
      fail(name, "observation_end", "is not a date string");
    }
    model.observation_end = it->get<std::string>();
  }
  return model;
}

ModelFile read_model_file(const std::string& path) {
  const auto source = open_input(path);
  return parse_model_json(read_all(*source), source->name());
}

void write_model_file(const ModelFile& model, const std::string& path) {
  Output output(path);
  output.write(model_to_json(model));
  output.commit();
}

namespace {

// What a model of `kind` is, for messages: "a Gamma-Gamma spend model".
std::string describe_kind(models::ModelKind kind) {
  switch (kind) {
    case models::ModelKind::gamma_gamma:
      return "a Gamma-Gamma spend model";
    case models::ModelKind::sbg:
      return "an sBG contract model";
    case models::ModelKind::bg_bb:
      return "a BG/BB discrete-time purchase model";
    case models::ModelKind::bg_nbd:
    case models::ModelKind::pareto_nbd:
    case models::ModelKind::mbg_nbd:
      break;
  }
  return fmt::format("a {} purchase model", models::model_name(kind));
}

ModelRole role_of(models::ModelKind kind) {
  switch (kind) {
    case models::ModelKind::gamma_gamma:
      return ModelRole::spend;
    case models::ModelKind::sbg:
      return ModelRole::contract;
    case models::ModelKind::bg_bb:
      return ModelRole::discrete_purchase;
    case models::ModelKind::bg_nbd:
    case models::ModelKind::pareto_nbd:
    case models::ModelKind::mbg_nbd:
      break;
  }
  return ModelRole::purchase;
}

std::string_view needed(ModelRole role) {
  switch (role) {
    case ModelRole::purchase:
      return "a purchase model (bgnbd, pnbd or mbgnbd)";
    case ModelRole::spend:
      return "a Gamma-Gamma spend model (gg)";
    case ModelRole::contract:
      return "an sBG contract model (sbg)";
    case ModelRole::discrete_purchase:
      return "a BG/BB model (bgbb)";
  }
  return "another model";
}

}  // namespace

void require_role(const ModelFile& model, ModelRole role, const std::string& name) {
  if (role_of(model.fit.kind) == role) {
    return;
  }
  const bool spend_for_purchase = role == ModelRole::purchase && model.fit.kind == models::ModelKind::gamma_gamma;
  throw usage_error(fmt::format("{}: is {}; {} is needed here{}", name, describe_kind(model.fit.kind), needed(role),
                                spend_for_purchase ? " (give the spend model with --spend-model)" : ""));
}

void require_unit(const ModelFile& model, std::optional<TimeUnit> requested, const std::string& name) {
  if (requested && model.unit && *requested != *model.unit) {
    throw usage_error(fmt::format("{}: the model was fitted in {}, but --unit says {}: refit in {} or drop --unit",
                                  name, time_unit_name(*model.unit), time_unit_name(*requested),
                                  time_unit_name(*requested)));
  }
}

}  // namespace clv::io
