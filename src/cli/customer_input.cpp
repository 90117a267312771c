#include "customer_input.hpp"
#include "option_range.hpp"
#include "discrete_models.hpp"

#include "clv/error.hpp"
#include "clv/io/attributes_reader.hpp"
#include "clv/io/customer_reader.hpp"
#include "clv/io/input.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <cstring>
#include <sys/stat.h>
#include <vector>

namespace clv::cli {

namespace {

// Lines with text in a regular file (an upper bound on its records), so the reader can reserve
// memory once; 0 for anything else (standard input, compressed files, devices like /dev/zero
// that never end, FIFOs that can be read once): the reader then just grows. Blank lines are
// not counted: a file of a few customers and millions of blank lines reserves a few records.
std::size_t count_lines(const std::string& path) {
  const bool gzip = path.size() >= 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
  if (path.empty() || path == "-" || gzip) {
    return 0;
  }
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return 0;  // open_input reports it
  }
  struct stat status {};
  if (fstat(fileno(file), &status) != 0 || !S_ISREG(status.st_mode)) {
    std::fclose(file);
    return 0;
  }
  std::vector<char> buffer(std::size_t{1} << 20);
  std::size_t lines = 1;
  std::size_t got = 0;
  char previous[2] = {'\n', '\n'};  // the last two bytes of the previous block
  while ((got = std::fread(buffer.data(), 1, buffer.size(), file)) > 0) {
    const char* const start = buffer.data();
    const char* const end = start + got;
    const auto byte_before = [&](const char* at, std::size_t back) {
      return at - start >= static_cast<std::ptrdiff_t>(back) ? at[-static_cast<std::ptrdiff_t>(back)]
                                                              : previous[2 - (back - static_cast<std::size_t>(at - start))];
    };
    for (const char* at = start; (at = static_cast<const char*>(std::memchr(at, '\n', end - at))) != nullptr; ++at) {
      const char before = byte_before(at, 1);
      const bool blank = before == '\n' || (before == '\r' && byte_before(at, 2) == '\n');
      lines += blank ? 0 : 1;
    }
    previous[0] = got >= 2 ? end[-2] : previous[1];
    previous[1] = end[-1];
  }
  std::fclose(file);
  return lines;
}

}  // namespace

CustomerSet load_customers(const std::string& path, const DelimiterOptions& delimiter, const ProblemSink* sink) {
  require_input(path);
  const auto source = io::open_input(path);
  io::ReadOptions options;
  options.csv = csv_options(delimiter, path);
  options.expected_records = count_lines(path);
  return io::read_customers(*source, options, sink);
}

void add_customer_source_options(CLI::App& command, CustomerSourceOptions& options,
                                 FormulaOptions formula) {
  command.add_option("-m,--model", options.model_path,
                     "Fitted purchase model (`clv fit --save`): FILE is then a per-customer summary or a "
                     "transaction log, and each customer's years are forecast")
      ->option_text("MODEL.json");
  command.add_option("-s,--spend-model", options.spend_model_path,
                     "With --model: Gamma-Gamma model for the expected average purchase (default: the customer's "
                     "own mean repeat purchase)")
      ->option_text("GG.json");
  command.add_option("--attributes", options.attributes_path,
                     "With --model: CSV of customer_id, acquisition_cost, referred_by, name")
      ->option_text("FILE");
  in_range(command.add_option("--margin", options.margin, "With --model: share of sales that is profit, in (0, 1] (default 1)"),
           margins())
      ->option_text("M");
  if (formula == FormulaOptions::add) {
    in_range(command.add_option("--service-cost", options.service_cost, "With --model: service cost per customer and year"),
             amounts())
        ->option_text("C");
    in_range(command.add_option("--average-purchase", options.average_purchase,
                                "With --model: the same average purchase for every customer instead of a spend model"),
             amounts())
        ->option_text("A");
  }
  in_range(command.add_option("--year-length", options.year_length,
                              "With --model: a year in the model's time units (default 365.25 days, 365.25/7 weeks, 12 months)"),
           numbers_above(0, 1e6))
      ->option_text("L");
  add_summary_input_options(command, options.input, InputPositional::omit);
}

bool has_model(const CustomerSourceOptions& options) noexcept { return !options.model_path.empty(); }

void refuse_model_options_without_model(const CustomerSourceOptions& options) {
  if (has_model(options)) {
    return;
  }
  const CLI::App* command = options.input.command;
  bool model_options = options.input.log.is_log || (command != nullptr && log_options_given(*command));
  for (const char* name : {"--spend-model", "--attributes", "--margin", "--year-length", "--unit", "--service-cost",
                           "--average-purchase"}) {
    model_options = model_options || (command != nullptr && command->count(name) > 0);
  }
  if (model_options) {
    throw usage_error("--spend-model, --attributes, --service-cost, --average-purchase, --margin, --year-length, "
                      "--unit and the log options need --model");
  }
}

ForecastSources load_forecast_sources(const std::string& path, const DelimiterOptions& delimiter,
                                      const CustomerSourceOptions& options) {
  ForecastSources sources;
  sources.purchase = load_model(options.model_path, io::ModelRole::purchase, requested_unit(options.input));
  if (!options.spend_model_path.empty()) {
    sources.spend = load_model(options.spend_model_path, io::ModelRole::spend, std::nullopt);
  }
  SummaryInputOptions input = options.input;
  input.path = path.empty() ? "-" : path;
  input.delimiter = delimiter;
  sources.summary = load_summary(input, sources.purchase.unit);
  if (!sources.summary.unit) {
    sources.summary.unit = sources.purchase.unit;
  }
  if (sources.purchase.unit && sources.summary.unit != sources.purchase.unit) {
    throw usage_error(fmt::format("{} is in {}, the model {} in {}", input.path, time_unit_name(*sources.summary.unit),
                                  options.model_path, time_unit_name(*sources.purchase.unit)));
  }
  if (!options.attributes_path.empty()) {
    sources.attributes = io::read_attributes_file(options.attributes_path, csv_options({}, options.attributes_path));
  }
  sources.source = input.path == "-" ? io::k_stdin_name : input.path;
  return sources;
}

CustomerSet forecast_source_customers(const ForecastSources& sources, const CustomerSourceOptions& options, int years,
                                      CustomerView view) {
  CustomerForecastOptions forecast;
  forecast.years = years;
  forecast.year_length = options.year_length;
  forecast.service_cost = options.service_cost;
  forecast.margin = options.margin;
  forecast.average_purchase = options.average_purchase;
  forecast.view = view;
  CustomerSet set = forecast_customer_set(sources.summary, sources.purchase.fit,
                                          sources.spend ? &sources.spend->fit : nullptr,
                                          sources.attributes ? &*sources.attributes : nullptr, forecast);
  set.source = sources.source;
  return set;
}

CustomerSet load_customer_source(const std::string& path, const DelimiterOptions& delimiter,
                                 const CustomerSourceOptions& options, int years, CustomerView view) {
  if (!has_model(options)) {
    refuse_model_options_without_model(options);
    return load_customers(path, delimiter);
  }
  // BG/BB (discrete_models.cpp): an opportunities file instead of a summary.
  if (auto set = opportunity_customers(path, delimiter,
                                       OpportunityValueOptions{options.model_path, options.spend_model_path,
                                                               options.average_purchase, options.margin,
                                                               options.service_cost, options.year_length},
                                       years, view)) {
    return std::move(*set);
  }
  return forecast_source_customers(load_forecast_sources(path, delimiter, options), options, years, view);
}

}  // namespace clv::cli
