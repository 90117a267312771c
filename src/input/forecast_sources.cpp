#include "clv/input/forecast_sources.hpp"

#include "clv/error.hpp"
#include "clv/io/attributes_reader.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <map>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace clv::input {

const io::ModelFile& model_file(const std::string& path) {
  // Node-based: references given out stay valid as files are added.
  static std::mutex mutex;
  static std::map<std::string, io::ModelFile> read;
  const std::lock_guard lock(mutex);
  if (const auto found = read.find(path); found != read.end()) {
    return found->second;
  }
  return read.emplace(path, io::read_model_file(path)).first->second;
}

io::ModelFile read_model(const std::string& path, io::ModelRole role, std::optional<TimeUnit> unit) {
  io::ModelFile model = model_file(path);
  io::require_role(model, role, path);
  io::require_unit(model, unit, path);
  return model;
}

std::unique_ptr<io::InputSource> open_attributes(const std::string& path) {
  struct stat status {};
  if (::stat(path.c_str(), &status) == 0 && S_ISREG(status.st_mode)) {
    return io::open_input(path);
  }
  struct Kept {
    std::string text;
    std::string name;
  };
  static std::mutex mutex;
  static std::map<std::string, Kept> kept;
  const std::lock_guard lock(mutex);
  auto found = kept.find(path);
  if (found == kept.end()) {
    const auto source = io::open_input(path);
    std::string text = io::read_all(*source);
    found = kept.emplace(path, Kept{std::move(text), source->name()}).first;
  }
  return io::memory_input(found->second.text, found->second.name);
}

AttributeTable read_attribute_file(const std::string& path) {
  TableOptions options;
  options.path = path;
  OpenedTable table = open_table(open_attributes(path), options);
  return io::read_attributes(*table.input, table.csv);
}

ForecastSources read_forecast_sources(const TableOptions& table, const LogReading& log, const ModelOptions& models) {
  // Standard input can be read once: a second reader would find it empty ("attributes file is
  // empty") or hold the other's data ("not a clv model file").
  std::vector<std::string_view> from_stdin;
  if (table.path.empty() || table.path == "-") {
    from_stdin.emplace_back("FILE");
  }
  for (const auto& [option, path] : {std::pair<std::string_view, const std::string&>{"--model", models.model_path},
                                     {"--spend-model", models.spend_model_path},
                                     {"--attributes", models.attributes_path}}) {
    if (path == "-") {
      from_stdin.emplace_back(option);
    }
  }
  if (from_stdin.size() > 1) {
    throw usage_error(fmt::format("{} and {} would both read standard input, which can be read once: give all but "
                                  "one of them as files",
                                  from_stdin[0], from_stdin[1]));
  }
  ForecastSources sources;
  sources.purchase = read_model(models.model_path, io::ModelRole::purchase, models.unit);
  if (!models.spend_model_path.empty()) {
    sources.spend = read_model(models.spend_model_path, io::ModelRole::spend, std::nullopt);
  }
  sources.input = read_summary_or_log(table, log, models.unit, ModelUnit{sources.purchase.unit, models.model_path});
  SummaryTable& summary = sources.input.summary;
  if (!summary.unit) {
    summary.unit = sources.purchase.unit;
  }
  if (sources.purchase.unit && summary.unit != sources.purchase.unit) {
    throw usage_error(fmt::format("{} is in {}, the model {} in {}", sources.input.source,
                                  time_unit_name(*summary.unit), models.model_path,
                                  time_unit_name(*sources.purchase.unit)));
  }
  if (!models.attributes_path.empty()) {
    sources.attributes = read_attribute_file(models.attributes_path);
  }
  return sources;
}

CustomerForecastOptions customer_forecast_options(const ModelOptions& models, int years, CustomerView view) {
  CustomerForecastOptions forecast;
  forecast.years = years;
  forecast.year_length = models.year_length;
  forecast.service_cost = models.service_cost;
  forecast.margin = models.margin;
  forecast.average_purchase = models.average_purchase;
  forecast.view = view;
  forecast.threads = models.threads;
  return forecast;
}

CustomerSet forecast_source_customers(const ForecastSources& sources, const ModelOptions& models, int years,
                                      CustomerView view) {
  const CustomerForecastOptions forecast = customer_forecast_options(models, years, view);
  CustomerSet set = forecast_customer_set(sources.input.summary, sources.purchase.fit,
                                          sources.spend ? &sources.spend->fit : nullptr,
                                          sources.attributes ? &*sources.attributes : nullptr, forecast);
  set.source = sources.input.source;
  set.kept = sources.input.summary.kept;
  return set;
}

std::vector<AtRiskCustomer> at_risk_customers(const SummaryTable& summary, const io::ModelFile& purchase,
                                              const io::ModelFile* spend, const AtRiskChoice& choice,
                                              std::optional<TimeUnit> unit, const CustomerSet* names) {
  AtRiskOptions selection = choice.selection;
  if (choice.top != 0) {
    selection.top = choice.top;
  }
  AtRiskForecastOptions forecast = choice.forecast;
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

}  // namespace clv::input
