#include "clv/summary.hpp"

#include "clv/error.hpp"

#include <fmt/format.h>

namespace clv {

std::string_view time_unit_name(TimeUnit unit) noexcept {
  switch (unit) {
    case TimeUnit::days: return "days";
    case TimeUnit::weeks: return "weeks";
    case TimeUnit::months: return "months";
  }
  return "days";
}

std::optional<TimeUnit> parse_time_unit(std::string_view name) noexcept {
  if (name == "days" || name == "day") return TimeUnit::days;
  if (name == "weeks" || name == "week") return TimeUnit::weeks;
  if (name == "months" || name == "month") return TimeUnit::months;
  return std::nullopt;
}

void require_one_customer_per_row(const SummaryTable& summary) {
  const RowSource rows{{}, summary.lines};
  for (std::size_t i = 0; i < summary.customers.size(); ++i) {
    const CustomerSummary& customer = summary.customers[i];
    if (customer.weight != 1.0) {
      throw several_customers_error(customer.id, customer.weight, rows.at(i, "count"));
    }
  }
}

void require_positive_spend(const SummaryTable& summary) {
  const RowSource rows{{}, summary.lines};
  for (std::size_t i = 0; i < summary.customers.size(); ++i) {
    const CustomerSummary& customer = summary.customers[i];
    if (customer.frequency > 0.0 && !(customer.monetary_value > 0.0)) {
      throw data_error(fmt::format("customer '{}' has {} repeat purchases but monetary_value {}: the spend model "
                                   "needs a positive average purchase (is the monetary_value column missing?)",
                                   customer.id, customer.frequency, customer.monetary_value),
                       rows.at(i, "monetary_value"));
    }
  }
}

}  // namespace clv
