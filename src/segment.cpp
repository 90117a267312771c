#include "clv/segment.hpp"

#include "clv/error.hpp"
#include "clv/value.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <unordered_map>

namespace clv {

namespace {

bool digits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Running sums of one group of customers.
struct Group {
  std::size_t customers = 0;
  double total_value = 0.0;
  double acquisition_cost = 0.0;
  double referral_income = 0.0;
  std::vector<double> values;   // own net incomes, for the median
  bool all_ledgers = true;
  std::vector<double> profit;   // Σ of the tables' yearly profits
  double probability_alive = 0.0;
  std::size_t at_risk = 0;
  double value_at_stake = 0.0;
};

double median(std::vector<double>& values) {
  if (values.empty()) {
    return 0.0;
  }
  const std::size_t middle = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle), values.end());
  const double upper = values[middle];
  if (values.size() % 2 == 1) {
    return upper;
  }
  const double lower = *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle));
  return lower / 2.0 + upper / 2.0;  // halves are exact: (lower + upper) / 2 without overflowing
}

// The first year whose cumulative profit is >= 0. A sum of rounded amounts may miss zero by
// rounding noise, so "0" is anything within 1e-9 of the amounts added.
std::optional<int> payback_year(const std::vector<double>& profit) {
  double cumulative = 0.0;
  double magnitude = 0.0;
  for (std::size_t y = 0; y < profit.size(); ++y) {
    cumulative += profit[y];
    magnitude += std::abs(profit[y]);
    if (cumulative >= -1e-9 * std::max(1.0, magnitude)) {
      return static_cast<int>(y + 1);
    }
  }
  return std::nullopt;
}

SegmentResult finish(std::string name, Group& group, bool with_tables, bool with_risk, double portfolio_value) {
  SegmentResult result;
  result.segment = std::move(name);
  result.customers = group.customers;
  result.total_value = group.total_value;
  if (portfolio_value > 0.0) {
    result.share = group.total_value / portfolio_value;
  }
  const auto count = static_cast<double>(std::max<std::size_t>(group.customers, 1));
  result.mean_value = group.total_value / count;
  result.median_value = median(group.values);
  result.mean_acquisition_cost = group.acquisition_cost / count;
  if (group.acquisition_cost > 0.0) {
    result.ltv_to_cac = (group.total_value + group.acquisition_cost) / group.acquisition_cost;
  }
  if (with_tables && group.all_ledgers) {
    result.has_tables = true;
    result.payback_year = payback_year(group.profit);
  }
  result.referral_income = group.referral_income;
  if (with_risk) {
    result.mean_probability_alive = group.probability_alive / count;
    result.customers_at_risk = group.at_risk;
    result.value_at_stake = group.value_at_stake;
  }
  return result;
}

}  // namespace

CohortPeriod parse_cohort_period(std::string_view text) {
  if (text == "month") return CohortPeriod::month;
  if (text == "quarter") return CohortPeriod::quarter;
  if (text == "year") return CohortPeriod::year;
  throw usage_error(fmt::format("a cohort is by month, quarter or year (--by cohort:month), not '{}'", text));
}

std::optional<std::string> cohort_of(std::string_view date, CohortPeriod period) {
  // "YYYY-MM-DD", optionally followed by a time ("T08:26" or " 08:26").
  if (date.size() < 10 || (date.size() > 10 && date[10] != 'T' && date[10] != ' ')) {
    return std::nullopt;
  }
  const std::string_view year = date.substr(0, 4);
  const std::string_view month = date.substr(5, 2);
  const std::string_view day = date.substr(8, 2);
  if (date[4] != '-' || date[7] != '-' || !digits(year) || !digits(month) || !digits(day)) {
    return std::nullopt;
  }
  const int month_number = (month[0] - '0') * 10 + (month[1] - '0');
  const int day_number = (day[0] - '0') * 10 + (day[1] - '0');
  if (month_number < 1 || month_number > 12 || day_number < 1 || day_number > 31) {
    return std::nullopt;
  }
  switch (period) {
    case CohortPeriod::month: return fmt::format("{}-{}", year, month);
    case CohortPeriod::quarter: return fmt::format("{}-Q{}", year, (month_number - 1) / 3 + 1);
    case CohortPeriod::year: return std::string(year);
  }
  return std::nullopt;
}

std::optional<std::string> first_purchase_date(std::string_view observation_end, double age, TimeUnit unit) {
  if (!cohort_of(observation_end, CohortPeriod::year) || observation_end.size() != 10 || !std::isfinite(age) ||
      age < 0.0 || age > 1e6) {
    return std::nullopt;
  }
  using namespace std::chrono;
  const auto number = [&](std::size_t at, std::size_t length) {
    int value = 0;
    for (std::size_t i = at; i < at + length; ++i) {
      value = value * 10 + (observation_end[i] - '0');
    }
    return value;
  };
  const year_month_day end{year{number(0, 4)}, month{static_cast<unsigned>(number(5, 2))},
                           day{static_cast<unsigned>(number(8, 2))}};
  if (!end.ok()) {
    return std::nullopt;
  }
  const double unit_days = unit == TimeUnit::days ? 1.0 : unit == TimeUnit::weeks ? 7.0 : 365.25 / 12.0;
  const auto back = days{static_cast<int>(std::llround(age * unit_days))};
  const year_month_day first{sys_days{end} - back};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(first.year()), static_cast<unsigned>(first.month()),
                     static_cast<unsigned>(first.day()));
}

SegmentTable segment_customers(const CustomerSet& set, const std::vector<std::string>& keys,
                               const std::vector<SegmentRiskInput>& risk, const SegmentOptions& options,
                               const CustomerSet* tables) {
  const std::size_t count = set.customers.size();
  if (options.years < 1 || options.years > 1000) {
    throw usage_error("--years must be between 1 and 1000");
  }
  if (!(options.at_risk.alive_threshold > 0.0 && options.at_risk.alive_threshold <= 1.0)) {
    throw usage_error(fmt::format("the P(alive) threshold must be more than 0 and at most 1, not {}",
                                  options.at_risk.alive_threshold));
  }
  if (!std::isfinite(options.at_risk.minimum_value_at_stake)) {
    throw usage_error("the minimum value at stake must be a finite number");
  }
  if (keys.size() != count) {
    throw data_error(fmt::format("{} segment keys for {} customers", keys.size(), count), Location{set.source});
  }
  if (!risk.empty() && risk.size() != count) {
    throw data_error(fmt::format("{} forecasts for {} customers", risk.size(), count), Location{set.source});
  }
  const bool with_risk = !risk.empty();
  if (tables != nullptr) {
    const bool same = tables->customers.size() == count &&
                      std::equal(set.customers.begin(), set.customers.end(), tables->customers.begin(),
                                 [](const Customer& a, const Customer& b) { return a.id == b.id; });
    if (!same) {
      throw Error(ExitCode::software, "segment: the yearly tables are not of the valued customers");
    }
  }
  const CustomerSet& ledgers = tables != nullptr ? *tables : set;

  // Each customer's segment, numbered in order of first appearance.
  std::unordered_map<std::string_view, std::size_t> index_of;
  std::vector<std::string_view> names;
  std::vector<std::size_t> segment_of(count);
  for (std::size_t i = 0; i < count; ++i) {
    const auto [at, added] = index_of.try_emplace(keys[i], names.size());
    if (added) {
      names.push_back(keys[i]);
    }
    segment_of[i] = at->second;
  }
  if (names.size() > options.max_segments && !options.top) {
    throw data_error(fmt::format("{} segments, more than {}: group by a column with fewer values, or show the best "
                                 "with --top N",
                                 names.size(), options.max_segments),
                     Location{set.source});
  }

  // Years of the yearly tables, when any customer has one.
  const auto years = static_cast<std::size_t>(options.years);
  const bool with_tables =
      std::any_of(ledgers.customers.begin(), ledgers.customers.end(), [](const Customer& c) { return has_ledger(c); });
  std::vector<Group> groups(names.size());
  Group all;
  all.profit.assign(with_tables ? years : 0, 0.0);
  for (Group& group : groups) {
    group.profit.assign(with_tables ? years : 0, 0.0);
  }
  if (with_tables) {
    ProjectionOptions projection;
    projection.years = options.years;
    projection.depth = options.depth;
    const std::vector<Projection> projected = project(ledgers, projection);
    // project() keeps file order and skips customers without a ledger.
    std::size_t next = 0;
    for (std::size_t i = 0; i < count && next < projected.size(); ++i) {
      if (projected[next].id != ledgers.customers[i].id) {
        continue;
      }
      for (std::size_t y = 0; y < years; ++y) {
        groups[segment_of[i]].profit[y] += projected[next].years[y].profit;
        all.profit[y] += projected[next].years[y].profit;
      }
      ++next;
    }
  }

  const ReferralTree tree = build_referral_tree(set);
  const std::vector<double> own = own_net_incomes(set);
  const ReferralTotals totals = referral_totals(tree, own, options.depth);
  all.values.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const ValueResult result = customer_value(set.customers[i], totals.income[i], totals.referred[i]);
    for (Group* group : {&groups[segment_of[i]], &all}) {
      ++group->customers;
      group->total_value += result.own_net_income;
      group->acquisition_cost += result.acquisition_cost;
      group->referral_income += result.referral_net_income;
      group->values.push_back(result.own_net_income);
      group->all_ledgers = group->all_ledgers && has_ledger(ledgers.customers[i]);
    }
    if (with_risk) {
      const SegmentRiskInput& forecast = risk[i];
      if (!(forecast.probability_alive >= 0.0 && forecast.probability_alive <= 1.0) ||
          !std::isfinite(forecast.value_if_alive)) {
        throw data_error(fmt::format("customer '{}': P(alive) must be between 0 and 1 and the value if alive finite",
                                     set.customers[i].id),
                         Location{set.source, 0, 0, "probability_alive"});
      }
      const double at_stake = value_at_stake(forecast.probability_alive, forecast.value_if_alive);
      const bool at_risk = forecast.probability_alive < options.at_risk.alive_threshold && at_stake > 0.0 &&
                           at_stake >= options.at_risk.minimum_value_at_stake;
      for (Group* group : {&groups[segment_of[i]], &all}) {
        group->probability_alive += forecast.probability_alive;
        if (at_risk) {
          ++group->at_risk;
          group->value_at_stake += at_stake;
        }
      }
    }
  }

  SegmentTable table;
  table.segment_count = names.size();
  table.total = finish("(all)", all, with_tables, with_risk, all.total_value);
  table.segments.reserve(names.size());
  for (std::size_t s = 0; s < names.size(); ++s) {
    table.segments.push_back(finish(std::string(names[s]), groups[s], with_tables, with_risk, all.total_value));
  }
  // Sums and ratios of huge amounts can pass the largest double: refuse rather than print inf or nan.
  const auto check_finite = [&set](const SegmentResult& result) {
    const double figures[] = {result.total_value,  result.share.value_or(0.0),   result.mean_value,
                              result.median_value, result.mean_acquisition_cost, result.ltv_to_cac.value_or(0.0),
                              result.referral_income, result.value_at_stake.value_or(0.0)};
    if (!std::all_of(std::begin(figures), std::end(figures), [](double v) { return std::isfinite(v); })) {
      throw data_error(fmt::format("segment '{}': its totals are beyond the largest number clv can hold (about "
                                   "1.8e308); the amounts are too large",
                                   result.segment),
                       Location{set.source});
    }
  };
  check_finite(table.total);
  std::for_each(table.segments.begin(), table.segments.end(), check_finite);
  std::sort(table.segments.begin(), table.segments.end(), [](const SegmentResult& a, const SegmentResult& b) {
    return a.total_value != b.total_value ? a.total_value > b.total_value : a.segment < b.segment;
  });
  if (options.top && *options.top < table.segments.size()) {
    table.segments.resize(*options.top);
  }
  return table;
}

SegmentProjections project_segments(const CustomerSet& set, const std::vector<std::string>& keys,
                                    const ProjectionOptions& options, const std::vector<std::string>& order) {
  if (keys.size() != set.customers.size()) {
    throw data_error(fmt::format("{} segment keys for {} customers", keys.size(), set.customers.size()),
                     Location{set.source});
  }
  ProjectionOptions whole = options;
  whole.only_customer.reset();
  whole.detail = ReferralDetail::total;
  const std::vector<Projection> tables = project(set, whole);
  const auto years = static_cast<std::size_t>(options.years);

  // Sum the tables by segment.
  std::unordered_map<std::string_view, Projection> sums;
  std::size_t next = 0;
  for (std::size_t i = 0; i < set.customers.size() && next < tables.size(); ++i) {
    if (tables[next].id != set.customers[i].id) {
      continue;
    }
    auto [at, added] = sums.try_emplace(keys[i]);
    Projection& sum = at->second;
    if (added) {
      sum.years.resize(years);
      for (std::size_t y = 0; y < years; ++y) {
        sum.years[y].year = static_cast<int>(y + 1);
      }
    }
    for (std::size_t y = 0; y < years; ++y) {
      const ProjectionYear& from = tables[next].years[y];
      ProjectionYear& into = sum.years[y];
      into.base_sales += from.base_sales;
      into.new_sales += from.new_sales;
      into.revenue += from.revenue;
      into.cost += from.cost;
      into.referral += from.referral;
      into.profit += from.profit;
    }
    ++next;
  }

  SegmentProjections result;
  if (order.empty()) {
    for (const auto& entry : sums) {
      result.names.emplace_back(entry.first);
    }
    std::sort(result.names.begin(), result.names.end());
  } else {
    for (const std::string& name : order) {
      if (sums.count(name) != 0) {
        result.names.push_back(name);
      }
    }
  }
  result.tables.reserve(result.names.size());
  for (const std::string& name : result.names) {
    Projection table = std::move(sums.at(name));
    table.id = name;
    double cumulative = 0.0;
    double npv = 0.0;
    for (ProjectionYear& year : table.years) {
      cumulative += year.profit;
      year.cumulative_profit = cumulative;
      if (options.discount_rate) {
        year.discounted_profit = year.profit / std::pow(1.0 + *options.discount_rate, year.year);
        npv += *year.discounted_profit;
      }
    }
    table.total_profit = cumulative;
    if (options.discount_rate) {
      table.npv = npv;
    }
    for (const ProjectionYear& year : table.years) {
      const double figures[] = {year.base_sales, year.new_sales, year.revenue, year.cost, year.referral,
                                year.profit, year.cumulative_profit, year.discounted_profit.value_or(0.0), npv};
      if (!std::all_of(std::begin(figures), std::end(figures), [](double v) { return std::isfinite(v); })) {
        throw data_error(fmt::format("segment '{}': year {}: the customers' amounts add up to more than the largest "
                                     "number clv can hold (about 1.8e308); the amounts are too large",
                                     name, year.year),
                         Location{set.source});
      }
    }
    result.tables.push_back(std::move(table));
  }
  return result;
}

SegmentIndex index_segments(const std::vector<std::string>& keys) {
  SegmentIndex index;
  index.names = keys;
  std::sort(index.names.begin(), index.names.end());
  index.names.erase(std::unique(index.names.begin(), index.names.end()), index.names.end());
  index.of.reserve(keys.size());
  for (const std::string& key : keys) {
    index.of.push_back(static_cast<std::size_t>(
        std::lower_bound(index.names.begin(), index.names.end(), key) - index.names.begin()));
  }
  return index;
}

void set_segment_value_bounds(SegmentTable& table, const std::vector<std::string>& names,
                              const std::vector<Bounds>& total, const std::vector<Bounds>& mean, Bounds all_total,
                              Bounds all_mean) {
  if (total.size() != names.size() || mean.size() != names.size()) {
    throw Error(ExitCode::software, "segment bounds: one pair of bounds per segment is needed");
  }
  for (SegmentResult& segment : table.segments) {
    const auto at = std::lower_bound(names.begin(), names.end(), segment.segment);
    if (at == names.end() || *at != segment.segment) {
      throw Error(ExitCode::software, fmt::format("segment bounds: no bounds for segment '{}'", segment.segment));
    }
    const auto i = static_cast<std::size_t>(at - names.begin());
    segment.total_value_bounds = total[i];
    segment.mean_value_bounds = mean[i];
  }
  table.total.total_value_bounds = all_total;
  table.total.mean_value_bounds = all_mean;
}

}  // namespace clv
