#include "clv/rfm.hpp"

#include "clv/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstring>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <limits>
#include <mutex>
#include <thread>

namespace clv {

namespace {

// A customer's record is three cache lines: the row count and its first distinct purchase
// periods inline, each with its net amount; customers with more periods keep them in a separate
// list. (Two lines hold only 9 periods: on a log of 10 purchases per customer half of them would
// spill, costing a third more CPU time and memory; three lines cost 64 bytes per customer.)
constexpr std::uint32_t k_inline_periods = 14;
constexpr std::uint32_t k_spilled = 0xFFFFFFFFU;
constexpr std::size_t k_min_compaction = 32;
constexpr std::size_t k_chunk_bits = 12;  // records are stored in chunks of 4096: no moves on growth
constexpr std::size_t k_batch = 32;       // rows looked up together, so memory loads overlap

// A period is stored as a key: period * 2, plus 1 once a refund (negative amount) fell in it.
// Only such a period can stop counting as a purchase (net <= 0): a zero amount without a refund
// (a log without amounts, a free order) stays a purchase.
constexpr std::int32_t key_of_period(std::int32_t period, bool refund) noexcept { return period * 2 + (refund ? 1 : 0); }
constexpr std::int32_t period_of_key(std::int32_t key) noexcept { return key >> 1; }  // floor, also below 0
constexpr bool refund_in(std::int32_t key) noexcept { return (key & 1) != 0; }

struct PeriodAmount {
  std::int32_t key = 0;
  double amount = 0.0;  // net: purchases minus refunds
};

struct alignas(64) CustomerState {
  std::uint32_t id_offset = 0;  // the id's text in the arena
  std::uint32_t id_length = 0;
  std::uint64_t rows = 0;
  std::uint32_t period_count = 0;  // periods used inline, or k_spilled
  // Distinct periods (keys) and their amounts inline; when spilled, keys[0] is the index of the
  // customer's list.
  std::int32_t keys[k_inline_periods] = {};
  std::uint32_t holdout_rows = 0;  // rows after the calibration end (fills the padding before amounts)
  double amounts[k_inline_periods] = {};
};
static_assert(sizeof(CustomerState) == 192);

// The amounts of periods[begin, end) added with Neumaier's compensation, so that a mean of many
// amounts is the correctly rounded one (almost always) rather than drifting by an ulp per term.
// An overflow gives inf or nan, which the caller refuses.
double sum_of_amounts(const std::vector<PeriodAmount>& periods, std::size_t begin, std::size_t end) noexcept {
  double sum = 0.0;
  double compensation = 0.0;
  for (std::size_t i = begin; i < end; ++i) {
    const double amount = periods[i].amount;
    const double next = sum + amount;
    compensation += std::fabs(sum) >= std::fabs(amount) ? (sum - next) + amount : (amount - next) + sum;
    sum = next;
  }
  return sum + compensation;
}

// Sorts a list by period and merges the entries of one period (amounts added, refund marks kept).
void compact(std::vector<PeriodAmount>& list) {
  std::sort(list.begin(), list.end(), [](const PeriodAmount& a, const PeriodAmount& b) {
    return period_of_key(a.key) < period_of_key(b.key);
  });
  std::size_t kept = 0;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (kept > 0 && period_of_key(list[kept - 1].key) == period_of_key(list[i].key)) {
      list[kept - 1].key |= list[i].key & 1;
      list[kept - 1].amount += list[i].amount;
    } else {
      list[kept++] = list[i];
    }
  }
  list.resize(kept);
}

// Adds an amount to a period of an unsorted list (a period may appear more than once until the
// list is compacted). Compacts when the vector would grow, so memory follows distinct periods,
// not rows.
void add_to_list(std::vector<PeriodAmount>& list, std::int32_t period, bool refund, double amount) {
  if (!list.empty() && period_of_key(list.back().key) == period) {
    list.back().key |= refund ? 1 : 0;
    list.back().amount += amount;
    return;
  }
  if (list.size() == list.capacity() && list.size() >= k_min_compaction) {
    compact(list);
    const auto place = std::lower_bound(list.begin(), list.end(), period, [](const PeriodAmount& entry, std::int32_t p) {
      return period_of_key(entry.key) < p;
    });
    if (place != list.end() && period_of_key(place->key) == period) {
      place->key |= refund ? 1 : 0;
      place->amount += amount;
      return;
    }
  }
  list.push_back(PeriodAmount{key_of_period(period, refund), amount});
}

// An id as a lookup key: all-digit ids of up to 19 characters are their value and length (so
// "01" and "1" differ) and compare without touching their text; others are a hash with tag 0.
struct IdKey {
  std::uint64_t key = 0;
  std::uint32_t tag = 0;
};

IdKey key_of(std::string_view id) noexcept {
  if (!id.empty() && id.size() <= 19) {
    std::uint64_t value = 0;
    bool digits = true;
    for (char c : id) {
      if (c < '0' || c > '9') {
        digits = false;
        break;
      }
      value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (digits) {
      return {value, static_cast<std::uint32_t>(id.size())};
    }
  }
  return {std::hash<std::string_view>{}(id), 0};
}

std::uint64_t mix(IdKey key) noexcept {
  // A 64-bit finaliser (MurmurHash3's fmix64): numeric ids are often consecutive.
  std::uint64_t h = key.key ^ (static_cast<std::uint64_t>(key.tag) << 56);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

struct Slot {
  std::uint64_t key = 0;
  std::uint32_t tag = 0;
  std::uint32_t index = 0;  // customer index + 1; 0 = empty
};

struct Pending {
  IdKey key;
  std::uint64_t hash = 0;
  std::uint32_t id_offset = 0;  // in the batch's id text
  std::uint32_t id_length = 0;
  io::DayNumber day = 0;
  double amount = 0.0;
  std::uint32_t index = 0;
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
        holdout_average(options.holdout_average),
        threads(options.threads == 0 ? std::min(2U, std::thread::hardware_concurrency()) : options.threads),
        slots(std::size_t{1} << 12),
        mask(slots.size() - 1) {
    if (calibration_end) {
      calibration_period = period_of(*calibration_end, unit, collapse);
      last_calibration_period = *calibration_period;
    }
    pending.reserve(k_batch);
  }

  CustomerState& customer(std::size_t index) {
    return chunks[index >> k_chunk_bits][index & ((std::size_t{1} << k_chunk_bits) - 1)];
  }
  const CustomerState& customer(std::size_t index) const {
    return chunks[index >> k_chunk_bits][index & ((std::size_t{1} << k_chunk_bits) - 1)];
  }
  std::string_view id_of(const CustomerState& state) const { return {arena.data() + state.id_offset, state.id_length}; }

  void grow() {
    std::vector<Slot> bigger(slots.size() * 2);
    const std::size_t bigger_mask = bigger.size() - 1;
    for (const Slot& slot : slots) {
      if (slot.index == 0) {
        continue;
      }
      std::size_t pos = mix(IdKey{slot.key, slot.tag}) & bigger_mask;
      while (bigger[pos].index != 0) {
        pos = (pos + 1) & bigger_mask;
      }
      bigger[pos] = slot;
    }
    slots = std::move(bigger);
    mask = bigger_mask;
  }

  // The index of the customer with this id, adding it when new (`created`).
  std::uint32_t find_or_add(std::string_view id, IdKey key, std::uint64_t hash, bool& created) {
    std::size_t pos = hash & mask;
    for (;;) {
      const Slot& slot = slots[pos];
      if (slot.index == 0) {
        break;
      }
      if (slot.key == key.key && slot.tag == key.tag && (key.tag != 0 || id_of(customer(slot.index - 1)) == id)) {
        created = false;
        return slot.index - 1;
      }
      pos = (pos + 1) & mask;
    }
    created = true;
    if (arena.size() + id.size() > 0xFFFFFFFFU || count >= 0x7FFFFFFFU) {
      throw data_error("too many distinct customer ids (more than 4 GiB of id text or 2^31 ids)");
    }
    const auto index = static_cast<std::uint32_t>(count++);
    if ((index >> k_chunk_bits) == chunks.size()) {
      chunks.push_back(std::make_unique<CustomerState[]>(std::size_t{1} << k_chunk_bits));
    }
    CustomerState& state = customer(index);
    state.id_offset = static_cast<std::uint32_t>(arena.size());
    state.id_length = static_cast<std::uint32_t>(id.size());
    arena.append(id);
    slots[pos] = Slot{key.key, key.tag, index + 1};
    if (count * 2 > slots.size()) {
      grow();
    }
    return index;
  }

  void add_period(CustomerState& state, std::int32_t period, bool refund, double amount) {
    if (state.period_count == k_spilled) {
      add_to_list(spills[static_cast<std::uint32_t>(state.keys[0])], period, refund, amount);
      return;
    }
    // From the newest entry back: in a log in date order the period is usually the last one.
    for (std::uint32_t i = state.period_count; i-- > 0;) {
      if (period_of_key(state.keys[i]) == period) {
        state.keys[i] |= refund ? 1 : 0;
        state.amounts[i] += amount;
        return;
      }
    }
    if (state.period_count < k_inline_periods) {
      state.keys[state.period_count] = key_of_period(period, refund);
      state.amounts[state.period_count] = amount;
      ++state.period_count;
      return;
    }
    std::vector<PeriodAmount> list;
    list.reserve(2 * k_inline_periods);
    for (std::uint32_t i = 0; i < state.period_count; ++i) {
      list.push_back(PeriodAmount{state.keys[i], state.amounts[i]});
    }
    list.push_back(PeriodAmount{key_of_period(period, refund), amount});
    spills.push_back(std::move(list));
    state.keys[0] = static_cast<std::int32_t>(spills.size() - 1);
    state.period_count = k_spilled;
  }

  // The customer's distinct periods with their net amounts, sorted by period.
  void periods_of(const CustomerState& state, std::vector<PeriodAmount>& out) const {
    if (state.period_count == k_spilled) {
      out = spills[static_cast<std::uint32_t>(state.keys[0])];
    } else {
      out.clear();
      for (std::uint32_t i = 0; i < state.period_count; ++i) {
        out.push_back(PeriodAmount{state.keys[i], state.amounts[i]});
      }
    }
    compact(out);
  }

  // The periods that are purchases: those without a refund, and those whose refunds leave a
  // positive net (Returns::net). The others are dropped from `periods`.
  static void keep_purchases(std::vector<PeriodAmount>& periods) {
    periods.erase(std::remove_if(periods.begin(), periods.end(),
                                 [](const PeriodAmount& entry) { return refund_in(entry.key) && !(entry.amount > 0.0); }),
                  periods.end());
  }

  static void count_holdout_row(CustomerState& state, std::uint32_t rows = 1) {
    if (state.holdout_rows > 0xFFFFFFFFU - rows) {
      throw data_error("a customer has more than 4,294,967,295 rows after the calibration end");
    }
    state.holdout_rows += rows;
  }

  void update(CustomerState& state, bool created, io::DayNumber day, double amount) {
    const std::int32_t period = period_of(day, unit, collapse);
    const bool refund = amount < 0.0;
    ++state.rows;
    if (period > last_calibration_period) {
      count_holdout_row(state);
    }
    if (created) {
      state.keys[0] = key_of_period(period, refund);
      state.amounts[0] = amount;
      state.period_count = 1;
      return;
    }
    add_period(state, period, refund, amount);
  }

  void add(std::string_view id, io::DayNumber day, double amount) {
    if (observation_end && day > *observation_end) {
      ++after_observation_end;
      return;
    }
    ++rows;
    first_day = std::min(first_day.value_or(day), day);
    last_day = std::max(last_day.value_or(day), day);
    Pending entry;
    entry.key = key_of(id);
    entry.hash = mix(entry.key);
    entry.id_offset = static_cast<std::uint32_t>(batch_ids.size());
    entry.id_length = static_cast<std::uint32_t>(id.size());
    entry.day = day;
    entry.amount = amount;
    batch_ids.append(id);
    __builtin_prefetch(&slots[entry.hash & mask]);
    pending.push_back(entry);
    if (pending.size() == k_batch) {
      flush();
    }
  }

  // Processes the batch in two passes: find every customer (prefetching their records), then
  // update them in row order.
  void flush() {
    for (Pending& entry : pending) {
      bool created = false;
      const std::string_view id(batch_ids.data() + entry.id_offset, entry.id_length);
      entry.index = find_or_add(id, entry.key, entry.hash, created);
      if (created) {
        entry.index |= 0x80000000U;
      } else {
        __builtin_prefetch(&customer(entry.index));
      }
    }
    for (const Pending& entry : pending) {
      const bool created = (entry.index & 0x80000000U) != 0;
      update(customer(entry.index & 0x7FFFFFFFU), created, entry.day, entry.amount);
    }
    pending.clear();
    batch_ids.clear();
  }

  void merge(Impl&& other) {
    flush();
    other.flush();
    rows += other.rows;
    after_observation_end += other.after_observation_end;
    if (other.first_day) {
      first_day = std::min(first_day.value_or(*other.first_day), *other.first_day);
      last_day = std::max(last_day.value_or(*other.last_day), *other.last_day);
    }
    std::vector<PeriodAmount> periods;
    for (std::size_t i = 0; i < other.count; ++i) {
      const CustomerState& theirs = other.customer(i);
      const std::string_view id = other.id_of(theirs);
      const IdKey key = key_of(id);
      bool created = false;
      CustomerState& ours = customer(find_or_add(id, key, mix(key), created));
      ours.rows += theirs.rows;
      count_holdout_row(ours, theirs.holdout_rows);
      other.periods_of(theirs, periods);
      for (const PeriodAmount& entry : periods) {
        add_period(ours, period_of_key(entry.key), refund_in(entry.key), entry.amount);
      }
    }
    other.chunks.clear();
    other.spills.clear();
    other.count = 0;
  }

  SummaryTable finish(bool has_amounts);

  TimeUnit unit;
  Collapse collapse;
  std::optional<io::DayNumber> observation_end;
  std::optional<io::DayNumber> calibration_end;
  std::optional<std::int32_t> calibration_period;
  // Rows in a later period are holdout rows (none without a calibration end).
  std::int32_t last_calibration_period = std::numeric_limits<std::int32_t>::max();
  HoldoutAverage holdout_average;
  unsigned threads;
  std::vector<Slot> slots;
  std::size_t mask;
  std::vector<std::unique_ptr<CustomerState[]>> chunks;
  std::size_t count = 0;
  std::string arena;  // every id's text, back to back
  std::vector<std::vector<PeriodAmount>> spills;
  std::vector<Pending> pending;
  std::string batch_ids;
  std::uint64_t rows = 0;
  std::uint64_t after_observation_end = 0;
  std::optional<io::DayNumber> first_day;
  std::optional<io::DayNumber> last_day;
  std::uint64_t without_purchase = 0;  // customers whose every period was refunded (set by finish)
};

SummaryTable RfmAccumulator::Impl::finish(bool has_amounts) {
  flush();
  if (count == 0) {
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
  order.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::string_view id = id_of(customer(i));
    const auto value = numeric_value(id);
    order.push_back(Key{!value.has_value(), value.value_or(0), id, static_cast<std::uint32_t>(i)});
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
  // Summarises customers order[begin, end) into `out` (and `holdout_out`); counts in
  // `without` those left with no purchase period.
  auto summarise_range = [&](std::size_t begin, std::size_t end, std::vector<CustomerSummary>& out,
                             std::vector<HoldoutSummary>& holdout_out, std::uint64_t& without) {
    out.reserve(end - begin);
    if (calibration_end) {
      holdout_out.reserve(end - begin);
    }
    std::vector<PeriodAmount> periods;
    constexpr std::size_t k_prefetch_ahead = 8;  // records are visited in id order, not memory order
    for (std::size_t position = begin; position < end; ++position) {
      const Key& key = order[position];
      if (position + k_prefetch_ahead < end) {
        const CustomerState* ahead = &customer(order[position + k_prefetch_ahead].index);
        __builtin_prefetch(ahead);
        __builtin_prefetch(reinterpret_cast<const char*>(ahead) + 64);
      }
      const CustomerState& state = customer(key.index);
      periods_of(state, periods);
      keep_purchases(periods);
      if (periods.empty()) {
        ++without;  // only refunds, or refunds that cancel every purchase
        continue;
      }
      const std::int32_t first_period = period_of_key(periods.front().key);
      const double first_amount = periods.front().amount;
      // Only purchases up to the calibration end (all of them without one) are summarised.
      std::size_t calibration_count = periods.size();
      if (calibration_end) {
        if (first_period > *calibration_period) {
          continue;  // first purchase in the holdout: not part of the calibration cohort
        }
        calibration_count = static_cast<std::size_t>(
            std::upper_bound(periods.begin(), periods.end(), *calibration_period,
                             [](std::int32_t p, const PeriodAmount& entry) { return p < period_of_key(entry.key); }) -
            periods.begin());
      }
      // The repeat purchases' mean is their own sum over their count, as lifetimes computes it:
      // not the total less the first purchase, whose subtraction leaves the total's rounding.
      const double repeat_amount = sum_of_amounts(periods, 1, calibration_count);
      const double calibration_amount = sum_of_amounts(periods, 0, calibration_count);
      const double holdout_amount = sum_of_amounts(periods, calibration_count, periods.size());
      // Finite amounts can add up past the largest double.
      if (!std::isfinite(calibration_amount + holdout_amount) || !std::isfinite(repeat_amount) ||
          !std::isfinite(first_amount)) {
        throw data_error(fmt::format("customer '{}': the amounts add up to more than the largest number clv can "
                                     "hold (about 1.8e308)",
                                     key.id),
                         Location{{}, 0, 0, "amount"});
      }
      const auto repeats = static_cast<double>(calibration_count - 1);
      CustomerSummary summary;
      summary.id = std::string(key.id);
      summary.frequency = repeats;
      summary.recency = (period_of_key(periods[calibration_count - 1].key) - first_period) * scale;
      summary.age = ((calibration_end ? *calibration_period : end_period) - first_period) * scale;
      if (repeats > 0) {
        summary.monetary_value = std::max(0.0, repeat_amount / repeats);
      }
      summary.first_purchase_value = first_amount;
      summary.total_spend = calibration_amount;
      if (!calibration_end) {
        summary.transactions = static_cast<std::int64_t>(state.rows);
        out.push_back(std::move(summary));
        continue;
      }
      HoldoutSummary holdout;
      const auto holdout_count = static_cast<double>(periods.size() - calibration_count);
      holdout.frequency = holdout_count;
      const double average_over = holdout_average == HoldoutAverage::per_transaction
                                      ? static_cast<double>(state.holdout_rows)
                                      : holdout_count;
      holdout.monetary_value = holdout_count > 0 ? holdout_amount / average_over : 0.0;
      holdout.duration = (end_period - *calibration_period) * scale;
      out.push_back(std::move(summary));
      holdout_out.push_back(holdout);
    }
  };

  // Two halves on two threads when there are many customers: the records are visited in id
  // order, so this part is memory-bound and overlaps well.
  constexpr std::size_t k_parallel_customers = 100000;
  if (threads >= 2 && order.size() >= k_parallel_customers) {
    const std::size_t middle = order.size() / 2;
    std::vector<CustomerSummary> second;
    std::vector<HoldoutSummary> second_holdout;
    std::exception_ptr error;
    std::uint64_t second_without = 0;
    std::thread helper([&] {
      try {
        summarise_range(middle, order.size(), second, second_holdout, second_without);
      } catch (...) {
        error = std::current_exception();
      }
    });
    table.customers.reserve(order.size());  // the second half is moved in without a copy
    if (calibration_end) {
      table.holdout.reserve(order.size());
    }
    summarise_range(0, middle, table.customers, table.holdout, without_purchase);
    helper.join();
    without_purchase += second_without;
    if (error) {
      std::rethrow_exception(error);
    }
    table.customers.insert(table.customers.end(), std::make_move_iterator(second.begin()),
                           std::make_move_iterator(second.end()));
    table.holdout.insert(table.holdout.end(), second_holdout.begin(), second_holdout.end());
  } else {
    summarise_range(0, order.size(), table.customers, table.holdout, without_purchase);
  }
  if (table.customers.empty() && without_purchase > 0) {
    throw data_error(fmt::format("no purchase: every customer in the log has only refunds ({} customer{}; each "
                                 "period's net amount is 0 or less)",
                                 without_purchase, without_purchase == 1 ? "" : "s"));
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
std::size_t RfmAccumulator::customers() const noexcept { return m_impl->count; }
std::optional<io::DayNumber> RfmAccumulator::first_day() const noexcept { return m_impl->first_day; }
std::optional<io::DayNumber> RfmAccumulator::last_day() const noexcept { return m_impl->last_day; }
std::uint64_t RfmAccumulator::customers_without_purchase() const noexcept { return m_impl->without_purchase; }

SummaryTable RfmAccumulator::finish(bool has_amounts) { return m_impl->finish(has_amounts); }

namespace {

// Rows handed from the reading thread to the summing thread, in batches.
struct RowBatch {
  struct Row {
    std::uint32_t id_offset;
    std::uint32_t id_length;
    io::DayNumber day;
    double amount;
  };
  std::string ids;
  std::vector<Row> rows;
};

constexpr std::size_t k_rows_per_batch = 8192;
constexpr std::size_t k_batches_in_flight = 4;

// A two-thread pipeline: one thread reads and parses (CSV splitting, dates, amounts,
// decompression), the calling thread sums. The summing is memory-bound (one customer record per
// row), the parsing compute-bound, so the two overlap well on two cores.
class Pipeline {
 public:
  explicit Pipeline(io::TransactionReader& reader) : m_reader(reader) {
    for (std::size_t i = 0; i < k_batches_in_flight; ++i) {
      m_free.push_back(std::make_unique<RowBatch>());
      m_free.back()->rows.reserve(k_rows_per_batch);
    }
    m_thread = std::thread([this] { produce(); });
  }
  ~Pipeline() {
    {
      const std::lock_guard lock(m_mutex);
      m_cancelled = true;
    }
    m_changed.notify_all();
    m_thread.join();
  }
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // The next full batch, or nullptr at the end (rethrows the reader's error).
  std::unique_ptr<RowBatch> next() {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return !m_full.empty() || m_done; });
    if (!m_full.empty()) {
      auto batch = std::move(m_full.front());
      m_full.pop_front();
      return batch;
    }
    if (m_error) {
      std::rethrow_exception(m_error);
    }
    return nullptr;
  }

  void recycle(std::unique_ptr<RowBatch> batch) {
    batch->ids.clear();
    batch->rows.clear();
    {
      const std::lock_guard lock(m_mutex);
      m_free.push_back(std::move(batch));
    }
    m_changed.notify_all();
  }

 private:
  void produce() {
    try {
      io::Transaction transaction;
      std::unique_ptr<RowBatch> batch = take_free();
      while (batch) {
        if (!m_reader.next(transaction)) {
          if (!batch->rows.empty()) {
            hand_over(std::move(batch));
          }
          break;
        }
        batch->rows.push_back(RowBatch::Row{static_cast<std::uint32_t>(batch->ids.size()),
                                            static_cast<std::uint32_t>(transaction.customer_id.size()),
                                            transaction.day, transaction.amount});
        batch->ids.append(transaction.customer_id);
        if (batch->rows.size() == k_rows_per_batch) {
          hand_over(std::move(batch));
          batch = take_free();
        }
      }
    } catch (...) {
      const std::lock_guard lock(m_mutex);
      m_error = std::current_exception();
    }
    {
      const std::lock_guard lock(m_mutex);
      m_done = true;
    }
    m_changed.notify_all();
  }

  std::unique_ptr<RowBatch> take_free() {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return !m_free.empty() || m_cancelled; });
    if (m_cancelled) {
      return nullptr;
    }
    auto batch = std::move(m_free.back());
    m_free.pop_back();
    return batch;
  }

  void hand_over(std::unique_ptr<RowBatch> batch) {
    {
      const std::lock_guard lock(m_mutex);
      m_full.push_back(std::move(batch));
    }
    m_changed.notify_all();
  }

  io::TransactionReader& m_reader;
  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<std::unique_ptr<RowBatch>> m_full;
  std::vector<std::unique_ptr<RowBatch>> m_free;
  bool m_done = false;
  bool m_cancelled = false;
  std::exception_ptr m_error;
  std::thread m_thread;
};

std::uint64_t sum_rows(io::TransactionReader& reader, RfmAccumulator& accumulator, const RfmOptions& options,
                       const ProgressStage& progress) {
  std::uint64_t count = 0;
  const unsigned threads = options.threads == 0 ? std::min(2U, std::thread::hardware_concurrency()) : options.threads;
  if (threads < 2) {
    io::Transaction transaction;
    while (reader.next(transaction)) {
      accumulator.add(transaction.customer_id, transaction.day, transaction.amount);
      if ((++count & 0xFFFF) == 0) {
        progress.advance(count);
      }
    }
    return count;
  }
  Pipeline pipeline(reader);
  std::uint64_t next_progress = 0x10000;
  while (auto batch = pipeline.next()) {
    for (const RowBatch::Row& row : batch->rows) {
      accumulator.add(std::string_view(batch->ids.data() + row.id_offset, row.id_length), row.day, row.amount);
    }
    count += batch->rows.size();
    pipeline.recycle(std::move(batch));
    if (count >= next_progress) {
      progress.advance(count);
      next_progress = count + 0x10000;
    }
  }
  return count;
}

}  // namespace

RfmResult summarise_with_report(io::InputSource& source, const RfmOptions& options) {
  io::TransactionReader reader(source, options.log);
  RfmAccumulator accumulator(options);
  const std::uint64_t count = [&] {
    const ProgressStage progress(options.progress, fmt::format("reading {}", source.name()), "rows");
    return sum_rows(reader, accumulator, options, progress);
  }();
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
    result.report.customers_without_purchase = accumulator.customers_without_purchase();
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
