#include "options.hpp"
#include "discrete_models.hpp"
#include "option_range.hpp"
#include "progress.hpp"

#include "clv/error.hpp"
#include "clv/io/number.hpp"
#include "clv/io/table_writer.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <system_error>
#include <limits>

namespace clv::cli {

namespace {

constexpr const char* k_log_only_options[] = {"--date", "--amount", "--no-header", "--input-format",
                                              "--date-format", "--collapse", "--observation-end",
                                              "--calibration-end", "--skip-bad-rows", "--quantity", "--price",
                                              "--returns"};

// "20,30" -> {20, 30}; the option name goes into the message.
std::vector<double> parse_list(const std::string& text, const char* option) {
  std::vector<double> values;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) {
      end = text.size();
    }
    const std::string_view item(text.data() + start, end - start);
    const io::ParsedNumber parsed = io::parse_number(item);
    if (parsed.problem != io::NumberProblem::none) {
      throw usage_error(fmt::format("{}: '{}' {} (expected numbers separated by commas)", option, item,
                                    io::describe(parsed.problem)));
    }
    values.push_back(parsed.value);
    start = end + 1;
  }
  return values;
}

std::optional<char> delimiter_of(const TableArguments& table) {
  if (table.tabs || table.delimiter == "\\t") {
    return '\t';
  }
  if (table.delimiter.empty()) {
    return std::nullopt;
  }
  if (table.delimiter.size() != 1 || table.delimiter == "\"" || table.delimiter == "\n") {
    throw usage_error(fmt::format("--delimiter takes one character other than a quote or newline, not '{}'",
                                  table.delimiter));
  }
  return table.delimiter[0];
}

}  // namespace

void add_output_options(CLI::App& command, OutputOptions& options) {
  CLI::Option* format =
      command
          .add_option("-f,--format", options.format,
                      "Output format: table, csv, tsv, json or markdown (default: from the -o FILE's extension "
                      ".csv, .tsv, .json, .md; otherwise table)")
          ->default_val("table")
          ->check(CLI::IsMember({"table", "csv", "tsv", "json", "markdown", "md"}));
  command.add_option("-o,--output", options.path, "Write to FILE (atomically) instead of standard output; a name ending in .gz is compressed")
      ->option_text("FILE")
      ->each([&options, format](const std::string& path) {
        // Without --format, `-o summary.csv` means CSV.
        if (format->count() == 0) {
          if (const auto by_name = io::output_format_for_file(path)) {
            options.format = std::string(io::output_format_name(*by_name));
          }
        }
      });
}

void add_table_options(CLI::App& command, TableArguments& table, KeepOption keep) {
  command.add_option("-d,--delimiter", table.delimiter,
                     "Field delimiter of the input (one character; default: from the header, one of , ; tab |)")
      ->option_text("CHAR");
  command.add_flag("-t,--tabs", table.tabs, "Input is tab-separated (same as -d '\\t')");
  command.add_flag("--decimal-comma", table.decimal_comma,
                   "Numbers in the input have a decimal comma and may group thousands with dots: 85,50 and "
                   "1.200,00 (usually with -d ';')");
  command.add_option("--column", table.columns,
                     "Read FIELD from the column HEADER (a name, or a 1-based position); repeatable. Usual "
                     "spellings need no mapping (docs/formats.md)")
      ->option_text("FIELD=HEADER")
      ->allow_extra_args(false);
  command.add_option("--id", table.id_column, "Customer id column: name or 1-based position (--column customer_id=...)")
      ->option_text("COLUMN");
  if (keep == KeepOption::add) {
    command.add_option("--keep", table.keep, "Copy these columns of FILE into every output row")
        ->option_text("COL[,COL...]")
        ->delimiter(',')
        ->allow_extra_args(false);
  }
}

void add_log_options(CLI::App& command, LogArguments& options, LogFlag flag) {
  options.command = &command;
  // In a command whose input may be a summary, say which options are for logs only.
  const std::string lower = flag == LogFlag::present ? "Log: " : "";
  if (flag == LogFlag::present) {
    command.add_flag("--log", options.is_log,
                     "The input is a transaction log (one row per purchase), summarised in memory as `clv rfm` "
                     "does; implied by any log option below or by a date column without a frequency one");
  }
  command.add_option("--date", options.date_column, lower + "Purchase date column: name or position (--column date=...)")
      ->option_text("COLUMN");
  command.add_option("--amount", options.amount_column,
                     lower + "Amount column: name or position (default: an 'amount' column if present, else no amounts)")
      ->option_text("COLUMN");
  command.add_flag("--no-header", options.no_header, lower + "The log has no header line (choose columns by position)");
  command.add_option("--input-format", options.input_format, lower + "auto (from the first line), csv, tsv, whitespace or jsonl")
      ->default_val("auto")
      ->check(CLI::IsMember({"auto", "csv", "tsv", "whitespace", "jsonl"}));
  command.add_option("--date-format", options.date_format,
                     lower + "Date layout, e.g. '%d/%m/%Y' (%Y %m %d %H %M %S %%); default: ISO 8601 or YYYYMMDD")
      ->option_text("FORMAT");
  command.add_option("--collapse", options.collapse,
                     lower + "Purchases that count once: same day (default), or same calendar unit period "
                     "(times then in whole periods)")
      ->default_val("day")
      ->check(CLI::IsMember({"day", "unit"}));
  command.add_option("--observation-end", options.observation_end,
                     lower + "End of observation (YYYY-MM-DD); later purchases are left out with a warning. "
                     "Default: the last date in the log")
      ->option_text("DATE");
  command.add_option("--calibration-end", options.calibration_end,
                     lower + "Split at DATE: calibration summary (*_cal) for customers who bought by then, and "
                     "holdout figures after it")
      ->option_text("DATE");
  command.add_flag("--skip-bad-rows", options.skip_bad_rows,
                   lower + "Leave out rows with a bad date, amount or missing field, or without a customer id "
                   "(counted on stderr) instead of stopping");
  // Order exports: amounts from quantity x unit price, and what refunds do.
  command.add_option("--quantity", options.quantity_column,
                     lower + "Quantity column of an order export: the amount is quantity x --price (name or position)")
      ->option_text("COLUMN");
  command.add_option("--price", options.price_column, lower + "Unit price column, with --quantity")
      ->option_text("COLUMN");
  command.add_option("--returns", options.returns,
                     lower + "Negative amounts (refunds, cancellations): net (default; summed with the customer's "
                     "other amounts of the same period, and a period whose net is 0 or less is no purchase) or "
                     "error (a bad row)")
      ->default_val("net")
      ->check(CLI::IsMember({"net", "error"}));
}

bool log_options_given(const LogArguments& log) {
  if (log.is_log) {
    return true;
  }
  if (log.command == nullptr) {
    return false;
  }
  for (const char* name : k_log_only_options) {
    if (log.command->count(name) > 0) {
      return true;
    }
  }
  return false;
}

void add_summary_file_options(CLI::App& command, TableArguments& table, LogArguments& log, std::string& unit,
                              KeepOption keep, UnitChoice units) {
  command.add_option("SUMMARY", table.path,
                     "Per-customer summary (customer_id, frequency, recency, T [, monetary_value, count]) or a "
                     "transaction log (see --log); '-' or none for standard input")
      ->option_text("FILE");
  add_table_options(command, table, keep);
  add_unit_option(command, unit,
                  units == UnitChoice::opportunities
                      ? "Time unit of the summary's recency and T, or the unit to summarise a log in (default: "
                        "days): days, weeks or months; or years, for BG/BB opportunities cut from a log"
                      : "Time unit of the summary's recency and T, or the unit to summarise a log in (default: the "
                        "model's, else days): days, weeks or months",
                  units);
  add_log_options(command, log, LogFlag::present);
}

void add_unit_option(CLI::App& command, std::string& unit, const char* description, UnitChoice units) {
  // Only the units the library can summarise in (clv/summary.hpp's TimeUnit); years is a BG/BB
  // opportunity's length, never a summary's unit.
  command.add_option("-u,--unit", unit, description)
      ->check(units == UnitChoice::opportunities
                  ? CLI::IsMember({"days", "weeks", "months", "day", "week", "month", "years", "year"})
                  : CLI::IsMember({"days", "weeks", "months", "day", "week", "month"}));
}

std::optional<TimeUnit> requested_unit(const std::string& unit) {
  if (unit.empty()) {
    return std::nullopt;
  }
  const auto parsed = parse_time_unit(unit);
  if (!parsed) {
    throw usage_error(fmt::format("--unit {} is only for cutting a log into BG/BB opportunities (--model bgbb)", unit));
  }
  return parsed;
}

input::TableOptions table_options(const TableArguments& table, const LogArguments* log) {
  input::TableOptions options;
  options.path = table.path.empty() ? "-" : table.path;
  options.delimiter = delimiter_of(table);
  for (const std::string& text : table.columns) {
    options.columns.mappings.push_back(io::ColumnMapping::parse(text));
  }
  const auto shorthand = [&](const std::string& value, const char* field) {
    if (!value.empty()) {
      options.columns.mappings.push_back(io::ColumnMapping::parse(std::string(field) + "=" + value));
    }
  };
  shorthand(table.id_column, "customer_id");
  if (log != nullptr) {
    shorthand(log->date_column, "date");
    shorthand(log->amount_column, "amount");
  }
  options.columns.keep = table.keep;
  options.decimal = table.decimal_comma ? io::DecimalMark::comma : io::DecimalMark::point;
  options.columns.check();
  return options;
}

input::LogReading log_reading(const LogArguments& command) {
  input::LogReading reading;
  reading.is_log = log_options_given(command);
  RfmOptions& options = reading.rfm;
  options.progress = terminal_progress();
  io::TransactionLogOptions& log = options.log;
  if (!command.quantity_column.empty()) {
    log.quantity_column = io::ColumnChoice::parse(command.quantity_column);
  }
  if (!command.price_column.empty()) {
    log.price_column = io::ColumnChoice::parse(command.price_column);
  }
  log.returns = command.returns == "error" ? io::Returns::error : io::Returns::net;
  log.header = command.no_header ? io::HeaderMode::absent : io::HeaderMode::present;
  log.date_format = command.date_format;
  log.bad_rows = command.skip_bad_rows ? io::BadRows::skip : io::BadRows::fail;
  if (command.input_format == "csv") {
    log.format = io::LogFormat::delimited;
    log.delimiter = ',';
  } else if (command.input_format == "tsv") {
    log.format = io::LogFormat::delimited;
    log.delimiter = '\t';
  } else if (command.input_format == "whitespace") {
    log.format = io::LogFormat::whitespace;
  } else if (command.input_format == "jsonl") {
    log.format = io::LogFormat::json_lines;
  }
  options.collapse = command.collapse == "unit" ? Collapse::unit : Collapse::day;
  if (!command.observation_end.empty()) {
    options.observation_end = io::parse_day_option(command.observation_end, "--observation-end");
  }
  if (!command.calibration_end.empty()) {
    options.calibration_end = io::parse_day_option(command.calibration_end, "--calibration-end");
  }
  return reading;
}

void add_model_options(CLI::App& command, ModelArguments& models, ModelRequired required, ForecastInputs forecast,
                       FormulaOptions formula) {
  models.command = &command;
  input::ModelOptions& options = models.options;
  auto* model = command.add_option("-m,--model", options.model_path,
                                    required == ModelRequired::yes
                                        ? "Purchase model file from `clv fit --save` (bgnbd, pnbd, mbgnbd)"
                                        : "Fitted purchase model (`clv fit --save`): FILE is then a per-customer "
                                          "summary or a transaction log, and each customer's years are forecast")
                    ->option_text("MODEL.json");
  if (required == ModelRequired::yes) {
    model->required();
  }
  command.add_option("-s,--spend-model", options.spend_model_path,
                     "Gamma-Gamma model file for the expected average purchase (default: each customer's "
                     "monetary_value)")
      ->option_text("GG.json");
  in_range(command.add_option("--margin", options.margin, "Share of sales that is profit, in (0, 1] (default 1)"),
           margins())
      ->option_text("M");
  if (forecast == ForecastInputs::omit) {
    return;
  }
  command.add_option("--attributes", options.attributes_path,
                     "With --model: CSV of customer_id, acquisition_cost, referred_by, name")
      ->option_text("FILE");
  if (formula == FormulaOptions::add) {
    in_range(command.add_option("--service-cost", options.service_cost,
                                "With --model: service cost per customer and year"),
             amounts())
        ->option_text("C");
    in_range(command.add_option("--average-purchase", options.average_purchase,
                                "With --model: the same average purchase for every customer instead of a spend model"),
             amounts())
        ->option_text("A");
  }
  in_range(command.add_option("--year-length", options.year_length,
                              "With --model: a year in the model's time units (default 365.25 days, 365.25/7 weeks, "
                              "12 months)"),
           numbers_above(0, 1e6))
      ->option_text("L");
  add_threads_option(command, options.threads);
  add_quiet_option(command, models.quiet);
}

bool has_model(const ModelArguments& models) noexcept { return !models.options.model_path.empty(); }

void refuse_model_options_without_model(const ModelArguments& models, const LogArguments& log,
                                        const std::string& unit) {
  if (has_model(models)) {
    return;
  }
  const CLI::App* command = models.command;
  bool model_options = log_options_given(log) || !unit.empty();
  for (const char* name : {"--spend-model", "--attributes", "--margin", "--year-length", "--service-cost",
                           "--average-purchase"}) {
    model_options = model_options || (command != nullptr && command->count(name) > 0);
  }
  if (model_options) {
    throw usage_error("--spend-model, --attributes, --service-cost, --average-purchase, --margin, --year-length, "
                      "--unit and the log options need --model");
  }
}

void refuse_options_the_model_ignores(const ModelArguments& models, const LogArguments& log, const std::string& unit) {
  if (!has_model(models)) {
    return;
  }
  const models::ModelKind kind = input::model_file(models.options.model_path).fit.kind;
  if (kind != models::ModelKind::sbg && kind != models::ModelKind::bg_bb) {
    return;
  }
  std::vector<std::string> ignored;
  if (kind == models::ModelKind::sbg && models.command != nullptr) {
    for (const char* name : {"--spend-model", "--average-purchase", "--year-length"}) {
      if (models.command->count(name) > 0) {
        ignored.emplace_back(name);
      }
    }
  }
  refuse_unit_and_log_options(
      unit, log, std::move(ignored),
      fmt::format("not used with {} {}, whose FILE is {}",
                  kind == models::ModelKind::sbg ? "the sBG model" : "the BG/BB model", models.options.model_path,
                  kind == models::ModelKind::sbg
                      ? "contracts (customer_id,tenure,churned) valued with --revenue per period"
                      : "opportunities (customer_id,frequency,recency,periods)"));
}

void refuse_unit_and_log_options(const std::string& unit, const LogArguments& log, std::vector<std::string> extra,
                                 std::string_view why) {
  std::vector<std::string> given;
  if (!unit.empty()) {
    given.emplace_back("--unit");
  }
  if (log_options_given(log)) {
    given.emplace_back("the log options");
  }
  given.insert(given.end(), extra.begin(), extra.end());
  if (!given.empty()) {
    throw usage_error(fmt::format("{}: {}", fmt::join(given, ", "), why));
  }
}

void refuse_chart_options_without_chart(bool chart, bool ascii, std::size_t width) {
  if (!chart && (ascii || width != 0)) {
    throw usage_error(fmt::format("{} shapes the --chart, which was not asked for: add --chart or leave it out",
                                  ascii ? "--ascii" : "--width"));
  }
}

void add_at_risk_options(CLI::App& command, input::AtRiskChoice& choice) {
  in_range(command.add_option("-H,--horizon", choice.forecast.horizon,
                              "Horizon of the value if alive, in the model's time units (default 52)"),
           numbers_above(0, 1e6))
      ->option_text("H")
      ->default_str("52");
  in_range(command.add_option("--threshold", choice.selection.alive_threshold,
                              "At risk: P(alive) below this (default 0.5)"),
           numbers_above(0, 1))
      ->option_text("P");
  in_range(command.add_option("--min-value", choice.selection.minimum_value_at_stake,
                              "At risk: value at stake at least this (default 0)"),
           numbers(-1e15, 1e15))
      ->option_text("V");
}

void add_threads_option(CLI::App& command, unsigned& threads) {
  in_range(command.add_option("-j,--threads", threads, "Threads (default: one per core)"), thread_counts())
      ->option_text("N");
}

void add_discount_rate_option(CLI::App& command, double& rate, const std::string& description) {
  in_range(command.add_option("--discount-rate", rate,
                              fmt::format("{}; {} to {}", description, k_min_discount_rate, k_max_discount_rate)),
           discount_rates())
      ->option_text("D");
}

void add_discount_rate_option(CLI::App& command, std::optional<double>& rate, const std::string& description) {
  in_range(command.add_option("--discount-rate", rate,
                              fmt::format("{}; {} to {}", description, k_min_discount_rate, k_max_discount_rate)),
           discount_rates())
      ->option_text("D");
}

void add_top_option(CLI::App& command, std::size_t& top, const char* description) {
  in_range(command.add_option("--top", top, description), top_counts())->option_text("N");
}

void add_top_option(CLI::App& command, std::optional<std::size_t>& top, const char* description) {
  in_range(command.add_option("--top", top, description), top_counts())->option_text("N");
}

namespace {

// --seed is an unsigned 64-bit number, written in decimal digits: "-1" would wrap round and a
// number past 2^64 - 1 would be clamped, both silently another seed than the one typed.
std::string seed_problem(const std::string& text) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos && error == std::errc() &&
      stop == end) {
    return {};
  }
  return fmt::format("must be a whole number from 0 to {}, not '{}'", std::numeric_limits<std::uint64_t>::max(), text);
}

}  // namespace

void add_interval_options(CLI::App& command, IntervalArguments& interval) {
  interval.command = &command;
  command.add_option("--interval", interval.level,
                     "Add <column>_lower and <column>_upper: the central LEVEL share (e.g. 0.9) of the forecasts "
                     "over parameters drawn from the fit's uncertainty (parametric bootstrap)")
      ->option_text("LEVEL");
  in_range(command.add_option("--draws", interval.draws,
                              fmt::format("Parameter draws for --interval (default 1000, at most {})", k_max_draws)),
           whole_numbers(2, k_max_draws))
      ->option_text("N");
  command.add_option("--bootstrap", interval.bootstrap,
                     "With --interval: refit the models to N resamples of the customers instead of drawing "
                     "parameters from the normal approximation")
      ->check(CLI::Range(2, 100000))
      ->option_text("N");
  command.add_option("--seed", interval.seed,
                     "Random seed for --interval: same seed, same output (a whole number from 0 to "
                     "18446744073709551615, default 1)")
      ->check(CLI::Validator(seed_problem, ""))
      ->option_text("S");
}

void check_interval_options(const IntervalArguments& interval, bool has_model) {
  if (!interval.level) {
    if (interval.bootstrap) {
      throw usage_error("--bootstrap needs --interval LEVEL (e.g. --interval 0.9)");
    }
    for (const char* option : {"--draws", "--seed"}) {
      if (interval.command != nullptr && interval.command->count(option) > 0) {
        throw usage_error(fmt::format("{} needs --interval LEVEL (e.g. --interval 0.9)", option));
      }
    }
    return;
  }
  if (!has_model) {
    throw usage_error("--interval needs a fitted model (--model): intervals cover the uncertainty of its parameters");
  }
  if (!(*interval.level > 0.0 && *interval.level < 1.0)) {
    throw usage_error(fmt::format("--interval must be a level between 0 and 1 (e.g. 0.9), not {}", *interval.level));
  }
  if (interval.bootstrap && interval.command != nullptr && interval.command->count("--draws") > 0) {
    // The refits are the draws: --bootstrap N sets their number.
    throw usage_error("--draws counts the normal draws; with --bootstrap N the N refits are the draws: drop --draws");
  }
}

ParameterDraws interval_draws(const IntervalArguments& interval, const io::ModelFile& purchase,
                              const io::ModelFile* spend, const SummaryTable& summary, unsigned threads,
                              const input::ModelOptions& paths) {
  if (interval.bootstrap) {
    BootstrapOptions bootstrap;
    bootstrap.level = *interval.level;
    bootstrap.replicates = *interval.bootstrap;
    bootstrap.seed = interval.seed;
    bootstrap.fit.penalizer = purchase.penalizer;
    bootstrap.fit.penalty_scale = purchase.penalty_scale;
    bootstrap.fit.threads = threads;
    return bootstrap_parameter_draws(purchase.fit, spend != nullptr ? &spend->fit : nullptr, summary, bootstrap);
  }
  naming_file(paths.model_path, [&] { (void)draw_parameters(purchase.fit, 1, 0); });
  if (spend != nullptr) {
    naming_file(paths.spend_model_path, [&] { (void)draw_parameters(spend->fit, 1, 0); });
  }
  IntervalOptions options;
  options.level = *interval.level;
  options.draws = interval.draws;
  options.seed = interval.seed;
  return normal_parameter_draws(purchase.fit, spend != nullptr ? &spend->fit : nullptr, options);
}

void add_quiet_option(CLI::App& command, bool& quiet) {
  command.add_flag("-q,--quiet", quiet, "No warnings or progress on stderr");
}

RankOptions make_rank_options(const std::string& tiers, const std::string& thresholds, double step) {
  if (!tiers.empty() && !thresholds.empty()) {
    throw usage_error("--tiers and --thresholds exclude each other");
  }
  RankOptions rank_options;
  rank_options.curve_step_percent = step;
  if (!tiers.empty()) {
    rank_options.tiers.shares_percent = parse_list(tiers, "--tiers");
  }
  if (!thresholds.empty()) {
    rank_options.tiers.rule = TierRule::threshold;
    rank_options.tiers.thresholds = parse_list(thresholds, "--thresholds");
  }
  check_rank_options(rank_options);  // before reading a large file
  return rank_options;
}

io::CsvOptions csv_options(const TableArguments& table, const std::string& path) {
  io::CsvOptions csv;
  csv.decimal = table.decimal_comma ? io::DecimalMark::comma : io::DecimalMark::point;
  const bool tsv_name = path.size() >= 4 && path.compare(path.size() - 4, 4, ".tsv") == 0;
  if (const auto delimiter = delimiter_of(table)) {
    csv.delimiter = *delimiter;
  } else if (tsv_name) {
    csv.delimiter = '\t';
  }
  return csv;
}

bool input_is_log(const TableArguments& table, const LogArguments& log) {
  if (log_options_given(log)) {
    return true;
  }
  if (table.path.empty() || table.path == "-") {
    return false;  // standard input is read once: a log there needs --log
  }
  return input::open_table(table_options(table, &log)).kind == input::TableKind::transaction_log;
}

namespace {

std::string& remembered_command_line() {
  static std::string line;
  return line;
}

}  // namespace

void remember_command_line(int argc, char** argv) {
  std::string line = "clv";
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const bool plain = !arg.empty() && arg.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                                             "0123456789-_./:=,+@%") == std::string_view::npos;
    line += ' ';
    if (plain) {
      line += arg;
      continue;
    }
    line += '\'';
    for (const char c : arg) {
      line += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    line += '\'';
  }
  remembered_command_line() = std::move(line);
}

const std::string& command_line() { return remembered_command_line(); }

void require_input(const std::string& path) {
  if ((path.empty() || path == "-") && isatty(STDIN_FILENO) != 0) {
    throw usage_error("no input: give a FILE, or pipe data to standard input (see --help)");
  }
}

void naming_input(const std::string& path, const std::function<void()>& run) {
  naming_file(path.empty() || path == "-" ? io::k_stdin_name : path, run);
}

void warn_about_log(const RfmReport& report, const std::string& input) {
  const std::string name = input.empty() || input == "-" ? io::k_stdin_name : input;
  if (report.rows_skipped > 0) {
    std::fprintf(stderr, "clv: warning: %s: left out %s bad row%s (--skip-bad-rows), e.g.:\n", name.c_str(),
                 io::format_grouped(static_cast<double>(report.rows_skipped), 0).c_str(),
                 report.rows_skipped == 1 ? "" : "s");
    for (const Error& example : report.skipped_examples) {
      std::fprintf(stderr, "clv: warning:   %s\n", example.describe().c_str());
    }
  }
  if (report.customers_without_purchase > 0) {
    std::fprintf(stderr, "clv: warning: %s: left out %s customer%s whose purchases were all refunded (net 0 or less)\n",
                 name.c_str(), io::format_grouped(static_cast<double>(report.customers_without_purchase), 0).c_str(),
                 report.customers_without_purchase == 1 ? "" : "s");
  }
  if (report.rows_after_observation_end > 0) {
    std::fprintf(stderr, "clv: warning: %s: left out %s purchase%s after the observation end\n", name.c_str(),
                 io::format_grouped(static_cast<double>(report.rows_after_observation_end), 0).c_str(),
                 report.rows_after_observation_end == 1 ? "" : "s");
  }
}

SummaryTable read_summary_input(const TableArguments& table, const LogArguments& log, std::optional<TimeUnit> unit,
                                const std::optional<input::ModelUnit>& model, bool quiet) {
  require_input(table.path);
  input::SummaryInput read = input::read_summary_or_log(table_options(table, &log), log_reading(log), unit, model);
  if (read.log && !quiet) {
    warn_about_log(*read.log, read.source);
  }
  return std::move(read.summary);
}

CustomerSet read_customers_input(const TableArguments& table, const LogArguments& log, const ModelArguments& models,
                                 const std::string& unit, int years, CustomerView view,
                                 const IntervalArguments* interval, ReferralDepth depth,
                                 std::optional<ValueIntervals>* intervals,
                                 std::optional<ProjectionIntervals>* projection_bounds) {
  const bool bounds = interval != nullptr && interval->level && (intervals != nullptr || projection_bounds != nullptr);
  require_input(table.path);
  if (!has_model(models)) {
    refuse_model_options_without_model(models, log, unit);
    return input::read_customer_records(table_options(table, &log));
  }
  input::ModelOptions options = models.options;
  // BG/BB (discrete_models.cpp): an opportunities file instead of a summary.
  if (auto set = opportunity_customers(table.path, table,
                                       OpportunityValueOptions{options.model_path, options.spend_model_path,
                                                               options.average_purchase, options.margin,
                                                               options.service_cost, options.year_length,
                                                               options.attributes_path},
                                       years, view)) {
    if (bounds) {
      throw usage_error("--interval is for the bgnbd, pnbd and mbgnbd models, not BG/BB");
    }
    return std::move(*set);
  }
  options.unit = requested_unit(unit);
  const input::ForecastSources sources =
      input::read_forecast_sources(table_options(table, &log), log_reading(log), options);
  if (sources.input.log && !models.quiet) {
    warn_about_log(*sources.input.log, sources.input.source);
  }
  CustomerSet set = input::forecast_source_customers(sources, options, years, view);
  if (bounds) {
    const CustomerForecastOptions forecast = input::customer_forecast_options(options, years, view);
    const ParameterDraws draws = interval_draws(*interval, sources.purchase, sources.spend ? &*sources.spend : nullptr,
                                                sources.input.summary, forecast.threads, options);
    if (intervals != nullptr) {
      *intervals = value_intervals(set, sources.input.summary, sources.purchase.fit,
                                   sources.spend ? &sources.spend->fit : nullptr, forecast, depth, draws,
                                   *interval->level);
    } else {
      *projection_bounds = projection_intervals(set, sources.input.summary, sources.purchase.fit,
                                                sources.spend ? &sources.spend->fit : nullptr, forecast, depth, draws,
                                                *interval->level);
    }
  }
  return set;
}

void insert_interval_bounds(std::vector<io::SummaryItem>& items, const std::string& key, const Bounds& bounds,
                            double level) {
  const auto at =
      std::find_if(items.begin(), items.end(), [&](const io::SummaryItem& item) { return item.key == key; });
  if (at == items.end()) {
    return;
  }
  const std::string label = at->label + " (" + io::format_plain(100.0 * level, 2) + " % interval, ";
  const int decimals = at->decimals;
  const auto lower = items.insert(at + 1, {key + "_lower", label + "lower)", bounds.lower, decimals});
  items.insert(lower + 1, {key + "_upper", label + "upper)", bounds.upper, decimals});
}

void add_kept_columns(std::vector<io::Column>& columns, const KeptColumns& kept) {
  for (const std::string& name : kept.names) {
    columns.push_back(io::Column{name, io::ColumnType::text, 0});
  }
}

void add_kept_cells(std::vector<io::Cell>& cells, const KeptColumns& kept, std::size_t customer) {
  for (std::size_t column = 0; column < kept.names.size(); ++column) {
    cells.emplace_back(kept.value(customer, column));
  }
}

}  // namespace clv::cli
