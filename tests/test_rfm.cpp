// The RFM summary: small logs with results worked out by hand (comments show the arithmetic).
#include "clv/rfm.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

using Approx = Catch::Detail::Approx;
using clv::Collapse;
using clv::RfmOptions;
using clv::SummaryTable;
using clv::TimeUnit;

namespace {

// 2020-01-01 is a Wednesday. Customer a buys twice on day 1 (10 + 5), on the 15th and, out of
// order, on the 8th; b once on the 10th; c twice on the 29th (the last date in the log).
const char* const k_log =
    "customer_id,date,amount\n"
    "a,2020-01-01,10\n"
    "a,2020-01-01,5\n"
    "a,2020-01-15,20\n"
    "b,2020-01-10,7\n"
    "a,2020-01-08,30\n"
    "c,2020-01-29,4\n"
    "c,2020-01-29,6\n";

clv::RfmResult summarise(const std::string& text, RfmOptions options = {}) {
  auto input = clv::io::memory_input(text, "log.csv");
  return clv::summarise_with_report(*input, options);
}

clv::io::DayNumber day(int y, unsigned m, unsigned d) { return *clv::io::day_from_civil(y, m, d); }

const clv::CustomerSummary& find(const SummaryTable& table, const std::string& id) {
  const auto it = std::find_if(table.customers.begin(), table.customers.end(),
                               [&](const clv::CustomerSummary& c) { return c.id == id; });
  REQUIRE(it != table.customers.end());
  return *it;
}

// An order export's columns (the Online Retail layout): the amount is quantity x unit price.
RfmOptions order_export() {
  RfmOptions options;
  options.log.id_column = clv::io::ColumnChoice::parse("CustomerID");
  options.log.date_column = clv::io::ColumnChoice::parse("InvoiceDate");
  options.log.quantity_column = clv::io::ColumnChoice::parse("Quantity");
  options.log.price_column = clv::io::ColumnChoice::parse("UnitPrice");
  options.log.date_format = "%m/%d/%Y %H:%M";
  return options;
}

}  // namespace

TEST_CASE("days: frequency, recency, T, monetary value by hand", "[rfm]") {
  for (unsigned threads : {1U, 2U}) {
    RfmOptions options;
    options.threads = threads;
    const auto result = summarise(k_log, options);
    const SummaryTable& table = result.summary;
    REQUIRE(table.customers.size() == 3);
    CHECK(table.observation_end == "2020-01-29");
    CHECK(result.report.rows_read == 7);
    const auto& a = table.customers[0];
    CHECK(a.id == "a");
    CHECK(a.frequency == 2);          // days 1, 8, 15: two repeat days
    CHECK(a.recency == 14);           // Jan 1 to Jan 15
    CHECK(a.age == 28);               // Jan 1 to Jan 29
    CHECK(a.monetary_value == 25);    // (30 + 20) / 2; the first day (15) is not a repeat
    CHECK(*a.first_purchase_value == 15);
    CHECK(*a.total_spend == 65);
    CHECK(*a.transactions == 4);
    const auto& b = table.customers[1];
    CHECK(b.frequency == 0);
    CHECK(b.recency == 0);
    CHECK(b.age == 19);
    CHECK(b.monetary_value == 0);
    const auto& c = table.customers[2];
    CHECK(c.frequency == 0);  // two purchases on one day count once
    CHECK(c.age == 0);
    CHECK(*c.first_purchase_value == 10);
    CHECK(*c.transactions == 2);
  }
}

TEST_CASE("weeks and months divide days by 7 and 30.4375", "[rfm]") {
  RfmOptions options;
  options.unit = TimeUnit::weeks;
  auto table = summarise(k_log, options).summary;
  CHECK(find(table, "a").recency == 2);
  CHECK(find(table, "a").age == 4);
  CHECK(find(table, "b").age == Approx(19.0 / 7.0));
  options.unit = TimeUnit::months;
  table = summarise(k_log, options).summary;
  CHECK(find(table, "a").age == Approx(28.0 / 30.4375));
  CHECK(table.unit == TimeUnit::months);
}

TEST_CASE("calibration and holdout", "[rfm]") {
  RfmOptions options;
  options.calibration_end = day(2020, 1, 10);
  const auto table = summarise(k_log, options).summary;
  // c's first purchase (29th) is after the calibration end: not in the cohort.
  REQUIRE(table.customers.size() == 2);
  REQUIRE(table.holdout.size() == 2);
  CHECK(table.observation_end == "2020-01-10");
  const auto& a = table.customers[0];
  CHECK(a.frequency == 1);        // days 1 and 8 in calibration
  CHECK(a.recency == 7);
  CHECK(a.age == 9);              // Jan 1 to Jan 10
  CHECK(a.monetary_value == 30);  // the 8th
  CHECK(table.holdout[0].frequency == 1);       // the 15th
  CHECK(table.holdout[0].monetary_value == 20);
  CHECK(table.holdout[0].duration == 19);       // Jan 10 to Jan 29
  const auto& b = table.customers[1];
  CHECK(b.id == "b");
  CHECK(b.age == 0);  // first purchase on the calibration end
  CHECK(table.holdout[1].frequency == 0);
  CHECK(table.holdout[1].monetary_value == 0);
}

TEST_CASE("monetary value is the repeat purchases' own mean, as exact as doubles allow", "[rfm]") {
  // a: first 0.10, repeats 0.70 and 0.30: mean 0.5 exactly. Taking the total (1.1 in doubles,
  // 1.0999999999999999) less the first gave 0.49999999999999994.
  // b: first 0.01, ten repeats of 0.10 (a day apart): the mean is the double 0.1; a running sum
  // of the ten is 0.9999999999999999, whose mean 0.09999999999999999 the holdout mean was.
  std::string log = "customer_id,date,amount\na,2020-01-01,0.10\na,2020-01-02,0.70\na,2020-01-03,0.30\n"
                    "b,2020-01-01,0.01\n";
  for (int d = 2; d <= 11; ++d) {
    log += fmt::format("b,2020-01-{:02},0.10\n", d);
  }
  const auto table = summarise(log).summary;
  CHECK(find(table, "a").monetary_value == 0.5);
  CHECK(find(table, "a").frequency == 2);
  CHECK(find(table, "b").monetary_value == 0.1);
  CHECK(find(table, "b").frequency == 10);
  RfmOptions split;
  split.calibration_end = day(2020, 1, 1);  // b's ten repeats fall in the holdout
  const auto holdout = summarise(log, split).summary;
  REQUIRE(holdout.holdout.size() == 2);
  CHECK(holdout.holdout[1].monetary_value == 0.1);
  CHECK(holdout.holdout[1].frequency == 10);
}

TEST_CASE("calibration end must be before the observation end", "[rfm]") {
  RfmOptions options;
  options.calibration_end = day(2020, 1, 29);
  CHECK_THROWS_AS(summarise(k_log, options), clv::Error);
}

TEST_CASE("purchases after the observation end are left out and counted", "[rfm]") {
  RfmOptions options;
  options.observation_end = day(2020, 1, 20);
  const auto result = summarise(k_log, options);
  CHECK(result.report.rows_after_observation_end == 2);  // c's two rows
  CHECK(result.report.rows_read == 7);  // every good row, those after the end included
  REQUIRE(result.summary.customers.size() == 2);
  CHECK(find(result.summary, "a").age == 19);
  options.observation_end = day(2019, 12, 31);
  try {
    (void)summarise(k_log, options);
    FAIL("expected an error");
  } catch (const clv::Error& error) {
    CHECK(error.describe() == "log.csv: no purchase on or before the observation end");
    CHECK(error.code() == clv::ExitCode::data_error);
  }
}

TEST_CASE("collapse by unit: calendar weeks (Monday) and months, whole periods", "[rfm]") {
  // d buys Mon Jan 6 (3) and Sun Jan 12 (4), one week, and Mon Jan 13 (5), the next week.
  const std::string log = std::string(k_log) + "d,2020-01-06,3\nd,2020-01-12,4\nd,2020-01-13,5\n";
  RfmOptions options;
  options.unit = TimeUnit::weeks;
  options.collapse = Collapse::unit;
  auto table = summarise(log, options).summary;
  const auto& d = find(table, "d");
  CHECK(d.frequency == 1);
  CHECK(d.recency == 1);
  CHECK(d.age == 3);              // week of Jan 6 to week of Jan 27
  CHECK(d.monetary_value == 5);
  CHECK(*d.first_purchase_value == 7);
  const auto& a = find(table, "a");  // weeks of Dec 30, Jan 6, Jan 13
  CHECK(a.frequency == 2);
  CHECK(a.age == 4);
  options.collapse = Collapse::day;
  table = summarise(log, options).summary;
  CHECK(find(table, "d").frequency == 2);
  CHECK(find(table, "d").monetary_value == 4.5);  // (4 + 5) / 2
  CHECK(find(table, "d").recency == 1);            // 7 days

  CHECK(clv::period_of(day(2020, 1, 31), TimeUnit::months, Collapse::unit) + 1 ==
        clv::period_of(day(2020, 2, 1), TimeUnit::months, Collapse::unit));
  CHECK(clv::period_of(day(2020, 1, 5), TimeUnit::weeks, Collapse::unit) + 1 ==
        clv::period_of(day(2020, 1, 6), TimeUnit::weeks, Collapse::unit));   // Sunday, Monday
  CHECK(clv::period_of(day(1969, 12, 28), TimeUnit::weeks, Collapse::unit) + 1 ==
        clv::period_of(day(1969, 12, 29), TimeUnit::weeks, Collapse::unit));  // before day 0
  CHECK(clv::period_of(day(1969, 12, 29), TimeUnit::weeks, Collapse::unit) ==
        clv::period_of(day(1970, 1, 4), TimeUnit::weeks, Collapse::unit));
}

TEST_CASE("customers sort numerically when their ids are numbers", "[rfm]") {
  const auto table =
      summarise("customer_id,date\n10,2020-01-01\nb,2020-01-01\n9,2020-01-01\n1,2020-01-01\n"
                "a,2020-01-01\n01,2020-01-01\n")
          .summary;
  std::vector<std::string> ids;
  for (const auto& customer : table.customers) {
    ids.push_back(customer.id);
  }
  CHECK(ids == std::vector<std::string>{"01", "1", "9", "10", "a", "b"});
  CHECK(clv::customer_id_less("2", "10"));
  CHECK(clv::customer_id_less("99", "a"));
  CHECK_FALSE(clv::customer_id_less("b", "a"));
}

TEST_CASE("a log without amounts has monetary value 0 and says so", "[rfm]") {
  const auto table = summarise("date,id\n2014-03-08,0\n2014-03-10,0\n", [] {
                       RfmOptions options;
                       options.log.id_column = clv::io::ColumnChoice::parse("id");
                       return options;
                     }())
                         .summary;
  CHECK_FALSE(table.has_amounts);
  REQUIRE(table.customers.size() == 1);
  CHECK(table.customers[0].frequency == 1);
  CHECK(table.customers[0].monetary_value == 0);
}

TEST_CASE("an empty log is a data error", "[rfm]") {
  for (const char* text : {"", "customer_id,date\n"}) {
    try {
      (void)summarise(text);
      FAIL("expected an error");
    } catch (const clv::Error& error) {
      CHECK(error.describe() == "log.csv: the log has no transactions");
    }
  }
}

TEST_CASE("a single purchase: frequency 0, recency 0, T 0", "[rfm]") {
  const auto table = summarise("customer_id,date,amount\nx,2020-05-05,12\n").summary;
  REQUIRE(table.customers.size() == 1);
  CHECK(table.customers[0].frequency == 0);
  CHECK(table.customers[0].recency == 0);
  CHECK(table.customers[0].age == 0);
  CHECK(table.customers[0].monetary_value == 0);
}

TEST_CASE("many unsorted purchase days per customer (beyond the inline store)", "[rfm]") {
  // 100 distinct days, each bought on twice, in shuffled order: 99 repeat days; the repeat
  // days' amounts are 2 * 1 each.
  std::vector<int> days;
  for (int i = 0; i < 100; ++i) {
    days.push_back(i);
    days.push_back(i);
  }
  std::mt19937 generator(7);
  std::shuffle(days.begin(), days.end(), generator);
  std::string log = "customer_id,date,amount\n";
  for (int offset : days) {
    log += fmt::format("z,{},1\n", clv::io::format_day(day(2020, 1, 1) + offset));
  }
  for (unsigned threads : {1U, 2U}) {
    RfmOptions options;
    options.threads = threads;
    const auto table = summarise(log, options).summary;
    REQUIRE(table.customers.size() == 1);
    CHECK(table.customers[0].frequency == 99);
    CHECK(table.customers[0].recency == 99);
    CHECK(table.customers[0].monetary_value == 2);
    CHECK(*table.customers[0].first_purchase_value == 2);
    CHECK(*table.customers[0].transactions == 200);
  }
}

TEST_CASE("merging accumulators equals one pass, and threads give the same result", "[rfm]") {
  // A larger log with many customers, numeric and text ids, and shuffled rows.
  std::mt19937 generator(11);
  std::vector<std::string> rows;
  for (int i = 0; i < 20000; ++i) {
    const int customer = static_cast<int>(generator() % 3000);
    const std::string id = fmt::format("{}{}", customer % 3 == 0 ? "c" : "", customer);
    const auto when = day(2021, 1, 1) + static_cast<int>(generator() % 400);
    rows.push_back(fmt::format("{},{},{}.25", id, clv::io::format_day(when), generator() % 100));
  }
  std::string log = "customer_id,date,amount\n";
  for (const auto& row : rows) {
    log += row + "\n";
  }
  RfmOptions options;
  options.threads = 1;
  const auto single = summarise(log, options).summary;
  options.threads = 2;
  const auto threaded = summarise(log, options).summary;

  clv::RfmAccumulator first(options);
  clv::RfmAccumulator second(options);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string& row = rows[i];
    const auto comma = row.find(',');
    const std::string date = row.substr(comma + 1, 10);
    const auto when = day(std::stoi(date.substr(0, 4)), static_cast<unsigned>(std::stoi(date.substr(5, 2))),
                          static_cast<unsigned>(std::stoi(date.substr(8, 2))));
    (i % 2 == 0 ? first : second).add(row.substr(0, comma), when, std::stod(row.substr(comma + 12)));
  }
  first.merge(std::move(second));
  const auto merged = first.finish(true);

  REQUIRE(single.customers.size() == threaded.customers.size());
  REQUIRE(single.customers.size() == merged.customers.size());
  for (std::size_t i = 0; i < single.customers.size(); ++i) {
    const auto& s = single.customers[i];
    for (const auto* other : {&threaded.customers[i], &merged.customers[i]}) {
      CHECK(s.id == other->id);
      CHECK(s.frequency == other->frequency);
      CHECK(s.recency == other->recency);
      CHECK(s.age == other->age);
      CHECK(s.monetary_value == Approx(other->monetary_value).epsilon(1e-12));
      CHECK(*s.transactions == *other->transactions);
    }
  }
}

TEST_CASE("a bad row stops the threaded pipeline with its line number", "[rfm]") {
  std::string log = "customer_id,date,amount\n";
  for (int i = 0; i < 30000; ++i) {
    log += fmt::format("{},2020-01-01,1\n", i % 500);
  }
  log += "7,2020-13-01,1\n";  // line 30002
  for (unsigned threads : {1U, 2U}) {
    RfmOptions options;
    options.threads = threads;
    try {
      (void)summarise(log, options);
      FAIL("expected an error");
    } catch (const clv::Error& error) {
      CHECK(error.describe().rfind("log.csv:30002:3: date: '2020-13-01'", 0) == 0);
    }
  }
}

TEST_CASE("many customers: the two-thread summary equals the one-thread one", "[rfm]") {
  // 120,000 customers (enough for the summary to be split over two threads): customer i buys on
  // day i % 50 and, when i is even, again 10 days later for i % 7 + 1.
  std::string log = "customer_id,date,amount\n";
  const auto start = day(2022, 1, 1);
  for (int i = 0; i < 120000; ++i) {
    log += fmt::format("{},{},2\n", i, clv::io::format_day(start + i % 50));
    if (i % 2 == 0) {
      log += fmt::format("{},{},{}\n", i, clv::io::format_day(start + i % 50 + 10), i % 7 + 1);
    }
  }
  for (bool calibration : {false, true}) {
    RfmOptions options;
    if (calibration) {
      options.calibration_end = start + 40;
    }
    options.threads = 1;
    const auto one = summarise(log, options).summary;
    options.threads = 2;
    const auto two = summarise(log, options).summary;
    REQUIRE(one.customers.size() == two.customers.size());
    REQUIRE(one.holdout.size() == two.holdout.size());
    CHECK(one.customers.size() == (calibration ? 120000U * 41 / 50 : 120000U));
    for (std::size_t i = 0; i < one.customers.size(); ++i) {
      REQUIRE(one.customers[i].id == two.customers[i].id);
      CHECK(one.customers[i].frequency == two.customers[i].frequency);
      CHECK(one.customers[i].monetary_value == two.customers[i].monetary_value);
    }
    for (std::size_t i = 0; i < one.holdout.size(); ++i) {
      CHECK(one.holdout[i].frequency == two.holdout[i].frequency);
    }
    // Spot checks by hand: ids sort numerically; customer 4 buys on days 4 and 14 (amount 5).
    CHECK(two.customers[4].id == "4");
    if (!calibration) {
      CHECK(two.customers[4].frequency == 1);
      CHECK(two.customers[4].recency == 10);
      CHECK(two.customers[4].monetary_value == 5);
      CHECK(two.customers[119999].id == "119999");
      CHECK(two.customers[119999].frequency == 0);
    } else {
      CHECK(two.customers[4].frequency == 1);  // day 14 is before the calibration end (day 40)
      CHECK(two.holdout[4].frequency == 0);
    }
  }
}

TEST_CASE("refunds net within their day, and a day whose net is 0 or less is no purchase", "[rfm]") {
  // a: Jan 1 buys 40 and returns 40 the same day (net 0: no purchase); Jan 3 buys 30; Jan 10
  //    buys 50 and returns 20 (net 30: a purchase); Jan 12 returns 15 of the Jan 3 order (net -15:
  //    no purchase, its refund is not taken from Jan 3). Purchase days: 3, 10 -> frequency 1,
  //    recency 7, T = Jan 20 - Jan 3 = 17, monetary value 30, first purchase 30, spend 60.
  // b: only a refund: left out, and counted.
  // c: a free order (amount 0, no refund) still counts: days 5 and 20, frequency 1.
  const char* const log =
      "customer_id,date,amount\n"
      "a,2020-01-01,40\n"
      "a,2020-01-10,50\n"
      "a,2020-01-01,-40\n"
      "a,2020-01-03,30\n"
      "b,2020-01-04,-9\n"
      "a,2020-01-12,-15\n"
      "c,2020-01-05,0\n"
      "a,2020-01-10,-20\n"
      "c,2020-01-20,12\n";
  for (unsigned threads : {1U, 2U}) {
    RfmOptions options;
    options.threads = threads;
    const auto result = summarise(log, options);
    const SummaryTable& table = result.summary;
    REQUIRE(table.customers.size() == 2);
    CHECK(result.report.customers_without_purchase == 1);
    CHECK(result.report.rows_read == 9);
    const auto& a = find(table, "a");
    CHECK(a.frequency == 1);
    CHECK(a.recency == 7);
    CHECK(a.age == 17);
    CHECK(a.monetary_value == 30);
    CHECK(*a.first_purchase_value == 30);
    CHECK(*a.total_spend == 60);
    CHECK(*a.transactions == 6);
    const auto& c = find(table, "c");
    CHECK(c.frequency == 1);
    CHECK(c.age == 15);
    CHECK(c.monetary_value == 12);
    CHECK(*c.first_purchase_value == 0);
  }
}

TEST_CASE("refunds with --collapse unit net within the calendar period, and in the holdout", "[rfm]") {
  // Months: a buys 100 on Jan 5 and returns 100 on Jan 28 (January nets to 0: no purchase),
  // buys 20 in February, 10 in March and returns 4 in March (net 6), and in May (after the
  // calibration end, Apr 30) buys 8 and 2 and returns 10 (no purchase) and in June buys 5.
  // Calibration: months Feb, Mar -> frequency 1, recency 1, T = Apr - Feb = 2, monetary 6.
  // Holdout: June only -> frequency 1, monetary 5; duration Apr -> Jun = 2 months.
  const char* const log =
      "customer_id,date,amount\n"
      "a,2021-01-05,100\n"
      "a,2021-01-28,-100\n"
      "a,2021-02-11,20\n"
      "a,2021-03-02,10\n"
      "a,2021-03-30,-4\n"
      "a,2021-05-03,8\n"
      "a,2021-05-04,2\n"
      "a,2021-05-20,-10\n"
      "a,2021-06-30,5\n";
  RfmOptions options;
  options.unit = TimeUnit::months;
  options.collapse = Collapse::unit;
  options.calibration_end = day(2021, 4, 30);
  const auto table = summarise(log, options).summary;
  REQUIRE(table.customers.size() == 1);
  REQUIRE(table.holdout.size() == 1);
  CHECK(table.customers[0].frequency == 1);
  CHECK(table.customers[0].recency == 1);
  CHECK(table.customers[0].age == 2);
  CHECK(table.customers[0].monetary_value == 6);
  CHECK(*table.customers[0].first_purchase_value == 20);
  CHECK(table.holdout[0].frequency == 1);
  CHECK(table.holdout[0].monetary_value == 5);
  CHECK(table.holdout[0].duration == 2);
}

TEST_CASE("refunds beyond the inline store, out of order, and merged accumulators", "[rfm]") {
  // 40 days; on every day z buys 3; on every fourth day (0, 4, ..., 36: 10 days) z returns 3
  // (net 0: no purchase), and on day 1 returns 1 (net 2: a purchase). Rows shuffled.
  std::vector<std::pair<int, int>> rows;  // (day offset, amount)
  for (int i = 0; i < 40; ++i) {
    rows.emplace_back(i, 3);
    if (i % 4 == 0) {
      rows.emplace_back(i, -3);
    }
  }
  rows.emplace_back(1, -1);
  std::mt19937 generator(5);
  std::shuffle(rows.begin(), rows.end(), generator);
  // Purchase days: the other 30, the first day 1 (net 2), the last day 39 (also the observation
  // end): frequency 29, recency 38, T 38, monetary (29 x 3) / 29 = 3, total 2 + 87 = 89.
  std::string log = "customer_id,date,amount\n";
  for (const auto& [offset, amount] : rows) {
    log += fmt::format("z,{},{}\n", clv::io::format_day(day(2020, 1, 1) + offset), amount);
  }
  RfmOptions options;
  options.threads = 1;
  const auto table = summarise(log, options).summary;
  REQUIRE(table.customers.size() == 1);
  CHECK(table.customers[0].frequency == 29);
  CHECK(table.customers[0].recency == 38);
  CHECK(table.customers[0].age == 38);
  CHECK(table.customers[0].monetary_value == 3);
  CHECK(*table.customers[0].first_purchase_value == 2);
  CHECK(*table.customers[0].total_spend == 89);
  // The same rows split over two accumulators and merged.
  clv::RfmAccumulator first(options);
  clv::RfmAccumulator second(options);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    (i % 2 == 0 ? first : second).add("z", day(2020, 1, 1) + rows[i].first, rows[i].second);
  }
  first.merge(std::move(second));
  const auto merged = first.finish(true);
  REQUIRE(merged.customers.size() == 1);
  CHECK(merged.customers[0].frequency == 29);
  CHECK(*merged.customers[0].total_spend == 89);
}

TEST_CASE("a log of refunds only has no purchase", "[rfm]") {
  try {
    (void)summarise("customer_id,date,amount\na,2020-01-01,-5\nb,2020-01-02,-1\n");
    FAIL("expected an error");
  } catch (const clv::Error& error) {
    CHECK(error.code() == clv::ExitCode::data_error);
    CHECK(error.describe() == "log.csv: no purchase: every customer in the log has only refunds (2 customers; each "
                              "period's net amount is 0 or less)");
  }
}

TEST_CASE("order exports: quantity x unit price with cancellations", "[rfm]") {
  // 17850 buys 6 x 2.55 = 15.30 on Dec 1, cancels 2 x 2.55 = 5.10 the same day (net 10.20), and
  // buys 10 x 1.25 = 12.50 on Dec 3. frequency 1, recency 2, monetary 12.50.
  RfmOptions options = order_export();
  const auto table = summarise("InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n"
                               "536365,6,12/1/2010 8:26,2.55,17850\n"
                               "C536366,-2,12/1/2010 9:02,2.55,17850\n"
                               "536367,10,12/3/2010 11:15,1.25,17850\n",
                               options)
                         .summary;
  REQUIRE(table.customers.size() == 1);
  CHECK(table.customers[0].frequency == 1);
  CHECK(table.customers[0].recency == 2);
  CHECK(table.customers[0].monetary_value == Approx(12.5));
  CHECK(*table.customers[0].first_purchase_value == Approx(10.2));
}

TEST_CASE("docs/rfm.md's order-export example, by hand", "[rfm]") {
  // Customer 14515: Jan 16 nets 4 x 1.85 + 2 x 5.95 + 1 x 7.95 = 27.25; Feb 1 a refund of
  // -2 x 1.85 = -3.70 (no purchase); Feb 7 18.00. Purchase days Jan 16 and Feb 7: frequency 1,
  // recency 22 days, T = Jan 16 to Nov 12 = 300 days, monetary value 18, total 45.25, 5 rows.
  // Customer 14033 cancels both invoices on their days: every day nets to 0, left out.
  RfmOptions options = order_export();
  options.observation_end = day(2011, 11, 12);
  const auto result = summarise(
      "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
      "536368,48187,DOORMAT NEW ENGLAND,6,1/8/2011 8:33,7.95,14033,Germany\n"
      "536368,22745,POPPY'S PLAYHOUSE BEDROOM,6,1/8/2011 8:33,2.10,14033,Germany\n"
      "C536369,48187,DOORMAT NEW ENGLAND,-6,1/8/2011 8:53,7.95,14033,Germany\n"
      "C536369,22745,POPPY'S PLAYHOUSE BEDROOM,-6,1/8/2011 8:53,2.10,14033,Germany\n"
      "536372,22632,\"HAND WARMER RED, POLKA DOT\",4,1/16/2011 14:26,1.85,14515,United Kingdom\n"
      "536372,21754,HOME BUILDING BLOCK WORD,2,1/16/2011 14:26,5.95,14515,United Kingdom\n"
      "536372,48187,DOORMAT NEW ENGLAND,1,1/16/2011 14:26,7.95,14515,United Kingdom\n"
      "C536375,22632,\"HAND WARMER RED, POLKA DOT\",-2,2/1/2011 14:41,1.85,14515,United Kingdom\n"
      "536377,POST,POSTAGE,1,2/7/2011 16:53,18.00,14515,United Kingdom\n"
      "536386,23084,RABBIT NIGHT LIGHT,12,3/28/2011 15:11,2.08,14033,Germany\n"
      "C536387,23084,RABBIT NIGHT LIGHT,-12,3/28/2011 15:31,2.08,14033,Germany\n",
      options);
  CHECK(result.report.customers_without_purchase == 1);
  REQUIRE(result.summary.customers.size() == 1);
  const auto& customer = result.summary.customers[0];
  CHECK(customer.id == "14515");
  CHECK(customer.frequency == 1);
  CHECK(customer.recency == 22);
  CHECK(customer.age == 300);
  CHECK(customer.monetary_value == Approx(18));
  CHECK(*customer.first_purchase_value == Approx(27.25));
  CHECK(*customer.total_spend == Approx(45.25));
  CHECK(*customer.transactions == 5);
}

TEST_CASE("holdout monetary value per purchase day, or per transaction row as lifetimes", "[rfm]") {
  // Calibration end Jan 10, observation end Jan 29 (the last date).
  // a's holdout: Jan 15 (20 + 4 - 6 = 18, a purchase), Jan 20 (9), Jan 22 (-3: a refund day, no
  // purchase): 2 purchase days, spend 27 over 5 rows. Per day 27 / 2 = 13.5; per row 27 / 5 = 5.4.
  // b's holdout: three rows on Jan 29 (1 + 2 + 3): per day 6; per row 2 (lifetimes' mean(1, 2, 3)).
  const std::vector<std::pair<std::string, std::string>> rows{
      {"a,2020-01-01,10", "a,2020-01-01,5"}, {"a,2020-01-08,30", "a,2020-01-15,20"}, {"a,2020-01-15,4", "a,2020-01-15,-6"},
      {"a,2020-01-20,9", "a,2020-01-22,-3"}, {"b,2020-01-10,7", "b,2020-01-29,1"},  {"b,2020-01-29,2", "b,2020-01-29,3"}};
  std::string log = "customer_id,date,amount\n";
  for (const auto& [first, second] : rows) {
    log += first + "\n" + second + "\n";
  }
  RfmOptions options;
  options.calibration_end = day(2020, 1, 10);
  const auto per_day = summarise(log, options).summary;
  options.holdout_average = clv::HoldoutAverage::per_transaction;
  const auto per_row = summarise(log, options).summary;
  REQUIRE(per_day.holdout.size() == 2);
  REQUIRE(per_row.holdout.size() == 2);
  CHECK(per_day.holdout[0].frequency == 2);
  CHECK(per_day.holdout[0].monetary_value == 13.5);
  CHECK(per_row.holdout[0].monetary_value == Approx(5.4).epsilon(1e-15));
  CHECK(per_day.holdout[1].monetary_value == 6);
  CHECK(per_row.holdout[1].monetary_value == 2);
  // Only the holdout changes: the calibration figures and holdout counts are the same.
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(per_row.customers[i].monetary_value == per_day.customers[i].monetary_value);
    CHECK(per_row.holdout[i].frequency == per_day.holdout[i].frequency);
  }
  CHECK(per_row.customers[0].monetary_value == 30);

  // Rows split over two accumulators (as the threaded reader does) count the same.
  clv::RfmAccumulator first(options);
  clv::RfmAccumulator second(options);
  for (const auto& [one, other] : rows) {
    for (const std::string* row : {&one, &other}) {
      const auto comma = row->find(',');
      const std::string date = row->substr(comma + 1, 10);
      const auto when = day(std::stoi(date.substr(0, 4)), static_cast<unsigned>(std::stoi(date.substr(5, 2))),
                            static_cast<unsigned>(std::stoi(date.substr(8, 2))));
      (row == &one ? first : second).add(row->substr(0, comma), when, std::stod(row->substr(comma + 12)));
    }
  }
  first.merge(std::move(second));
  const auto merged = first.finish(true);
  REQUIRE(merged.holdout.size() == 2);
  CHECK(merged.holdout[0].monetary_value == per_row.holdout[0].monetary_value);
  CHECK(merged.holdout[1].monetary_value == per_row.holdout[1].monetary_value);
}

TEST_CASE("holdout monetary value per transaction with --collapse unit counts the rows of later periods", "[rfm]") {
  // The months of the refund test above: after the calibration end (April) come 4 rows (May 3,
  // May 4, May 20, June 30); May nets to 0 (no purchase), June is 5. Per month 5 / 1, per row 5 / 4.
  const char* const log =
      "customer_id,date,amount\n"
      "a,2021-02-11,20\n"
      "a,2021-04-30,10\n"
      "a,2021-05-03,8\n"
      "a,2021-05-04,2\n"
      "a,2021-05-20,-10\n"
      "a,2021-06-30,5\n";
  RfmOptions options;
  options.unit = TimeUnit::months;
  options.collapse = Collapse::unit;
  options.calibration_end = day(2021, 4, 15);  // April's period: the 30th is in the calibration too
  options.holdout_average = clv::HoldoutAverage::per_transaction;
  const auto table = summarise(log, options).summary;
  REQUIRE(table.holdout.size() == 1);
  CHECK(table.customers[0].frequency == 1);
  CHECK(table.holdout[0].frequency == 1);
  CHECK(table.holdout[0].monetary_value == 1.25);
}
