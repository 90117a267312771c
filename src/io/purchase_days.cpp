#include "clv/io/purchase_days.hpp"

#include "clv/error.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace clv::io {

PurchaseDays read_purchase_days(InputSource& source, const TransactionLogOptions& options,
                                std::optional<DayNumber> end) {
  TransactionReader reader(source, options);
  std::unordered_map<std::string, std::size_t> index;
  PurchaseDays result;
  Transaction transaction;
  std::string key;
  while (reader.next(transaction)) {
    if (end && transaction.day > *end) {
      ++result.rows_after_end;
      continue;
    }
    key.assign(transaction.customer_id);
    const auto [place, inserted] = index.try_emplace(key, result.customers.size());
    if (inserted) {
      result.customers.push_back(CustomerDays{key, {}});
    }
    result.customers[place->second].days.push_back(transaction.day);
  }
  if (result.customers.empty()) {
    throw data_error("no purchases in the log (before the observation end)", Location{reader.source_name()});
  }
  result.last_day = result.customers.front().days.front();
  for (CustomerDays& customer : result.customers) {
    std::sort(customer.days.begin(), customer.days.end());
    customer.days.erase(std::unique(customer.days.begin(), customer.days.end()), customer.days.end());
    result.last_day = std::max(result.last_day, customer.days.back());
  }
  std::sort(result.customers.begin(), result.customers.end(), [](const CustomerDays& a, const CustomerDays& b) {
    return a.days.front() != b.days.front() ? a.days.front() < b.days.front() : a.id < b.id;
  });
  return result;
}

PurchaseDays read_purchase_days_file(const std::string& path, const TransactionLogOptions& options,
                                     std::optional<DayNumber> end) {
  const auto source = open_input(path);
  return read_purchase_days(*source, options, end);
}

}  // namespace clv::io
