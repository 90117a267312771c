#pragma once
// Valuable customers who may be drifting away: those a forecasting model thinks are probably no
// longer active (P(alive) below a threshold) although they would be worth a lot if they were.
// Pure: no I/O. Definitions in docs/rank.md.
//
//   value at stake = (1 - P(alive)) * value if alive
//
// "Value if alive" is what the customer is expected to be worth if still active (for example
// E[Y | alive] x average purchase); the caller provides it. Value at stake is the
// expected part of that value that is lost unless the customer is won back.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace clv {

struct AtRiskInput {
  std::string id;
  std::optional<std::string> name;
  double probability_alive = 1.0;  // in [0, 1]
  double value_if_alive = 0.0;
  std::optional<double> days_since_last_purchase;
  std::optional<double> usual_gap_days;  // typical days between purchases (see usual_gap_days())
};

struct AtRiskOptions {
  double alive_threshold = 0.5;          // selected: P(alive) < alive_threshold
  double minimum_value_at_stake = 0.0;   // selected: value at stake >= this and > 0
  std::optional<std::size_t> top;        // keep only the first N
};

struct AtRiskCustomer {
  std::string id;
  std::optional<std::string> name;
  double probability_alive = 0.0;
  double value_if_alive = 0.0;
  double value_at_stake = 0.0;
  std::optional<double> days_since_last_purchase;
  std::optional<double> usual_gap_days;
  // days_since_last_purchase / usual_gap_days: how many usual gaps the silence has lasted.
  std::optional<double> gaps_overdue;
};

// The usual gap between purchases in days: recency / frequency (time from first to last
// purchase over the number of repeat purchases), when frequency > 0; nullopt otherwise.
[[nodiscard]] std::optional<double> usual_gap_days(double recency_days, double frequency) noexcept;

// (1 - P(alive)) * value if alive.
[[nodiscard]] double value_at_stake(double probability_alive, double value_if_alive) noexcept;

// Selects the customers at risk, sorted by value at stake (descending), then id (ascending, byte
// order). Throws clv::Error (usage) for a threshold outside (0, 1] or a minimum that is not
// finite, (data) for a P(alive) outside [0, 1] or a value, day count or gap that is not finite
// (or negative, for days and gaps).
[[nodiscard]] std::vector<AtRiskCustomer> select_at_risk(const std::vector<AtRiskInput>& customers,
                                                         const AtRiskOptions& options = {});

// The customers at risk as a report states them: how many there are and their value at stake in
// all, then the list cut to the `top` most valuable (nullopt: all). The totals cover every
// customer at risk, not only those listed.
struct AtRiskList {
  std::vector<AtRiskCustomer> listed;   // the first `top`, by value at stake
  std::size_t customers_at_risk = 0;    // before the cut
  double value_at_stake = 0.0;          // of all customers at risk, summed largest first
};

// `selected`: every customer at risk, in select_at_risk's order (a list cut already gives totals
// of the cut list only). Throws clv::Error (data) when the total is beyond the largest double.
[[nodiscard]] AtRiskList list_at_risk(std::vector<AtRiskCustomer> selected, std::optional<std::size_t> top);

}  // namespace clv
