#include "clv/rfm.hpp"

#include "clv/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <functional>

namespace clv {

namespace {

constexpr std::size_t k_arena_block = std::size_t{1} << 20;
constexpr std::size_t k_min_compaction = 8;

// What we keep per customer: O(1) figures plus the distinct purchase periods.
struct CustomerState {
  std::string_view id;
  std::int32_t first_period = 0;
  std::int32_t last_period = 0;
  double total_amount = 0.0;          // every purchase up to the observation end
  double first_period_amount = 0.0;   // the purchases in the first period
  double holdout_amount = 0.0;        // purchases after the calibration end
  std::uint64_t rows = 0;
  // Distinct periods, appended when different from the last one appended (so a log sorted by
  // date stores each once); sorted and de-duplicated when the vector would grow and at the end.
  std::vector<std::int32_t> periods;
};

void add_period(std::vector<std::int32_t>& periods, std::int32_t period) {
  if (!periods.empty() && periods.back() == period) {
    return;
  }
  if (periods.size() == periods.capacity() && periods.size() >= k_min_compaction) {
    std::sort(periods.begin(), periods.end());
    periods.erase(std::unique(periods.begin(), periods.end()), periods.end());
    if (std::binary_search(periods.begin(), periods.end(), period)) {
      return;
    }
  }
  periods.push_back(period);
}

struct Slot {
  std::uint32_t tag = 0;    // high bits of the hash, to skip most string compares
  std::uint32_t index = 0;  // customer index + 1; 0 = empty
};

// Numeric ids sort by value: the value of an all-digit id of up to 18 significant digits.
std::optional<std::uint64_t> numeric_value(std::string_view id) noexcept {
  if (id.empty()) {
    return std::nullopt;
  }
  std::uint64_t value = 0;
  std::size_t significant = 0;
  for (char c : id) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    if (value != 0 || c != '0') {
      ++significant;
    }
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (significant > 18) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

double unit_days(TimeUnit unit) noexcept {
  switch (unit) {
    case TimeUnit::days: return 1.0;
    case TimeUnit::weeks: return 7.0;
    case TimeUnit::months: return 365.25 / 12.0;
  }
  return 1.0;
}

std::int32_t period_of(io::DayNumber day, TimeUnit unit, Collapse collapse) noexcept {
  if (collapse == Collapse::day || unit == TimeUnit::days) {
    return day;
  }
  if (unit == TimeUnit::weeks) {
    // 1970-01-01 was a Thursday: day + 3 counts from Monday 1969-12-29.
    const std::int32_t shifted = day + 3;
    return shifted >= 0 ? shifted / 7 : -((-shifted + 6) / 7);
  }
  const std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{day}}};
  return static_cast<int>(date.year()) * 12 + static_cast<std::int32_t>(static_cast<unsigned>(date.month())) - 1;
}

bool customer_id_less(std::string_view a, std::string_view b) noexcept {
  const auto value_a = numeric_value(a);
  const auto value_b = numeric_value(b);
  if (value_a.has_value() != value_b.has_value()) {
    return value_a.has_value();
  }
  if (value_a && *value_a != *value_b) {
    return *value_a < *value_b;
  }
  return a < b;
}

struct RfmAccumulator::Impl {
  explicit Impl(const RfmOptions& options)
      : unit(options.unit),
        collapse(options.collapse),
        observation_end(options.observation_end),
        calibration_end(options.calibration_end),
        slots(std::size_t{1} << 12),
        mask(slots.size() - 1) {
    if (calibration_end) {
      calibration_period = period_of(*calibration_end, unit, collapse);
    }
  }

  std::string_view intern(std::string_view id) {
    if (id.size() > k_arena_block / 4) {
      blocks.push_back(std::make_unique<char[]>(id.size()));
      std::memcpy(blocks.back().get(), id.data(), id.size());
      return {blocks.back().get(), id.size()};
    }
    if (block_used + id.size() > k_arena_block || blocks.empty()) {
      blocks.push_back(std::make_unique<char[]>(k_arena_block));
      current_block = blocks.back().get();
      block_used = 0;
    }
    char* place = current_block + block_used;
    std::memcpy(place, id.data(), id.size());
    block_used += id.size();
    return {place, id.size()};
  }

  void grow() {
    std::vector<Slot> bigger(slots.size() * 2);
    const std::size_t bigger_mask = bigger.size() - 1;
    for (const Slot& slot : slots) {
      if (slot.index == 0) {
        continue;
      }
      std::size_t pos = hashes[slot.index - 1] & bigger_mask;
      while (bigger[pos].index != 0) {
        pos = (pos + 1) & bigger_mask;
      }
      bigger[pos] = slot;
    }
    slots = std::move(bigger);
    mask = bigger_mask;
  }

  // The customer's state; `created` tells whether it is new. `id` is copied when new.
  CustomerState& find_or_add(std::string_view id, bool& created, bool copy_id = true) {
    const std::size_t hash = std::hash<std::string_view>{}(id);
    const auto tag = static_cast<std::uint32_t>(hash >> 32) | 1U;
    std::size_t pos = hash & mask;
    for (;;) {
      Slot& slot = slots[pos];
      if (slot.index == 0) {
        break;
      }
      if (slot.tag == tag && customers[slot.index - 1].id == id) {
        created = false;
        return customers[slot.index - 1];
      }
      pos = (pos + 1) & mask;
    }
    created = true;
    customers.emplace_back();
    hashes.push_back(hash);
    customers.back().id = copy_id ? intern(id) : id;
    slots[pos] = Slot{tag, static_cast<std::uint32_t>(customers.size())};
    if (customers.size() * 2 > slots.size()) {
      grow();
    }
    return customers.back();
  }

  void add(std::string_view id, io::DayNumber day, double amount) {
    if (observation_end && day > *observation_end) {
      ++after_observation_end;
      return;
    }
    ++rows;
    first_day = std::min(first_day.value_or(day), day);
    last_day = std::max(last_day.value_or(day), day);
    const std::int32_t period = period_of(day, unit, collapse);
    bool created = false;
    CustomerState& customer = find_or_add(id, created);
    ++customer.rows;
    customer.total_amount += amount;
    if (calibration_period && period > *calibration_period) {
      customer.holdout_amount += amount;
    }
    if (created) {
      customer.first_period = period;
      customer.last_period = period;
      customer.first_period_amount = amount;
      customer.periods.push_back(period);
      return;
    }
    if (period < customer.first_period) {
      customer.first_period = period;
      customer.first_period_amount = amount;
    } else if (period == customer.first_period) {
      customer.first_period_amount += amount;
    }
    customer.last_period = std::max(customer.last_period, period);
    add_period(customer.periods, period);
  }

  void merge(Impl&& other) {
    // Take the other's id storage, so its views stay valid here.
    for (auto& block : other.blocks) {
      blocks.push_back(std::move(block));
    }
    rows += other.rows;
    after_observation_end += other.after_observation_end;
    if (other.first_day) {
      first_day = std::min(first_day.value_or(*other.first_day), *other.first_day);
      last_day = std::max(last_day.value_or(*other.last_day), *other.last_day);
    }
    for (CustomerState& theirs : other.customers) {
      bool created = false;
      CustomerState& ours = find_or_add(theirs.id, created, false);
      if (created) {
        ours = std::move(theirs);
        continue;
      }
      ours.rows += theirs.rows;
      ours.total_amount += theirs.total_amount;
      ours.holdout_amount += theirs.holdout_amount;
      if (theirs.first_period < ours.first_period) {
        ours.first_period = theirs.first_period;
        ours.first_period_amount = theirs.first_period_amount;
      } else if (theirs.first_period == ours.first_period) {
        ours.first_period_amount += theirs.first_period_amount;
      }
      ours.last_period = std::max(ours.last_period, theirs.last_period);
      ours.periods.insert(ours.periods.end(), theirs.periods.begin(), theirs.periods.end());
      std::vector<std::int32_t>().swap(theirs.periods);
    }
    other.customers.clear();
  }

  SummaryTable finish(bool has_amounts) const;

  TimeUnit unit;
  Collapse collapse;
  std::optional<io::DayNumber> observation_end;
  std::optional<io::DayNumber> calibration_end;
  std::optional<std::int32_t> calibration_period;
  std::vector<Slot> slots;
  std::size_t mask;
  std::vector<CustomerState> customers;
  std::vector<std::size_t> hashes;
  std::vector<std::unique_ptr<char[]>> blocks;
  char* current_block = nullptr;
  std::size_t block_used = 0;
  std::uint64_t rows = 0;
  std::uint64_t after_observation_end = 0;
  std::optional<io::DayNumber> first_day;
  std::optional<io::DayNumber> last_day;
};

SummaryTable RfmAccumulator::Impl::finish(bool has_amounts) const {
  if (customers.empty()) {
    throw data_error(after_observation_end > 0 ? "no purchase on or before the observation end"
                                               : "the log has no transactions");
  }
  const io::DayNumber end_day = observation_end.value_or(*last_day);
  if (calibration_end && *calibration_end >= end_day) {
    throw usage_error(fmt::format("the calibration end {} must be before the observation end {}",
                                  io::format_day(*calibration_end), io::format_day(end_day)));
  }
  const std::int32_t end_period = period_of(end_day, unit, collapse);
  // With Collapse::day periods are days, converted to the unit; otherwise whole periods.
  const double scale = collapse == Collapse::day ? 1.0 / unit_days(unit) : 1.0;

  // Sort once by a precomputed key: numeric ids compare as integers without re-parsing.
  struct Key {
    bool other = false;
    std::uint64_t value = 0;
    std::string_view id;
    std::uint32_t index = 0;
  };
  std::vector<Key> order;
  order.reserve(customers.size());
  for (std::size_t i = 0; i < customers.size(); ++i) {
    const auto value = numeric_value(customers[i].id);
    order.push_back(Key{!value.has_value(), value.value_or(0), customers[i].id, static_cast<std::uint32_t>(i)});
  }
  std::sort(order.begin(), order.end(), [](const Key& a, const Key& b) {
    if (a.other != b.other) {
      return b.other;
    }
    if (a.value != b.value) {
      return a.value < b.value;
    }
    return a.id < b.id;
  });

  SummaryTable table;
  table.unit = unit;
  table.has_amounts = has_amounts;
  table.observation_end = io::format_day(calibration_end.value_or(end_day));
  table.customers.reserve(customers.size());
  if (calibration_end) {
    table.holdout.reserve(customers.size());
  }
  std::vector<std::int32_t> periods;
  for (const Key& key : order) {
    const CustomerState& state = customers[key.index];
    periods = state.periods;
    std::sort(periods.begin(), periods.end());
    periods.erase(std::unique(periods.begin(), periods.end()), periods.end());
    CustomerSummary summary;
    summary.id = std::string(state.id);
    if (!calibration_end) {
      const auto repeats = static_cast<double>(periods.size() - 1);
      summary.frequency = repeats;
      summary.recency = (state.last_period - state.first_period) * scale;
      summary.age = (end_period - state.first_period) * scale;
      if (repeats > 0) {
        summary.monetary_value = std::max(0.0, (state.total_amount - state.first_period_amount) / repeats);
      }
      summary.first_purchase_value = state.first_period_amount;
      summary.total_spend = state.total_amount;
      summary.transactions = static_cast<std::int64_t>(state.rows);
      table.customers.push_back(std::move(summary));
      continue;
    }
    if (state.first_period > *calibration_period) {
      continue;  // first purchase in the holdout: not part of the calibration cohort
    }
    const auto calibration_count = static_cast<std::size_t>(
        std::upper_bound(periods.begin(), periods.end(), *calibration_period) - periods.begin());
    const auto repeats = static_cast<double>(calibration_count - 1);
    const double calibration_amount = state.total_amount - state.holdout_amount;
    summary.frequency = repeats;
    summary.recency = (periods[calibration_count - 1] - state.first_period) * scale;
    summary.age = (*calibration_period - state.first_period) * scale;
    if (repeats > 0) {
      summary.monetary_value = std::max(0.0, (calibration_amount - state.first_period_amount) / repeats);
    }
    summary.first_purchase_value = state.first_period_amount;
    summary.total_spend = calibration_amount;
    HoldoutSummary holdout;
    const auto holdout_count = static_cast<double>(periods.size() - calibration_count);
    holdout.frequency = holdout_count;
    holdout.monetary_value = holdout_count > 0 ? state.holdout_amount / holdout_count : 0.0;
    holdout.duration = (end_period - *calibration_period) * scale;
    table.customers.push_back(std::move(summary));
    table.holdout.push_back(holdout);
  }
  return table;
}

RfmAccumulator::RfmAccumulator(const RfmOptions& options) : m_impl(std::make_unique<Impl>(options)) {}
RfmAccumulator::~RfmAccumulator() = default;
RfmAccumulator::RfmAccumulator(RfmAccumulator&&) noexcept = default;
RfmAccumulator& RfmAccumulator::operator=(RfmAccumulator&&) noexcept = default;

void RfmAccumulator::add(std::string_view customer_id, io::DayNumber day, double amount) {
  m_impl->add(customer_id, day, amount);
}

void RfmAccumulator::merge(RfmAccumulator&& other) { m_impl->merge(std::move(*other.m_impl)); }

std::uint64_t RfmAccumulator::rows() const noexcept { return m_impl->rows; }
std::uint64_t RfmAccumulator::rows_after_observation_end() const noexcept { return m_impl->after_observation_end; }
std::size_t RfmAccumulator::customers() const noexcept { return m_impl->customers.size(); }
std::optional<io::DayNumber> RfmAccumulator::first_day() const noexcept { return m_impl->first_day; }
std::optional<io::DayNumber> RfmAccumulator::last_day() const noexcept { return m_impl->last_day; }

SummaryTable RfmAccumulator::finish(bool has_amounts) const { return m_impl->finish(has_amounts); }

RfmResult summarise_with_report(io::InputSource& source, const RfmOptions& options) {
  io::TransactionReader reader(source, options.log);
  RfmAccumulator accumulator(options);
  io::Transaction transaction;
  std::uint64_t count = 0;
  while (reader.next(transaction)) {
    accumulator.add(transaction.customer_id, transaction.day, transaction.amount);
    if ((++count & 0xFFFF) == 0 && options.progress) {
      options.progress(count);
    }
  }
  RfmResult result;
  result.report.rows_read = count;
  result.report.rows_skipped = reader.rows_skipped();
  result.report.skipped_examples = reader.skipped_examples();
  result.report.rows_after_observation_end = accumulator.rows_after_observation_end();
  result.report.has_amounts = reader.has_amounts();
  result.report.first_day = accumulator.first_day();
  result.report.last_day = accumulator.last_day();
  try {
    result.summary = accumulator.finish(reader.has_amounts());
  } catch (const Error& error) {
    if (error.code() == ExitCode::data_error && error.where().file.empty()) {
      throw data_error(error.message(), Location{source.name()});
    }
    throw;
  }
  return result;
}

RfmResult summarise_log_with_report(const std::string& path, const RfmOptions& options) {
  const auto input = io::open_input(path);
  return summarise_with_report(*input, options);
}

SummaryTable summarise_log(const std::string& path, const RfmOptions& options) {
  return summarise_log_with_report(path, options).summary;
}

}  // namespace clv
