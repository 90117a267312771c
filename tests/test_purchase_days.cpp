// Each customer's distinct purchase days from a log, with refunds netted within their day as the
// summary nets them (docs/rfm.md, "Order exports, refunds and guest checkouts").
#include "clv/io/purchase_days.hpp"

#include "clv/error.hpp"

#include <catch2/catch.hpp>

namespace {

clv::io::PurchaseDays read(const std::string& text, std::optional<clv::io::DayNumber> end = std::nullopt) {
  auto input = clv::io::memory_input(text, "log.csv");
  return clv::io::read_purchase_days(*input, {}, end);
}

clv::io::DayNumber day(int y, unsigned m, unsigned d) { return *clv::io::day_from_civil(y, m, d); }

}  // namespace

TEST_CASE("purchase days: distinct, sorted, refund days netted", "[purchase_days]") {
  // a: Jan 3 (twice), Jan 1 bought and returned (net 0: no purchase), Jan 7 buys 5 and returns 2
  // (net 3: a purchase), Jan 9 only a refund (no purchase). b: only a refund, left out.
  // c: Jan 2 at amount 0 without a refund: a purchase.
  const auto days = read("customer_id,date,amount\n"
                         "a,2020-01-03,4\n"
                         "a,2020-01-01,10\n"
                         "b,2020-01-02,-1\n"
                         "a,2020-01-03,1\n"
                         "a,2020-01-01,-10\n"
                         "c,2020-01-02,0\n"
                         "a,2020-01-07,5\n"
                         "a,2020-01-07,-2\n"
                         "a,2020-01-09,-4\n");
  REQUIRE(days.customers.size() == 2);
  CHECK(days.customers[0].id == "c");  // by first purchase day
  CHECK(days.customers[0].days == std::vector<clv::io::DayNumber>{day(2020, 1, 2)});
  CHECK(days.customers[1].id == "a");
  CHECK(days.customers[1].days == std::vector<clv::io::DayNumber>{day(2020, 1, 3), day(2020, 1, 7)});
  CHECK(days.last_day == day(2020, 1, 7));
  CHECK_THROWS_AS(read("customer_id,date,amount\nb,2020-01-02,-1\n"), clv::Error);
  const auto early = read("customer_id,date,amount\na,2020-01-03,4\na,2020-01-05,4\n", day(2020, 1, 4));
  CHECK(early.rows_after_end == 1);
  CHECK(early.customers.at(0).days.size() == 1);
}
