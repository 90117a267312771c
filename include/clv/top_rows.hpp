#pragma once
// The rows a --top N shows: the N with the highest key, highest first, ties in input order (so
// the output does not depend on the sort); without --top (top = 0) every row in input order.

#include <cstddef>
#include <span>
#include <vector>

namespace clv {

[[nodiscard]] std::vector<std::size_t> top_rows(std::span<const double> keys, std::size_t top);

}  // namespace clv
