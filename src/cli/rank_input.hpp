#pragma once
// Rank options from the command line, shared by `clv rank` and `clv report`.

#include "clv/rank.hpp"

#include <string>

namespace clv::cli {

// --tiers "20,30" or --thresholds "1000,100" (not both) and --step; checked (usage errors).
[[nodiscard]] RankOptions make_rank_options(const std::string& tiers, const std::string& thresholds, double step);

}  // namespace clv::cli
