// `clv rank`: customers ranked by value, with deciles, tiers, the portfolio summary and the whale
// curve. Input: the customer files of `clv value` (values computed by the same library calls), or
// with --values a CSV of precomputed values (id,value[,name,acquisition_cost,referral_income]).
#include "commands.hpp"
#include "discrete_models.hpp"
#include "option_range.hpp"
#include "options.hpp"

#include "clv/error.hpp"
#include "clv/io/input.hpp"
#include "clv/io/number.hpp"
#include "clv/io/rank_reader.hpp"
#include "clv/io/terminal.hpp"
#include "clv/io/terminal_chart.hpp"
#include "clv/portfolio.hpp"
#include "clv/rank.hpp"
#include "clv/referral.hpp"
#include "clv/valued_customers.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <memory>
#include <string_view>
#include <unordered_map>
#include <optional>
#include <string>
#include <vector>

namespace clv::cli {

namespace {

struct RankCommandOptions {
  TableArguments table;
  LogArguments log;
  std::string unit;
  std::string values;  // --values FILE: precomputed values instead of customer records
  std::string referrals = "all";
  std::string tiers;
  std::string thresholds;
  std::string show = "customers";
  std::size_t top = 0;  // 0: all
  double step = 1.0;
  bool chart = false;
  bool ascii = false;
  std::size_t width = 0;  // 0: the terminal's
  OutputOptions output;
  ModelArguments models;  // --model ...: customers forecast from a summary or log
  int years = 5;
  ContractValueOptions contract;  // --revenue ...: with an sBG model (discrete_models.hpp)
  IntervalArguments interval;  // --interval: value_lower, value_upper with --model
};

io::Cell optional_cell(const std::optional<double>& value) {
  return value ? io::Cell{*value} : io::Cell{};
}

// The portfolio's own totals, present when the values were computed from customer records.
using Portfolio = std::optional<PortfolioSummary>;

// The bounds of --interval: per customer (by input row) and of the totals.
struct RankIntervals {
  ValueIntervals values;
  double level = 0.9;
  std::unordered_map<std::string_view, std::size_t> row_of;  // id to input row
};

std::vector<io::SummaryItem> summary_items(const RankResult& result, const Portfolio& portfolio,
                                           const RankIntervals* intervals) {
  const RankSummary& summary = result.summary;
  std::vector<io::SummaryItem> items;
  items.push_back({"customers", "customers", static_cast<double>(summary.customers), 0});
  if (portfolio) {
    // A referred customer's sales are in its own value and again in its referrer's: the
    // portfolio's value counts each sale once; the shares below are of the ranked values' sum.
    items.push_back({"total_value", "total value (own net income, each sale counted once)",
                     portfolio->own_net_income, 2});
    items.push_back({"sum_of_values", "sum of customer values (shares below are of this)", summary.total_value, 2});
    items.push_back({"referral_net_income", "referral income inside the values", portfolio->referral_net_income, 2});
  } else {
    items.push_back({"total_value", "total value", summary.total_value, 2});
  }
  for (const TopShare& top : summary.top) {
    items.push_back({fmt::format("top_{:g}pct_share", top.percent),
                     fmt::format("share of value, top {:g}% ({} customer{})", top.percent, top.customers,
                                 top.customers == 1 ? "" : "s"),
                     optional_cell(top.share), 4, io::ColumnType::share});
  }
  items.push_back({"negative_customers", "customers with negative value", static_cast<double>(summary.negative_customers), 0});
  items.push_back({"negative_value", "their total value", summary.negative_value, 2});
  items.push_back({"peak_customers", "whale curve peak: customers", static_cast<double>(result.peak.customers), 0});
  items.push_back({"peak_share_of_customers", "whale curve peak: share of customers",
                   result.peak.percent_of_customers / 100.0, 4, io::ColumnType::share});
  items.push_back({"peak_share", "whale curve peak: share of value", optional_cell(result.peak.share), 4,
                   io::ColumnType::share});
  if (intervals != nullptr) {
    insert_interval_bounds(items, "total_value", intervals->values.own_net_income, intervals->level);
    insert_interval_bounds(items, "sum_of_values", intervals->values.sum_of_values, intervals->level);
  }
  return items;
}

// The input row of each id, to find a ranked customer's kept columns.
std::unordered_map<std::string_view, std::size_t> rows_by_id(const std::vector<std::string_view>& ids) {
  std::unordered_map<std::string_view, std::size_t> rows;
  rows.reserve(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    rows.emplace(ids[i], i);
  }
  return rows;
}

void write_customers(io::RowWriter& writer, const RankResult& result, const io::RankInputs& inputs, std::size_t top,
                     const Portfolio& portfolio, const KeptColumns& kept,
                     const std::unordered_map<std::string_view, std::size_t>& kept_row, const RankIntervals* intervals) {
  std::vector<io::Column> columns{{"rank", io::ColumnType::number, 0}, {"customer_id", io::ColumnType::text, 0}};
  if (inputs.has_name) {
    columns.push_back({"name", io::ColumnType::text, 0});
  }
  add_kept_columns(columns, kept);
  columns.push_back({"value", io::ColumnType::number, 2});
  if (intervals != nullptr) {
    columns.push_back({"value_lower", io::ColumnType::number, 2});
    columns.push_back({"value_upper", io::ColumnType::number, 2});
  }
  if (inputs.has_acquisition_cost) {
    columns.push_back({"acquisition_cost", io::ColumnType::number, 2});
  }
  if (inputs.has_referral_income) {
    columns.push_back({"referral_income", io::ColumnType::number, 2});
  }
  columns.push_back({"decile", io::ColumnType::number, 0});
  columns.push_back({"tier", io::ColumnType::number, 0});
  columns.push_back({"cumulative_share", io::ColumnType::share, 4});
  writer.begin("customers", columns, "Customers ranked by value");
  std::vector<io::Cell> cells;
  const std::size_t count = top == 0 ? result.customers.size() : std::min(top, result.customers.size());
  for (std::size_t i = 0; i < count; ++i) {
    const RankedCustomer& ranked = result.customers[i];
    cells.clear();
    cells.emplace_back(static_cast<double>(ranked.rank));
    cells.emplace_back(ranked.customer.id);
    if (inputs.has_name) {
      cells.push_back(ranked.customer.name ? io::Cell{*ranked.customer.name} : io::Cell{});
    }
    if (!kept.empty()) {
      add_kept_cells(cells, kept, kept_row.at(ranked.customer.id));
    }
    cells.emplace_back(ranked.customer.value);
    if (intervals != nullptr) {
      const Bounds& bounds = intervals->values.customers[intervals->row_of.at(ranked.customer.id)].value;
      cells.emplace_back(bounds.lower);
      cells.emplace_back(bounds.upper);
    }
    if (inputs.has_acquisition_cost) {
      cells.push_back(optional_cell(ranked.customer.acquisition_cost));
    }
    if (inputs.has_referral_income) {
      cells.push_back(optional_cell(ranked.customer.referral_income));
    }
    cells.emplace_back(static_cast<double>(ranked.decile));
    cells.emplace_back(static_cast<double>(ranked.tier));
    cells.push_back(optional_cell(ranked.cumulative_share));
    writer.row(cells);
  }
  writer.end(summary_items(result, portfolio, intervals));
}

void write_tiers(io::RowWriter& writer, const RankResult& result, const Portfolio& portfolio,
                 const RankIntervals* intervals) {
  writer.begin("tiers",
               {{"tier", io::ColumnType::number, 0},
                {"rule", io::ColumnType::text, 0},
                {"customers", io::ColumnType::number, 0},
                {"total_value", io::ColumnType::number, 2},
                {"share_of_value", io::ColumnType::share, 4},
                {"mean_value", io::ColumnType::number, 2},
                {"mean_acquisition_cost", io::ColumnType::number, 2},
                {"mean_referral_income", io::ColumnType::number, 2}},
               "Tiers");
  for (const TierSummary& tier : result.tiers) {
    writer.row({static_cast<double>(tier.tier), tier.label, static_cast<double>(tier.customers), tier.total_value,
                optional_cell(tier.share_of_value), optional_cell(tier.mean_value),
                optional_cell(tier.mean_acquisition_cost), optional_cell(tier.mean_referral_income)});
  }
  writer.end(summary_items(result, portfolio, intervals));
}

void write_curve(io::RowWriter& writer, const RankResult& result, const Portfolio& portfolio,
                 const RankIntervals* intervals) {
  writer.begin("whale_curve",
               {{"share_of_customers", io::ColumnType::share, 6},
                {"customers", io::ColumnType::number, 0},
                {"cumulative_value", io::ColumnType::number, 2},
                {"cumulative_share", io::ColumnType::share, 4}},
               "Whale curve");
  for (const WhalePoint& point : result.whale_curve) {
    writer.row({point.percent_of_customers / 100.0, static_cast<double>(point.customers), point.cumulative_value,
                optional_cell(point.share)});
  }
  writer.end(summary_items(result, portfolio, intervals));
}

void run_rank(const RankCommandOptions& options) {
  const io::OutputFormat format = io::parse_output_format(options.output.format);
  refuse_chart_options_without_chart(options.chart, options.ascii, options.width);
  if (options.chart && format != io::OutputFormat::table) {
    throw usage_error("--chart draws text for people; it cannot be combined with --format other than table");
  }
  check_interval_options(options.interval, has_model(options.models));
  refuse_options_the_model_ignores(options.models, options.log, options.unit);
  if (options.top != 0 && (options.chart || options.show != "customers")) {
    // --top lists the best customers; tiers and the whale curve always cover everyone.
    throw usage_error(fmt::format("--top: lists the best customers (--show customers), not {}",
                                  options.chart ? "the --chart" : "--show " + options.show));
  }
  if (options.models.command != nullptr && options.models.command->count("--step") > 0 && !options.chart &&
      options.show != "curve") {
    throw usage_error(fmt::format("--step spaces the rows of the whale curve (--show curve or --chart), not of "
                                  "--show {}",
                                  options.show));
  }
  RankOptions rank_options = make_rank_options(options.tiers, options.thresholds, options.step);
  std::optional<RankIntervals> intervals;
  std::vector<std::string> interval_ids;  // the id of each input row, for the bounds
  io::RankInputs inputs;
  Portfolio portfolio;
  KeptColumns kept;
  std::vector<std::string> kept_ids;  // the id of each kept row
  if (!options.values.empty()) {
    if (!options.table.path.empty()) {
      throw usage_error("give either customer records (FILE) or --values FILE, not both");
    }
    if (has_model(options.models)) {
      throw usage_error("--values ranks values already computed; --model forecasts them from FILE: give one");
    }
    // The options that value customer records or forecasts would change nothing here.
    const CLI::App* command = options.models.command;
    for (const char* name : {"--referrals", "--spend-model", "--margin", "--attributes", "--service-cost",
                             "--average-purchase", "--year-length", "--unit", "--years", "--revenue",
                             "--acquisition-cost", "--discount-rate"}) {
      if (command != nullptr && command->count(name) > 0) {
        throw usage_error(fmt::format("{}: --values ranks values already computed, which {} cannot change (it is "
                                      "for customer records or forecasts given as FILE)",
                                      name, name));
      }
    }
    if (log_options_given(options.log)) {
      throw usage_error("--values ranks values already computed; the log options are for a transaction log given "
                        "as FILE");
    }
    TableArguments values = options.table;
    values.path = options.values;
    require_input(values.path);
    inputs = input::read_value_list(table_options(values));
    kept = std::move(inputs.kept);
    if (!kept.empty()) {
      for (const RankInput& customer : inputs.customers) {
        kept_ids.push_back(customer.id);
      }
    }
    rank_options.id_check = IdCheck::already_unique;  // read_rank_inputs checked, with line numbers
  } else {
    const ReferralDepth depth = parse_referral_depth(options.referrals);
    if (!has_model(options.models) && options.models.command != nullptr &&
        options.models.command->count("--years") > 0) {
      throw usage_error("--years is the forecast's length with --model; customer records carry their own lifetime");
    }
    if (options.years < 1 || options.years > 1000) {
      throw usage_error("--years must be between 1 and 1000");
    }
    // Ids are checked by the reader; with --model the customers are forecast as in `clv value`.
    // sBG (discrete_models.cpp): contracts (or the typical new customer) valued with --revenue.
    std::optional<CustomerSet> contract =
        contract_customers(options.models.options.model_path, options.table,
                           contract_options(options.contract, options.models), CustomerView::formula, options.years);
    if (contract && options.interval.level) {
      throw usage_error("--interval is for the bgnbd, pnbd and mbgnbd models, not sBG");
    }
    std::optional<ValueIntervals> values;
    CustomerSet set = contract ? std::move(*contract)
                               : read_customers_input(options.table, options.log, options.models, options.unit,
                                                      options.years, CustomerView::formula, &options.interval, depth,
                                                      &values);
    if (values) {
      intervals.emplace();
      intervals->values = std::move(*values);
      intervals->level = *options.interval.level;
      for (const Customer& customer : set.customers) {
        interval_ids.push_back(customer.id);
      }
      for (std::size_t i = 0; i < interval_ids.size(); ++i) {
        intervals->row_of.emplace(interval_ids[i], i);
      }
    }
    kept = std::move(set.kept);
    if (!kept.empty()) {
      for (const Customer& customer : set.customers) {
        kept_ids.push_back(customer.id);
      }
    }
    ValuedCustomers valued = value_customers(set, depth);
    inputs.customers = std::move(valued.customers);
    inputs.has_name = valued.has_name;
    inputs.has_acquisition_cost = true;
    inputs.has_referral_income = true;
    portfolio = valued.portfolio;
    rank_options.id_check = IdCheck::already_unique;
  }
  // The customers move into the ranking; keep only what the writers need to know.
  io::RankInputs columns_present = {{}, inputs.has_name, inputs.has_acquisition_cost, inputs.has_referral_income, {}};
  const RankResult result = rank_customers(std::move(inputs.customers), rank_options);

  io::Output output(options.output.path);
  if (options.chart) {
    io::ChartStyle style;
    style.width = options.width != 0 ? options.width
                                     : (output.is_terminal() ? io::terminal_width(STDOUT_FILENO) : std::size_t{80});
    style.glyphs = options.ascii ? io::Glyphs::ascii : io::glyphs_allowed();
    style.colour = output.is_terminal() && io::colour_allowed(STDOUT_FILENO) ? io::Colour::on : io::Colour::off;
    output.write(io::render_whale_chart(result.whale_curve, result.peak, style));
  } else {
    const auto writer = io::make_row_writer(format, output);
    if (options.show == "tiers") {
      write_tiers(*writer, result, portfolio, intervals ? &*intervals : nullptr);
    } else if (options.show == "curve") {
      write_curve(*writer, result, portfolio, intervals ? &*intervals : nullptr);
    } else {
      std::vector<std::string_view> ids(kept_ids.begin(), kept_ids.end());
      write_customers(*writer, result, columns_present, options.top, portfolio, kept, rows_by_id(ids),
                      intervals ? &*intervals : nullptr);
    }
  }
  output.commit();
}

}  // namespace

void add_rank_command(CLI::App& app, const char* name, const char* summary) {
  auto options = std::make_shared<RankCommandOptions>();
  CLI::App* command = app.add_subcommand(name, summary);
  command->footer(
      "Input: the customer records of `clv value` (formula records or ledgers, CSV or JSON), valued\n"
      "the same way; or, with --values, a CSV naming customer_id and value or clv (optionally name,\n"
      "acquisition_cost, referral_income). Ranks by value (ties by id); top p% of n customers = ceil(p n / 100).\n"
      "The total value is the own net income of all customers (each sale counted once); shares\n"
      "and the whale curve are of the sum of the ranked values. With an sBG model, a contracts file\n"
      "(customer_id,tenure,churned) valued with --revenue; with BG/BB, an opportunities file. See docs/rank.md.");
  command->add_option("FILE", options->table.path,
                      "Customers (CSV or JSON; '-' or none: standard input); with --model a summary or a log");
  command->add_option("--values", options->values, "Rank precomputed values from this CSV instead")
      ->option_text("FILE");
  command->add_option("--referrals", options->referrals,
                      "Referral income from everyone below a customer (all, default) or direct referrals only")
      ->check(CLI::IsMember({"all", "direct"}));
  add_model_options(*command, options->models, ModelRequired::no, ForecastInputs::add);
  add_unit_option(*command, options->unit,
                  "With --model: time unit of the summary, or to summarise a log in (default: the model's)");
  add_log_options(*command, options->log, LogFlag::present);
  in_range(command->add_option("--years", options->years, "With --model: years forecast (default 5)"), year_counts())
      ->option_text("N");
  command->add_option("--tiers", options->tiers, "Tier sizes in percent of customers, best first; the rest form the last tier (default 20,30)")
      ->option_text("P1,P2,...")
      ->default_str("20,30");
  command->add_option("--thresholds", options->thresholds,
                      "Tiers by value instead: lower bounds, decreasing (tier 1: value >= V1, ...)")
      ->option_text("V1,V2,...");
  command->add_option("--show", options->show, "What to list: customers, tiers or curve (the whale curve)")
      ->check(CLI::IsMember({"customers", "tiers", "curve"}))
      ->default_str("customers");
  add_top_option(*command, options->top, "List only the N most valuable customers");
  in_range(command->add_option("--step", options->step, "Whale curve rows every P percent of customers (default 1)"),
           curve_steps())
      ->option_text("P")
      ->default_str("1");
  command->add_flag("--chart", options->chart, "Draw the whale curve in the terminal instead of listing rows");
  command->add_flag("--ascii", options->ascii, "Draw charts with ASCII characters only");
  in_range(command->add_option("--width", options->width, "Chart width in columns (default: the terminal's, or 80)"),
           chart_widths())
      ->option_text("N");
  add_output_options(*command, options->output);
  add_table_options(*command, options->table, KeepOption::add);
  add_interval_options(*command, options->interval);
  add_contract_options(*command, options->contract);
  command->callback([options] {
    naming_input(options->values.empty() ? options->table.path : options->values, [&] { run_rank(*options); });
  });
}

}  // namespace clv::cli
