#pragma once
// Reads a transaction log into each customer's distinct purchase days, for the tracking curve
// of `clv diagnose --curve` (clv/tracking.hpp), which needs the calendar time of every repeat
// purchase rather than the per-customer summary.

#include "clv/io/input.hpp"
#include "clv/io/transaction_reader.hpp"

#include <optional>
#include <string>
#include <vector>

namespace clv::io {

struct CustomerDays {
  std::string id;
  std::vector<DayNumber> days;  // distinct, ascending; days[0] is the first purchase
};

struct PurchaseDays {
  std::vector<CustomerDays> customers;  // by first purchase day, then id (bytes)
  DayNumber last_day = 0;               // the latest purchase kept
  std::uint64_t rows_after_end = 0;     // purchases after `end`, left out
};

// Purchases after `end` (when given) are left out and counted. Throws clv::Error (data_error)
// when no purchase is left, and whatever the TransactionReader throws.
[[nodiscard]] PurchaseDays read_purchase_days(InputSource& source, const TransactionLogOptions& options,
                                              std::optional<DayNumber> end);
[[nodiscard]] PurchaseDays read_purchase_days_file(const std::string& path, const TransactionLogOptions& options,
                                                   std::optional<DayNumber> end);

}  // namespace clv::io
