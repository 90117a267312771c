// `clv segment`: value per segment (acquisition channel, campaign, region, cohort) with LTV:CAC,
// payback year and, with a model, the customers at risk. The numbers come from clv/segment.hpp,
// the layout from clv/io/segment_writer.hpp and clv/io/terminal_chart.hpp.
#include "commands.hpp"
#include "discrete_models.hpp"
#include "options.hpp"
#include "segment_input.hpp"

#include "clv/error.hpp"
#include "clv/io/segment_writer.hpp"
#include "clv/io/terminal.hpp"
#include "clv/io/terminal_chart.hpp"
#include "clv/segment.hpp"
#include "clv/value_intervals.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

namespace clv::cli {

namespace {

struct SegmentCommandOptions {
  TableArguments table;
  LogArguments log;
  std::string unit;
  OutputOptions output;
  std::string by;
  int years = 5;
  std::string referrals = "all";
  std::optional<std::size_t> top;
  ModelArguments models;
  input::AtRiskChoice at_risk;  // --horizon, --threshold, --min-value
  IntervalArguments interval;   // --interval: bounds of total_value and mean_value with --model
  ContractValueOptions contract;  // --revenue ...: with an sBG model (discrete_models.hpp)
  bool chart = false;
  bool ascii = false;
  std::size_t width = 0;  // 0: the terminal's (80 when not a terminal)
  const CLI::App* command = nullptr;
};

void run_segment(const SegmentCommandOptions& options) {
  const io::OutputFormat format = io::parse_output_format(options.output.format);
  refuse_chart_options_without_chart(options.chart, options.ascii, options.width);
  if (options.chart && format != io::OutputFormat::table) {
    throw usage_error("--chart draws text for people; it cannot be combined with --format other than table");
  }
  if (options.years < 1 || options.years > 1000) {
    throw usage_error("--years must be between 1 and 1000");
  }
  if (!has_model(options.models)) {
    for (const char* name : {"--horizon", "--threshold", "--min-value"}) {
      if (options.command != nullptr && options.command->count(name) > 0) {
        throw usage_error(fmt::format("{} is for the at-risk columns, which need --model", name));
      }
    }
  }
  check_interval_options(options.interval, has_model(options.models));
  refuse_options_the_model_ignores(options.models, options.log, options.unit);
  (void)contract_options(options.contract, options.models);  // refuses --revenue ... without an sBG model
  // sBG and BG/BB: no parameter draws, and no at-risk columns (docs/segment.md).
  if (const std::optional<std::string> discrete = discrete_model_name(options.models)) {
    if (options.interval.level) {
      throw usage_error(fmt::format("--interval is for the bgnbd, pnbd and mbgnbd models, not {}", *discrete));
    }
    for (const char* name : {"--horizon", "--threshold", "--min-value"}) {
      if (options.command != nullptr && options.command->count(name) > 0) {
        throw usage_error(fmt::format("{} is for the at-risk columns, which need a continuous-time purchase model "
                                      "(bgnbd, pnbd, mbgnbd), not {} model",
                                      name, *discrete == "sBG" ? "an sBG" : "a BG/BB"));
      }
    }
  }
  const SegmentBy by = parse_segment_by(options.by);
  SegmentOptions segment_options;
  segment_options.years = options.years;
  segment_options.depth = parse_referral_depth(options.referrals);
  segment_options.top = options.top;
  segment_options.at_risk = options.at_risk.selection;
  // Ledgers, so that every customer has its yearly table for the payback year.
  // sBG and BG/BB customers are valued as formula customers (as `clv value`) with ledgers beside.
  const SegmentedCustomers customers =
      load_segmented_customers(options.table, options.log, options.models, options.unit, options.years,
                               CustomerView::ledger, by, {options.contract, DiscreteValues::as_value_command});
  const std::vector<SegmentRiskInput> risk =
      customers.sources ? segment_risk_inputs(*customers.sources, options.at_risk, options.models.options)
                        : std::vector<SegmentRiskInput>{};
  SegmentTable table = segment_customers(customers.valued ? *customers.valued : customers.set, customers.keys, risk,
                                         segment_options, customers.valued ? &customers.set : nullptr);
  const bool with_bounds = options.interval.level && customers.sources;
  if (with_bounds) {
    // The same customers as formula customers: each one's value recomputed per parameter draw.
    const input::ForecastSources& sources = *customers.sources;
    input::ModelOptions model_options = options.models.options;
    model_options.unit = requested_unit(options.unit);
    const CustomerSet formula = input::forecast_source_customers(sources, model_options, options.years,
                                                                 CustomerView::formula);
    const CustomerForecastOptions forecast =
        input::customer_forecast_options(model_options, options.years, CustomerView::formula);
    const ParameterDraws draws = interval_draws(options.interval, sources.purchase,
                                                sources.spend ? &*sources.spend : nullptr, sources.input.summary,
                                                forecast.threads, model_options);
    const SegmentIndex index = index_segments(customers.keys);
    const SegmentValueIntervals bounds = segment_value_intervals(
        formula, sources.input.summary, sources.purchase.fit, sources.spend ? &sources.spend->fit : nullptr, forecast,
        draws, *options.interval.level, index.of, index.names.size());
    set_segment_value_bounds(table, index.names, bounds.total_value, bounds.mean_value, bounds.all_total_value,
                             bounds.all_mean_value);
  }

  io::Output output(options.output.path);
  io::write_segments(format, output, table, {by.text, customers.set.currency, !risk.empty(), with_bounds});
  if (options.chart) {
    io::ChartStyle style;
    style.width = options.width != 0 ? options.width
                                     : (output.is_terminal() ? io::terminal_width(STDOUT_FILENO) : std::size_t{80});
    style.glyphs = options.ascii ? io::Glyphs::ascii : io::glyphs_allowed();
    style.colour = output.is_terminal() && io::colour_allowed(STDOUT_FILENO) ? io::Colour::on : io::Colour::off;
    std::vector<std::string> labels;
    std::vector<double> values;
    std::vector<std::optional<double>> ratios;
    std::vector<std::optional<Bounds>> bounds;  // with --interval
    for (const SegmentResult& segment : table.segments) {
      labels.push_back(segment.segment);
      values.push_back(segment.total_value);
      ratios.push_back(segment.ltv_to_cac);
      bounds.push_back(segment.total_value_bounds);
    }
    output.write("\n");
    output.write(io::render_segment_chart(labels, values, ratios, bounds, style));
  }
  output.commit();
}

}  // namespace

void add_segment_command(CLI::App& app, const char* name, const char* summary) {
  auto options = std::make_shared<SegmentCommandOptions>();
  CLI::App* command = app.add_subcommand(name, summary);
  options->command = command;
  command->footer(
      "Groups customers by a column of their records (or, with --model, of --attributes), or by the\n"
      "period of their first purchase, and gives per segment its value (each sale counted once),\n"
      "share, mean and median, mean acquisition cost, LTV:CAC, payback year and referral income;\n"
      "with --model also mean P(alive), customers at risk and value at stake, and with --interval\n"
      "the bounds of each segment's total and mean value. With an sBG model FILE is contracts\n"
      "(customer_id,tenure,churned) valued with --revenue, with BG/BB opportunities valued with\n"
      "--average-purchase or --spend-model, as clv value values them (no at-risk columns, cohorts or\n"
      "--interval). See docs/segment.md.\n"
      "Examples:\n"
      "  clv segment examples/channels.csv --by channel\n"
      "  clv segment examples/transactions.csv --model examples/transactions-bgnbd.json \\\n"
      "      --attributes examples/attributes-channels.csv --by channel --chart\n"
      "  clv segment examples/contracts.csv --model examples/retention-sbg.json --revenue 100 \\\n"
      "      --discount-rate 0.1 --attributes examples/contracts-channels.csv --by channel");
  command->add_option("FILE", options->table.path,
                      "Customers (CSV; '-' or none: standard input); with --model a per-customer summary or a "
                      "transaction log (sBG: contracts; BG/BB: opportunities)");
  add_table_options(*command, options->table, KeepOption::omit);
  add_output_options(*command, options->output);
  command->add_option("--by", options->by,
                      "COLUMN[,COLUMN] to group by, or cohort:month|quarter|year (first purchase, or an 'acquired' "
                      "date column)")
      ->option_text("SPEC")
      ->required();
  command->add_option("--years", options->years,
                      "Years of the yearly tables for the payback year; with --model, years forecast (default 5)")
      ->option_text("N");
  command->add_option("--referrals", options->referrals,
                      "Referral income from everyone below a customer (all, default) or direct referrals only");
  add_top_option(*command, options->top,
                 "Only the best N segments (the total covers everyone); needed above 10,000 segments");
  add_model_options(*command, options->models, ModelRequired::no, ForecastInputs::add);
  add_unit_option(*command, options->unit,
                  "With --model: time unit of the summary, or to summarise a log in (default: the model's)");
  add_log_options(*command, options->log, LogFlag::present);
  add_at_risk_options(*command, options->at_risk);
  add_interval_options(*command, options->interval);
  add_contract_options(*command, options->contract);
  command->add_flag("--chart", options->chart, "After the table, bars of value per segment with LTV:CAC beside (with --interval, each bar's "
                    "interval under it)");
  command->add_flag("--ascii", options->ascii, "Draw the chart with ASCII characters only");
  command->add_option("--width", options->width, "Chart width in columns (default: the terminal's, or 80)")
      ->option_text("N");
  command->callback([options] { naming_input(options->table.path, [&] { run_segment(*options); }); });
}

}  // namespace clv::cli
