// `clv value`: one row per customer with the continuous-value formula's terms and the value,
// then the portfolio totals. The formula is in clv/value.hpp; this file only chooses rows.
#include "commands.hpp"
#include "discrete_models.hpp"
#include "option_range.hpp"
#include "options.hpp"

#include "clv/error.hpp"
#include "clv/parallel_sort.hpp"
#include "clv/pipeline.hpp"
#include "clv/portfolio.hpp"
#include "clv/referral.hpp"
#include "clv/value.hpp"
#include "clv/value_intervals.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <memory>
#include <numeric>
#include <optional>

namespace clv::cli {

namespace {

struct ValueOptions {
  TableArguments table;
  LogArguments log;
  std::string unit;
  OutputOptions output;
  std::string sort = "value";
  std::optional<std::size_t> top;
  std::string referrals = "all";
  std::string columns;  // empty: the default of the format
  // One-off customer from the command line.
  std::optional<double> transactions;
  std::optional<double> average_purchase;
  std::optional<double> acquisition_cost;
  std::optional<double> service_cost;
  std::optional<double> referral_net_income;
  // Forecast customers from a summary or log and fitted models.
  ModelArguments models;
  int years = 5;
  // sBG: the cohort's typical customer (discrete_models.hpp).
  std::optional<double> revenue;
  std::optional<double> discount_rate;
  IntervalArguments interval;  // --interval: bounds with --model (value_intervals.hpp)
};

// What --interval needs besides the customers: the summary and models they were forecast from.
struct IntervalInputs {
  input::ForecastSources sources;
  CustomerForecastOptions options;
};

bool one_off(const ValueOptions& options) {
  return options.transactions || options.average_purchase || options.acquisition_cost || options.service_cost ||
         options.referral_net_income;
}

void check_amount(const std::optional<double>& amount, const char* option, bool may_be_negative = false) {
  if (amount && (!std::isfinite(*amount) || (*amount < 0 && !may_be_negative))) {
    throw usage_error(fmt::format("{} must be a finite number{}, not {}", option,
                                  may_be_negative ? "" : " of 0 or more", *amount));
  }
}

CustomerSet one_off_customer(const ValueOptions& options) {
  if (!options.table.path.empty()) {
    throw usage_error("give either a FILE or the formula's inputs (--transactions ...), not both");
  }
  if (!options.transactions || !options.average_purchase) {
    throw usage_error("a one-off value needs --transactions and --average-purchase");
  }
  // The options that read or cut a FILE would be silently ignored on the one row.
  const TableArguments& table = options.table;
  const char* file_option = options.top                ? "--top"
                            : !table.columns.empty()   ? "--column"
                            : !table.id_column.empty() ? "--id"
                            : !table.keep.empty()      ? "--keep"
                            : !table.delimiter.empty() || table.tabs ? "-d/--tabs"
                            : table.decimal_comma      ? "--decimal-comma"
                                                       : nullptr;
  if (file_option) {
    throw usage_error(fmt::format("{} is for a FILE of customers; a one-off value (--transactions ...) has one row",
                                  file_option));
  }
  check_amount(options.transactions, "--transactions");
  check_amount(options.average_purchase, "--average-purchase");
  check_amount(options.acquisition_cost, "--acquisition-cost");
  check_amount(options.service_cost, "--service-cost");
  check_amount(options.referral_net_income, "--referral-net-income", true);
  CustomerSet set;
  set.source = "command line";
  Customer& customer = set.customers.emplace_back();
  customer.id = "customer";
  customer.transactions = options.transactions;
  customer.average_purchase = options.average_purchase;
  customer.acquisition_cost = options.acquisition_cost;
  customer.service_cost = options.service_cost.value_or(0.0);
  customer.referral_net_income = options.referral_net_income;
  return set;
}

// With --model, --service-cost and --average-purchase are the forecast's (per year, and for
// every customer); the other one-off inputs have no meaning there.
CustomerSet forecast_customers(const ValueOptions& options, std::optional<IntervalInputs>& inputs) {
  if (options.transactions || options.acquisition_cost || options.referral_net_income) {
    throw usage_error("--transactions, --acquisition-cost and --referral-net-income are for a one-off customer, not "
                      "with --model (acquisition costs come from --attributes)");
  }
  check_amount(options.average_purchase, "--average-purchase");
  check_amount(options.service_cost, "--service-cost");
  require_input(options.table.path);
  input::ModelOptions models = options.models.options;
  models.average_purchase = options.average_purchase;
  models.service_cost = options.service_cost.value_or(0.0);
  // BG/BB (discrete_models.cpp): an opportunities file instead of a summary.
  if (auto set = opportunity_customers(options.table.path, options.table,
                                       OpportunityValueOptions{models.model_path, models.spend_model_path,
                                                               models.average_purchase, models.margin,
                                                               models.service_cost, models.year_length,
                                                               models.attributes_path},
                                       options.years, CustomerView::formula)) {
    if (options.interval.level) {
      throw usage_error("--interval is for the bgnbd, pnbd and mbgnbd models, not BG/BB");
    }
    return std::move(*set);
  }
  models.unit = requested_unit(options.unit);
  input::ForecastSources sources =
      input::read_forecast_sources(table_options(options.table, &options.log), log_reading(options.log), models);
  if (sources.input.log && !options.models.quiet) {
    warn_about_log(*sources.input.log, sources.input.source);
  }
  CustomerSet set = input::forecast_source_customers(sources, models, options.years, CustomerView::formula);
  if (options.interval.level) {
    inputs = IntervalInputs{std::move(sources), input::customer_forecast_options(models, options.years, CustomerView::formula)};
  }
  return set;
}

CustomerSet customer_records(const ValueOptions& options) {
  refuse_model_options_without_model(options.models, options.log, options.unit);
  require_input(options.table.path);
  return input::read_customer_records(table_options(options.table, &options.log));
}

// With intervals, <name>_lower and <name>_upper follow transactions, average_purchase and value.
std::vector<io::Column> value_columns(const KeptColumns& kept, bool intervals) {
  using io::ColumnType;
  std::vector<io::Column> columns{{"customer_id", ColumnType::text, 0}, {"name", ColumnType::text, 0}};
  add_kept_columns(columns, kept);
  for (io::Column column : std::initializer_list<io::Column>{{"transactions", ColumnType::number, 2},
                                                             {"average_purchase", ColumnType::number, 2},
                                                             {"revenue", ColumnType::number, 2},
                                                             {"acquisition_cost", ColumnType::number, 2},
                                                             {"service_cost", ColumnType::number, 2},
                                                             {"own_net_income", ColumnType::number, 2},
                                                             {"referral_net_income", ColumnType::number, 2},
                                                             {"referred_customers", ColumnType::number, 0},
                                                             {"value", ColumnType::number, 2}}) {
    const std::string name = column.name;
    const int decimals = column.decimals;
    columns.push_back(std::move(column));
    if (intervals && (name == "transactions" || name == "average_purchase" || name == "value")) {
      columns.push_back({name + "_lower", ColumnType::number, decimals});
      columns.push_back({name + "_upper", ColumnType::number, decimals});
    }
  }
  return columns;
}

void fill_row(const ValueResult& result, const KeptColumns& kept, std::size_t customer,
              const CustomerValueIntervals* bounds, std::vector<io::Cell>& cells) {
  const auto add_bounds = [&](const Bounds& b) {
    cells.emplace_back(b.lower);
    cells.emplace_back(b.upper);
  };
  cells.clear();
  cells.emplace_back(std::string(result.id));
  cells.emplace_back(std::string(result.name));
  if (!kept.empty()) {
    add_kept_cells(cells, kept, customer);
  }
  cells.emplace_back(result.transactions ? io::Cell(*result.transactions) : io::Cell());
  if (bounds != nullptr) {
    add_bounds(bounds->transactions);
  }
  cells.emplace_back(result.average_purchase ? io::Cell(*result.average_purchase) : io::Cell());
  if (bounds != nullptr) {
    add_bounds(bounds->average_purchase);
  }
  cells.emplace_back(result.revenue);
  cells.emplace_back(result.acquisition_cost);
  cells.emplace_back(result.service_cost);
  cells.emplace_back(result.own_net_income);
  cells.emplace_back(result.referral_net_income);
  cells.emplace_back(static_cast<double>(result.referred_customers));
  cells.emplace_back(result.value);
  if (bounds != nullptr) {
    add_bounds(bounds->value);
  }
}

// The columns a table shows by default: the value and its parts, narrow enough for 100 columns.
// Machine formats keep every column unless --columns says otherwise.
constexpr std::array k_table_columns{"customer_id", "name", "revenue", "own_net_income", "referral_net_income", "value"};

// Positions in value_columns() of the columns to write.
std::vector<std::size_t> selected_columns(const std::string& option, io::OutputFormat format, const KeptColumns& kept,
                                          bool intervals) {
  const std::vector<io::Column> all = value_columns(kept, intervals);
  std::vector<std::size_t> positions;
  const auto position_of = [&](std::string_view name) {
    if (name == "id") {
      name = "customer_id";  // the former name of the id column
    }
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (all[i].name == name) {
        return i;
      }
    }
    std::string names;
    for (const io::Column& column : all) {
      names += (names.empty() ? "" : ", ") + column.name;
    }
    throw usage_error(fmt::format("--columns: unknown column '{}' (choose all or from {})", name, names));
  };
  const bool people = format == io::OutputFormat::table || format == io::OutputFormat::markdown;
  if (option == "all" || (option.empty() && !people)) {
    positions.resize(all.size());
    std::iota(positions.begin(), positions.end(), std::size_t{0});
  } else if (option.empty()) {
    for (const char* name : k_table_columns) {
      positions.push_back(position_of(name));
      if (std::string_view(name) == "name") {
        for (std::size_t k = 0; k < kept.names.size(); ++k) {
          positions.push_back(2 + k);  // --keep columns follow the name
        }
      }
    }
    if (intervals) {
      positions.push_back(position_of("value_lower"));
      positions.push_back(position_of("value_upper"));
    }
  } else {
    std::size_t start = 0;
    while (start <= option.size()) {
      const std::size_t end = std::min(option.find(',', start), option.size());
      const std::size_t position = position_of(std::string_view(option).substr(start, end - start));
      if (std::find(positions.begin(), positions.end(), position) != positions.end()) {
        throw usage_error(fmt::format("--columns: '{}' is named twice", all[position].name));
      }
      positions.push_back(position);
      start = end + 1;
    }
  }
  return positions;
}

// The sort orders: numbers largest first, text in byte order; ties keep file order.
enum class SortKey { value, id, name, revenue, own_net_income, referral_net_income, input };

SortKey parse_sort(const std::string& text) {
  if (text == "value") return SortKey::value;
  if (text == "id" || text == "customer_id") return SortKey::id;
  if (text == "name") return SortKey::name;
  if (text == "revenue") return SortKey::revenue;
  if (text == "own" || text == "own_net_income") return SortKey::own_net_income;
  if (text == "referral" || text == "referral_net_income") return SortKey::referral_net_income;
  if (text == "input" || text == "none") return SortKey::input;
  throw usage_error(fmt::format("--sort takes value, id, name, revenue, own, referral or input, not '{}'", text));
}

double numeric_key(const ValueResult& result, SortKey key) {
  switch (key) {
    case SortKey::revenue: return result.revenue;
    case SortKey::own_net_income: return result.own_net_income;
    case SortKey::referral_net_income: return result.referral_net_income;
    default: return result.value;
  }
}

void run_value(const ValueOptions& options) {
  const SortKey sort = parse_sort(options.sort);
  const ReferralDepth depth = parse_referral_depth(options.referrals);
  const io::OutputFormat format = io::parse_output_format(options.output.format);
  refuse_options_the_model_ignores(options.models, options.log, options.unit);
  if (!has_model(options.models) && options.models.command != nullptr && options.models.command->count("--years") > 0) {
    throw usage_error("--years is the forecast's length with --model; customer records carry their own lifetime");
  }
  // sBG (discrete_models.cpp): the cohort's typical new customer from --revenue.
  std::optional<CustomerSet> contract = contract_customers(
      options.models.options.model_path, options.table,
      ContractValueOptions{options.revenue, options.acquisition_cost, options.service_cost.value_or(0.0),
                           options.models.options.margin, options.discount_rate,
                           options.models.options.attributes_path},
      CustomerView::formula, options.years);
  check_interval_options(options.interval, has_model(options.models));
  if (!contract && options.discount_rate) {
    throw usage_error("--discount-rate is for an sBG contract model (--model sbg.json)");
  }
  if (contract && options.interval.level) {
    throw usage_error("--interval is for the bgnbd, pnbd and mbgnbd models, not sBG");
  }
  std::optional<IntervalInputs> forecast_inputs;
  const CustomerSet set = contract                   ? std::move(*contract)
                          : has_model(options.models) ? forecast_customers(options, forecast_inputs)
                          : one_off(options)        ? one_off_customer(options)
                                                    : customer_records(options);

  const ReferralTree tree = build_referral_tree(set);
  const std::vector<double> own = own_net_incomes(set);
  const ReferralTotals totals = referral_totals(tree, own, depth);
  std::optional<ValueIntervals> intervals;
  if (forecast_inputs) {
    const input::ForecastSources& sources = forecast_inputs->sources;
    const ParameterDraws draws =
        interval_draws(options.interval, sources.purchase, sources.spend ? &*sources.spend : nullptr,
                       sources.input.summary, forecast_inputs->options.threads, options.models.options);
    intervals = value_intervals(set, sources.input.summary, sources.purchase.fit,
                                sources.spend ? &sources.spend->fit : nullptr, forecast_inputs->options, depth, draws,
                                *options.interval.level);
  }
  const auto result_of = [&](std::size_t i) {
    return customer_value(set.customers[i], totals.income[i], totals.referred[i], set.source);
  };

  const std::size_t count = set.customers.size();
  std::vector<std::uint32_t> order(count);
  std::iota(order.begin(), order.end(), 0U);
  PortfolioSummary summary;
  summary.source = set.source;
  if (sort == SortKey::id || sort == SortKey::name) {
    const auto text_of = [&](std::uint32_t i) -> std::string_view {
      const Customer& customer = set.customers[i];
      if (sort == SortKey::id) {
        return customer.id;
      }
      return customer.name ? std::string_view(*customer.name) : std::string_view();
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return text_of(a) < text_of(b); });
    for (std::size_t i = 0; i < count; ++i) {
      add_to_summary(summary, result_of(i), tree.referrer[i] != ReferralTree::k_none);
    }
  } else {
    // (key, position) pairs sort faster than positions looking their keys up; the position
    // breaks ties, so equal keys keep file order.
    std::vector<std::pair<double, std::uint32_t>> keyed(sort == SortKey::input ? 0 : count);
    for (std::size_t i = 0; i < count; ++i) {
      const ValueResult result = result_of(i);
      add_to_summary(summary, result, tree.referrer[i] != ReferralTree::k_none);
      if (!keyed.empty()) {
        keyed[i] = {numeric_key(result, sort), static_cast<std::uint32_t>(i)};
      }
    }
    if (!keyed.empty()) {
      std::size_t at = 0;
      sort_on_two_threads(
          keyed,
          [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; },
          [&](const auto& key) { order[at++] = key.second; });
    }
  }
  const std::size_t shown = options.top ? std::min(*options.top, count) : count;

  const std::vector<io::Column> all_columns = value_columns(set.kept, intervals.has_value());
  const std::vector<std::size_t> positions =
      selected_columns(options.columns, format, set.kept, intervals.has_value());
  const bool every_column = positions.size() == all_columns.size();
  std::vector<io::Column> columns;
  for (const std::size_t position : positions) {
    columns.push_back(all_columns[position]);
  }

  io::Output output(options.output.path);
  const auto writer = io::make_row_writer(format, output);
  writer->begin("customers", columns,
                set.currency ? fmt::format("Customer value ({})", *set.currency) : std::string("Customer value"));
  // Rows come in value order, scattered in memory. Where the layout allows, blocks of rows are
  // gathered and formatted on two threads and written in order.
  const auto gather = [&](std::size_t k, std::vector<io::Cell>& cells) {
    constexpr std::size_t k_prefetch_ahead = 16;  // a row's customer is far from the last one's
    if (k + k_prefetch_ahead < shown) {
      // Every random load of the row, or the two threads wait on memory instead of working.
      const std::uint32_t later = order[k + k_prefetch_ahead];
      const auto* ahead = reinterpret_cast<const char*>(&set.customers[later]);
      for (std::size_t line = 0; line < sizeof(Customer); line += 64) {
        __builtin_prefetch(ahead + line);
      }
      __builtin_prefetch(&totals.income[later]);
      __builtin_prefetch(&totals.referred[later]);
    }
    fill_row(result_of(order[k]), set.kept, order[k], intervals ? &intervals->customers[order[k]] : nullptr, cells);
    if (!every_column) {
      std::vector<io::Cell> chosen;
      chosen.reserve(positions.size());
      for (const std::size_t position : positions) {
        chosen.push_back(std::move(cells[position]));
      }
      cells = std::move(chosen);
    }
  };
  if (writer->formats_rows_apart()) {
    run_blocks_in_order(
        (shown + k_pipeline_block - 1) / k_pipeline_block,
        [&](std::size_t block, std::string& text) {
          std::vector<io::Cell> cells;
          for (std::size_t k = block * k_pipeline_block; k < std::min(shown, (block + 1) * k_pipeline_block); ++k) {
            gather(k, cells);
            writer->format_row(cells, text);
          }
        },
        [&](const std::string& text) { writer->write_formatted(text); });
  } else {
    std::vector<io::Cell> cells;
    for (std::size_t k = 0; k < shown; ++k) {
      gather(k, cells);
      writer->row(cells);
    }
  }
  std::vector<io::SummaryItem> items{
      {"customers", "customers", static_cast<double>(summary.customers), 0},
      {"referred_customers", "customers with a referrer in the file", static_cast<double>(summary.referred_customers), 0},
      {"revenue", "revenue, all customers", summary.revenue, 2},
      {"own_net_income", "own net income, all customers (each sale counted once)", summary.own_net_income, 2},
      {"referral_net_income", "referral income included in the values", summary.referral_net_income, 2},
      {"sum_of_values", "sum of customer values (network values, not additive)", summary.sum_of_values, 2},
  };
  if (intervals) {
    // Bounds of each draw's total (not sums of the customers' bounds), after the total they bound.
    const double level = *options.interval.level;
    insert_interval_bounds(items, "revenue", intervals->revenue, level);
    insert_interval_bounds(items, "own_net_income", intervals->own_net_income, level);
    insert_interval_bounds(items, "sum_of_values", intervals->sum_of_values, level);
  }
  if (set.currency) {
    items.push_back({"currency", "currency", *set.currency, 0});
  }
  writer->end(items);
  output.commit();
}

}  // namespace

void add_value_command(CLI::App& app, const char* name, const char* summary) {
  auto options = std::make_shared<ValueOptions>();
  CLI::App* command = app.add_subcommand(name, summary);
  command->add_option("FILE", options->table.path,
                      "Customers (CSV or JSON; '-' or none: standard input); with --model a summary or a log");
  add_table_options(*command, options->table, KeepOption::add);
  add_output_options(*command, options->output);
  command->add_option("--columns", options->columns,
                      "Columns to write: all, or names separated by commas (default: all in csv, tsv and json; "
                      "customer_id,name,revenue,own_net_income,referral_net_income,value in a table)")
      ->option_text("all|C1,C2,...");
  command->add_option("--sort", options->sort,
                      "Row order: value (default), id, name, revenue, own, referral or input (file order)")
      ->check(CLI::IsMember({"value", "id", "name", "revenue", "own", "own_net_income", "referral",
                             "referral_net_income", "input", "none"}));
  add_top_option(*command, options->top, "Only the first N rows (the summary covers everyone)");
  command->add_option("--referrals", options->referrals,
                      "Referral income from everyone below a customer (all, default) or direct referrals only")
      ->check(CLI::IsMember({"all", "direct"}));
  in_range(command->add_option("--transactions", options->transactions, "One-off: expected lifetime transactions"),
           numbers(0, 1e9));
  in_range(command->add_option("--average-purchase", options->average_purchase,
                               "One-off: average purchase amount; with --model: the same for every customer instead "
                               "of a spend model"),
           amounts());
  in_range(command->add_option("--acquisition-cost", options->acquisition_cost, "One-off: cost of acquiring the customer"),
           amounts());
  in_range(command->add_option("--service-cost", options->service_cost,
                               "One-off: cost of serving the customer (default 0); with --model: per customer and year"),
           amounts());
  in_range(command->add_option("--referral-net-income", options->referral_net_income,
                               "One-off: net income from the customers they referred"),
           numbers(-1e15, 1e15));
  add_model_options(*command, options->models, ModelRequired::no, ForecastInputs::add, FormulaOptions::omit);
  add_unit_option(*command, options->unit,
                  "With --model: time unit of the summary, or to summarise a log in (default: the model's)");
  add_log_options(*command, options->log, LogFlag::present);
  in_range(command->add_option("--years", options->years, "With --model: years forecast (default 5)"), year_counts())
      ->option_text("N");
  in_range(command->add_option("--revenue", options->revenue,
                               "With an sBG model: revenue per period, paid at its start while the customer is active"),
           amounts())
      ->option_text("R");
  add_discount_rate_option(*command, options->discount_rate,
                           "With an sBG model: discount rate per period (value = margin x revenue x DEL - cost)");
  add_interval_options(*command, options->interval);
  command->callback([options] { naming_input(options->table.path, [&] { run_value(*options); }); });
}

}  // namespace clv::cli
