#include "clv/discount_rate.hpp"

#include "clv/error.hpp"

#include <fmt/format.h>

namespace clv {

void check_discount_rate(double rate) {
  // Written so that NaN fails too.
  if (!(rate >= k_min_discount_rate && rate <= k_max_discount_rate)) {
    throw usage_error(fmt::format("--discount-rate: must be a number from {} to {}, not {}", k_min_discount_rate,
                                  k_max_discount_rate, rate));
  }
}

}  // namespace clv
