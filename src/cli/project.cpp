// `clv project`: the article's table for each ledger customer (years as columns). The numbers
// come from clv/projection.hpp, the layout from clv/io/projection_writer.hpp.
#include "commands.hpp"
#include "discrete_models.hpp"
#include "option_range.hpp"
#include "options.hpp"
#include "segment_input.hpp"

#include "clv/error.hpp"
#include "clv/io/projection_writer.hpp"
#include "clv/io/terminal.hpp"
#include "clv/io/terminal_chart.hpp"
#include "clv/projection.hpp"
#include "clv/segment.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <memory>
#include <string_view>
#include <unordered_map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace clv::cli {

namespace {

struct ProjectOptions {
  TableArguments table;
  LogArguments log;
  std::string unit;
  OutputOptions output;
  std::optional<std::string> customer;
  int years = 5;
  std::optional<double> discount_rate;
  std::string referrals = "all";
  bool detail = false;
  std::string by;  // --by: one table per segment
  IntervalArguments interval;  // --interval: bounds of each year's profit and the total, with --model
  ModelArguments models;
  bool chart = false;
  bool ascii = false;
  std::size_t width = 0;  // 0: the terminal's (80 when not a terminal)
  // sBG: the cohort's typical customer (discrete_models.hpp).
  std::optional<double> revenue;
  std::optional<double> acquisition_cost;
};

// The article's figure 1 (profit per year, cumulative profit) and figure 2 (revenue against
// cost) for one customer.
std::string projection_charts(const Projection& projection, const io::ChartStyle& style) {
  std::vector<std::string> labels;
  std::vector<double> profit;
  std::vector<double> revenue;
  std::vector<double> cost;
  for (const ProjectionYear& year : projection.years) {
    labels.push_back(fmt::format("Year {}", year.year));
    profit.push_back(year.profit);
    revenue.push_back(year.revenue);
    cost.push_back(year.cost);
  }
  std::string out = "\n";
  out += io::render_profit_chart(labels, profit, style);
  out += "\n";
  out += io::render_revenue_cost_chart(labels, revenue, cost, style);
  return out;
}

// --keep: each projected customer's kept values, found by id (projections skip formula customers).
void keep_columns(const CustomerSet& set, const std::vector<Projection>& projections, io::ProjectionLayout& layout) {
  if (set.kept.empty()) {
    return;
  }
  std::unordered_map<std::string_view, std::size_t> index_of;
  for (std::size_t i = 0; i < set.customers.size(); ++i) {
    index_of.emplace(set.customers[i].id, i);
  }
  layout.kept_names = set.kept.names;
  for (const Projection& projection : projections) {
    std::vector<std::string>& values = layout.kept_values.emplace_back();
    const std::size_t customer = index_of.at(projection.id);
    for (std::size_t column = 0; column < set.kept.names.size(); ++column) {
      values.push_back(set.kept.value(customer, column));
    }
  }
}

void run_project(const ProjectOptions& options) {
  const io::OutputFormat format = io::parse_output_format(options.output.format);
  ProjectionOptions projection;
  projection.years = options.years;
  projection.discount_rate = options.discount_rate;
  projection.depth = parse_referral_depth(options.referrals);
  projection.detail = options.detail ? ReferralDetail::per_customer : ReferralDetail::total;
  projection.only_customer = options.customer;
  if (options.years < 1 || options.years > 1000) {
    throw usage_error("--years must be between 1 and 1000");
  }
  refuse_chart_options_without_chart(options.chart, options.ascii, options.width);
  if (options.chart && format != io::OutputFormat::table) {
    throw usage_error("--chart draws text for people; it cannot be combined with --format other than table");
  }
  check_interval_options(options.interval, has_model(options.models));
  refuse_options_the_model_ignores(options.models, options.log, options.unit);
  if (options.interval.level && options.discount_rate) {
    throw usage_error("--interval bounds the yearly profits, not the discounted ones: drop --discount-rate");
  }
  // sBG (discrete_models.cpp): the cohort's typical new customer from --revenue. With --by, the
  // segment input reads contracts (and BG/BB opportunities) itself.
  const ContractValueOptions contract_terms{options.revenue, options.acquisition_cost,
                                            options.models.options.service_cost, options.models.options.margin,
                                            std::nullopt, options.models.options.attributes_path};
  std::optional<CustomerSet> contract =
      options.by.empty() ? contract_customers(options.models.options.model_path, options.table, contract_terms,
                                              CustomerView::ledger, options.years)
                         : std::nullopt;
  if (contract && options.interval.level) {
    throw usage_error("--interval is for the bgnbd, pnbd and mbgnbd models, not sBG");
  }
  if (!options.table.keep.empty() && (contract || !options.by.empty())) {
    throw usage_error(contract ? "--keep copies columns of a customer file; an sBG model values one typical customer"
                               : "--keep copies columns into each customer's rows; --by sums the customers of a "
                                 "segment into one table");
  }
  if (options.acquisition_cost &&
      (options.by.empty() ? !contract : !is_contract_model(options.models.options.model_path))) {
    throw usage_error("--acquisition-cost is for an sBG contract model (--model sbg.json)");
  }
  if (options.revenue && !options.by.empty() && !is_contract_model(options.models.options.model_path)) {
    throw usage_error("--revenue is for an sBG contract model (--model sbg.json)");
  }
  CustomerSet set;
  std::vector<Projection> projections;
  SegmentProjections segments;
  io::ProjectionLayout layout;
  layout.discount_rate = options.discount_rate;
  if (options.by.empty()) {
    std::optional<ProjectionIntervals> bounds;
    set = contract ? std::move(*contract)
                   : read_customers_input(options.table, options.log, options.models, options.unit, options.years,
                                          CustomerView::ledger, &options.interval, projection.depth, nullptr,
                                          &bounds);
    projections = project(set, projection);
    keep_columns(set, projections, layout);
    if (bounds) {
      std::unordered_map<std::string_view, std::size_t> row_of;
      for (std::size_t i = 0; i < set.customers.size(); ++i) {
        row_of.emplace(set.customers[i].id, i);
      }
      for (Projection& table : projections) {
        std::vector<Bounds> years = bounds->profit[row_of.at(table.id)];
        table.total_profit_bounds = years.back();
        years.pop_back();
        table.profit_bounds = std::move(years);
      }
    }
  } else {
    if (options.interval.level) {
      throw usage_error("--interval gives each customer's bounds: not with --by");
    }
    if (options.customer || options.detail) {
      throw usage_error("--by sums the customers' tables per segment; --customer and --detail are for one table per "
                        "customer");
    }
    SegmentedCustomers customers = load_segmented_customers(options.table, options.log, options.models,
                                                             options.unit, options.years, CustomerView::ledger,
                                                             parse_segment_by(options.by),
                                                             {contract_terms, DiscreteValues::ledgers_only});
    set = std::move(customers.set);
    segments = project_segments(set, customers.keys, projection);
    projections = std::move(segments.tables);
    layout.subject = "segment";
    layout.key = "segment";
  }
  layout.currency = set.currency;
  io::Output output(options.output.path);
  if (!options.chart) {
    io::write_projections(format, output, projections, layout);
  } else {
    io::ChartStyle style;
    style.width = options.width != 0 ? options.width
                                     : (output.is_terminal() ? io::terminal_width(STDOUT_FILENO) : std::size_t{80});
    style.glyphs = options.ascii ? io::Glyphs::ascii : io::glyphs_allowed();
    style.colour = output.is_terminal() && io::colour_allowed(STDOUT_FILENO) ? io::Colour::on : io::Colour::off;
    // Each customer's table, then its two charts.
    for (std::size_t i = 0; i < projections.size(); ++i) {
      if (i != 0) {
        output.write("\n");
      }
      io::ProjectionLayout one = layout;
      if (!layout.kept_values.empty()) {
        one.kept_values = {layout.kept_values[i]};
      }
      io::write_projections(format, output, {projections[i]}, one);
      output.write(projection_charts(projections[i], style));
    }
  }
  output.commit();
}

}  // namespace

void add_project_command(CLI::App& app, const char* name, const char* summary) {
  auto options = std::make_shared<ProjectOptions>();
  CLI::App* command = app.add_subcommand(name, summary);
  command->add_option("FILE", options->table.path, "Customers with yearly ledgers (CSV or JSON; '-' or none: stdin); with --model a summary or a "
                                              "transaction log");
  add_table_options(*command, options->table, KeepOption::add);
  add_output_options(*command, options->output);
  command->add_option("--customer", options->customer, "Only the customer with this id")->option_text("ID");
  in_range(command->add_option("--years", options->years, "Years in the table (default 5)"), year_counts())
      ->option_text("N");
  add_discount_rate_option(*command, options->discount_rate,
                           "Discount year k's profit by (1+D)^k and show NPV (e.g. 0.1)");
  command->add_option("--referrals", options->referrals, "Referral income from everyone below (all) or direct only")
      ->check(CLI::IsMember({"all", "direct"}));
  command->add_flag("--detail", options->detail, "One referral row per referred customer");
  command->add_option("--by", options->by,
                      "One table per segment, the sum of its customers' tables: COLUMN[,COLUMN] or "
                      "cohort:month|quarter|year (see clv segment)")
      ->option_text("SPEC");
  add_model_options(*command, options->models, ModelRequired::no, ForecastInputs::add);
  add_unit_option(*command, options->unit,
                  "With --model: time unit of the summary, or to summarise a log in (default: the model's)");
  add_log_options(*command, options->log, LogFlag::present);
  command->add_flag("--chart", options->chart,
                    "After each table, chart profit per year with the cumulative profit, and revenue against cost");
  command->add_flag("--ascii", options->ascii, "Draw charts with ASCII characters only");
  in_range(command->add_option("--width", options->width, "Chart width in columns (default: the terminal's, or 80)"),
           chart_widths())
      ->option_text("N");
  in_range(command->add_option("--revenue", options->revenue,
                               "With an sBG model: revenue per period, paid at its start while the customer is active"),
           amounts())
      ->option_text("R");
  in_range(command->add_option("--acquisition-cost", options->acquisition_cost,
                               "With an sBG model: cost of acquiring the customer (year 1)"),
           amounts())
      ->option_text("C");
  add_interval_options(*command, options->interval);
  command->callback([options] { naming_input(options->table.path, [&] { run_project(*options); }); });
}

}  // namespace clv::cli
