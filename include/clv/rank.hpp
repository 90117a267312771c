#pragma once
// Ranking a portfolio of customers by value: rank, decile and tier per customer, a portfolio
// summary (how concentrated value is, how many customers lose money), the whale curve and
// per-tier figures. Pure: no I/O. Definitions in docs/rank.md.
//
// Rounding rule, used everywhere a share of customers becomes a count: "the top p% of n
// customers" is ceil(p * n / 100) customers (so the top 20% of 7 customers is 2 customers, the
// top 1% of 7 is 1). A product that is a whole number up to rounding noise (1e-9) is not rounded
// up. Deciles and share tiers are cumulative under this rule, so the top 10% summary always
// covers exactly decile 1.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace clv {

struct RankInput {
  std::string id;
  std::optional<std::string> name;
  double value = 0.0;  // the customer's value (any currency); may be negative
  std::optional<double> acquisition_cost;
  std::optional<double> referral_income;
};

enum class TierRule {
  share,      // tiers hold fixed shares of customers, best first (default 20% / 30% / rest)
  threshold,  // tiers by value: tier 1 has value >= thresholds[0], tier 2 >= thresholds[1] ...
};

struct TierOptions {
  TierRule rule = TierRule::share;
  // share: percent of customers in each tier but the last, which takes the rest. Each > 0,
  // sum <= 100.
  std::vector<double> shares_percent{20.0, 30.0};
  // threshold: lower bounds of the tiers but the last, strictly decreasing.
  std::vector<double> thresholds;
};

// Whether rank_customers checks that ids are unique (a hash set over all ids). A reader that has
// already checked, with line numbers for its message, may skip the second check.
enum class IdCheck { verify, already_unique };

struct RankOptions {
  TierOptions tiers;
  IdCheck id_check = IdCheck::verify;
  double curve_step_percent = 1.0;  // whale curve rows every this percent of customers (0 < step <= 100)
};

struct RankedCustomer {
  RankInput customer;
  std::size_t rank = 0;        // 1 = highest value; ties broken by id (byte order, ascending)
  int decile = 0;              // 1 = best 10% ... 10 = worst 10% (see the rounding rule above)
  int tier = 0;                // 1 = best tier
  double cumulative_value = 0.0;                 // value of this customer and all ranked above
  std::optional<double> cumulative_share;        // cumulative_value / total value; absent if total <= 0
};

// "The top p% of customers hold s% of the value".
struct TopShare {
  double percent = 0.0;
  std::size_t customers = 0;
  double value = 0.0;
  std::optional<double> share;  // of total value, as a fraction; absent if total <= 0
};

struct RankSummary {
  std::size_t customers = 0;
  double total_value = 0.0;
  std::vector<TopShare> top;           // top 1%, 10%, 20%
  std::size_t negative_customers = 0;  // value < 0
  double negative_value = 0.0;         // their total (<= 0)
  double positive_value = 0.0;         // total of values > 0
};

// One point of the whale curve: the best `customers` customers (percent_of_customers of all)
// hold `cumulative_value`, which is `share` of the total value.
struct WhalePoint {
  double percent_of_customers = 0.0;
  std::size_t customers = 0;
  double cumulative_value = 0.0;
  std::optional<double> share;  // fraction; absent if total value <= 0
};

// Where the whale curve peaks: after the last customer with positive value. The height above
// 1.0 (100%) is the value the unprofitable tail destroys, as a share of the total.
struct WhalePeak {
  std::size_t customers = 0;
  double percent_of_customers = 0.0;
  double cumulative_value = 0.0;
  std::optional<double> share;
};

struct TierSummary {
  int tier = 0;
  std::string label;  // "top 20%", "next 30%", "rest 50%", "value >= 1,000", "value < 100"
  std::size_t customers = 0;
  double total_value = 0.0;
  std::optional<double> mean_value;              // absent for an empty tier
  std::optional<double> share_of_value;          // fraction of total value; absent if total <= 0
  std::optional<double> mean_acquisition_cost;   // over the tier's customers that have one
  std::optional<double> mean_referral_income;    // over the tier's customers that have one
};

struct RankResult {
  std::vector<RankedCustomer> customers;  // best first
  RankSummary summary;
  std::vector<WhalePoint> whale_curve;    // 0%, step, 2*step, ..., 100%
  WhalePeak peak;
  std::vector<TierSummary> tiers;         // tier 1 first; every tier listed, even when empty
};

// How many of `customers` the top `percent`% are: ceil(percent * customers / 100).
[[nodiscard]] std::size_t top_count(double percent, std::size_t customers) noexcept;

// Checks the options; throws clv::Error (usage) naming the problem.
void check_rank_options(const RankOptions& options);

// Ranks the customers. Throws clv::Error (usage) for bad options, (data) for a value that is not
// finite, an empty id or a duplicate id.
[[nodiscard]] RankResult rank_customers(std::vector<RankInput> customers, const RankOptions& options = {});

}  // namespace clv
