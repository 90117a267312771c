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
  std::vector<std::vector<double>> amounts;  // per customer, beside its days: refunds net within a day
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
      amounts.emplace_back();
    }
    result.customers[place->second].days.push_back(transaction.day);
    amounts[place->second].push_back(transaction.amount);
  }
  // Each customer's distinct days; as in the summary (clv/rfm.hpp), a day with a refund whose
  // net amount is 0 or less is no purchase, and a customer left without a day is left out.
  std::vector<std::pair<DayNumber, double>> rows;
  std::size_t kept_customers = 0;
  for (std::size_t c = 0; c < result.customers.size(); ++c) {
    CustomerDays& customer = result.customers[c];
    rows.clear();
    for (std::size_t i = 0; i < customer.days.size(); ++i) {
      rows.emplace_back(customer.days[i], amounts[c][i]);
    }
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    customer.days.clear();
    for (std::size_t i = 0; i < rows.size();) {
      double net = 0.0;
      bool refund = false;
      std::size_t j = i;
      for (; j < rows.size() && rows[j].first == rows[i].first; ++j) {
        net += rows[j].second;
        refund = refund || rows[j].second < 0.0;
      }
      if (!refund || net > 0.0) {
        customer.days.push_back(rows[i].first);
      }
      i = j;
    }
    if (!customer.days.empty()) {
      if (kept_customers != c) {
        result.customers[kept_customers] = std::move(customer);
      }
      ++kept_customers;
    }
  }
  result.customers.resize(kept_customers);
  if (result.customers.empty()) {
    throw data_error("no purchases in the log (before the observation end)", Location{reader.source_name()});
  }
  result.last_day = result.customers.front().days.front();
  for (CustomerDays& customer : result.customers) {
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
