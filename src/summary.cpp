#include "clv/summary.hpp"

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

}  // namespace clv
