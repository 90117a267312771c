#include "clv/opportunities.hpp"

#include "clv/error.hpp"
#include "clv/io/input.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace clv {

models::bg_bb::OpportunityHistory opportunities_of_customer(std::span<const io::DayNumber> days, double period_days,
                                                            io::DayNumber observation_end) {
  if (days.empty()) {
    return {};
  }
  const io::DayNumber first = *std::min_element(days.begin(), days.end());
  auto period_of = [&](double day_offset) { return static_cast<long long>(std::floor(day_offset / period_days)); };
  // Period k covers days [first + k L, first + (k+1) L); it is complete when its last day is on
  // or before the observation end.
  const long long last_complete = period_of(static_cast<double>(observation_end) + 1.0 - first) - 1;
  std::vector<long long> periods;
  periods.reserve(days.size());
  for (const io::DayNumber day : days) {
    if (day <= observation_end) {
      periods.push_back(period_of(static_cast<double>(day - first)));
    }
  }
  return models::bg_bb::opportunities_from_periods(periods, last_complete);
}

OpportunityLog opportunities_from_log(const std::string& path, const OpportunityLogOptions& options) {
  const auto source = io::open_input(path);
  return opportunities_from_log(*source, options);
}

OpportunityLog opportunities_from_log(io::InputSource& source, const OpportunityLogOptions& options) {
  io::TransactionReader reader(source, options.log);
  std::unordered_map<std::string, std::size_t> index;
  OpportunityLog result;
  std::vector<std::vector<io::DayNumber>> days;
  std::optional<io::DayNumber> last_day;
  io::Transaction transaction;
  while (reader.next(transaction)) {
    const auto [it, fresh] = index.try_emplace(std::string(transaction.customer_id), days.size());
    if (fresh) {
      result.ids.emplace_back(transaction.customer_id);
      days.emplace_back();
    }
    days[it->second].push_back(transaction.day);
    last_day = last_day ? std::max(*last_day, transaction.day) : transaction.day;
  }
  if (!last_day) {
    throw data_error("no purchases in the log", Location{reader.source_name()});
  }
  const io::DayNumber end = options.observation_end.value_or(*last_day);
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < days.size(); ++i) {
    if (*std::min_element(days[i].begin(), days[i].end()) > end) {
      continue;  // first purchase after the observation end: not yet a customer
    }
    ids.push_back(std::move(result.ids[i]));
    result.customers.push_back(opportunities_of_customer(days[i], options.period_days, end));
  }
  result.ids = std::move(ids);
  if (result.customers.empty()) {
    throw data_error("no customer bought on or before the observation end", Location{reader.source_name()});
  }
  return result;
}

}  // namespace clv
