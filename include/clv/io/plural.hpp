#pragma once
// Counts in words for people: "1 customer", "2 customers", "1 week", "0.5 weeks".

#include <string>
#include <string_view>

namespace clv::io {

// `count` (with thousands separators, as `text`) followed by `singular` when the count is
// exactly 1 and `plural` otherwise. `text` is how the count is written, e.g. "1,200" or "0.5".
[[nodiscard]] std::string counted(double count, std::string_view text, std::string_view singular,
                                  std::string_view plural);

// A whole count, grouped: counted(1, "customer", "customers") is "1 customer".
[[nodiscard]] std::string counted(double count, std::string_view singular, std::string_view plural);

// The singular of a time unit's plural name ("weeks" -> "week"); other words unchanged.
[[nodiscard]] std::string_view singular_unit(std::string_view plural_unit);

}  // namespace clv::io
