#include "clv/input/table.hpp"

#include "clv/error.hpp"

#include <catch2/catch.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

namespace {

// A file in a fresh temporary directory, removed with it.
class TempFile {
 public:
  explicit TempFile(const std::string& name, const std::string& text = {}) {
    char pattern[] = "/tmp/clv_table_XXXXXX";
    m_directory = mkdtemp(pattern);
    m_path = m_directory + "/" + name;
    if (!text.empty()) {
      std::ofstream(m_path) << text;
    }
  }
  ~TempFile() { std::filesystem::remove_all(m_directory); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  [[nodiscard]] const std::string& path() const { return m_path; }

 private:
  std::string m_directory;
  std::string m_path;
};

clv::input::TableOptions options_for(const std::string& path) {
  clv::input::TableOptions options;
  options.path = path;
  return options;
}

std::string usage_message(const std::function<void()>& read) {
  try {
    read();
  } catch (const clv::Error& error) {
    CHECK(error.code() == clv::ExitCode::usage);
    return error.describe();
  }
  return "no error";
}

}  // namespace

TEST_CASE("open_table recognises each kind from its header, whatever the delimiter") {
  const std::pair<const char*, clv::input::TableKind> cases[] = {
      {"id,transactions,average_purchase\n", clv::input::TableKind::customers},
      {"Customer ID;Year;Base Sales;New Sales;Cost\n", clv::input::TableKind::ledger},
      {"customer_id\tfrequency\trecency\tT\n", clv::input::TableKind::summary},
      // BG/BB: a summary without T, with the number of opportunities.
      {"customer_id,frequency,recency,periods\n", clv::input::TableKind::opportunities},
      {"frequency,recency,Periods,weights\n", clv::input::TableKind::opportunities},
      {"customer_id,frequency,recency,T,periods\n", clv::input::TableKind::summary},
      {"customer_id,frequency_cal,recency_cal,T_cal,frequency_holdout,duration_holdout\n",
       clv::input::TableKind::calibration_summary},
      {"CustomerID|InvoiceDate|Quantity|UnitPrice\n", clv::input::TableKind::transaction_log},
      {"customer_id date amount\n", clv::input::TableKind::transaction_log},
      {"{\"customer_id\": \"a\", \"date\": \"2024-01-01\"}\n", clv::input::TableKind::transaction_log},
      {"[{\"id\": \"a\", \"transactions\": 1, \"average_purchase\": 2}]\n", clv::input::TableKind::json_customers},
      {"customer_id,clv\n", clv::input::TableKind::values},
      {"customer_id,acquisition_cost,name\n", clv::input::TableKind::attributes},
      // sBG inputs, in any case; with an acquisition cost a contracts file is still one.
      {"customer_id,tenure,churned\n", clv::input::TableKind::contracts},
      {"Customer_ID;Tenure;Churned;acquisition_cost\n", clv::input::TableKind::contracts},
      {"period,alive\n", clv::input::TableKind::cohort_table},
      {"cohort\tPeriod\tAlive\n", clv::input::TableKind::cohort_table},
      // A customer file or summary that carries such columns stays what it is.
      {"id,transactions,average_purchase,tenure,churned\n", clv::input::TableKind::customers},
      {"customer_id,frequency,recency,T,period,alive\n", clv::input::TableKind::summary},
      // One of the two columns is not enough.
      {"customer_id,tenure\n", clv::input::TableKind::unknown},
      {"a,b,c\n", clv::input::TableKind::unknown},
  };
  for (const auto& [text, kind] : cases) {
    CAPTURE(text);
    TempFile file("t.csv", text);
    CHECK(clv::input::open_table(options_for(file.path())).kind == kind);
  }
}

TEST_CASE("a command given a kind it cannot use says what the file is and what to do, in one line") {
  TempFile log("log.csv", "customer_id,date,amount\nc1,2024-01-01,5\n");
  CHECK(usage_message([&] { (void)clv::input::read_customer_records(options_for(log.path())); }) ==
        log.path() + " is a transaction log (customer_id, date, amount): add --model, or summarise it with clv rfm");
  TempFile customers("c.csv", "id,transactions,average_purchase\nA,1,2\n");
  CHECK_THAT(usage_message([&] { (void)clv::input::read_value_list(options_for(customers.path())); }),
             Catch::EndsWith("is a customer file (id, transactions, average_purchase): rank it without --values "
                             "(clv rank FILE)"));
  TempFile summary("s.csv", "customer_id,frequency,recency,T\nc1,0,0,3\n");
  CHECK_THAT(usage_message([&] {
               (void)clv::input::summarise_log_table(options_for(summary.path()), {}, clv::TimeUnit::days);
             }),
             Catch::Contains("is a per-customer summary (customer_id, frequency, recency, T): it is summarised "
                             "already"));
}

TEST_CASE("sBG and BG/BB inputs given as customer records are named, with the commands that read them") {
  using clv::input::ModelOption;
  TempFile contracts("k.csv", "customer_id,tenure,churned\nK1,3,1\n");
  CHECK(usage_message([&] {
          (void)clv::input::read_customer_records(options_for(contracts.path()), nullptr, ModelOption::not_offered);
        }) == contracts.path() + " is a contracts file (customer_id, tenure, churned): fit it with clv fit --model "
                                 "sbg, or value it with clv value --model SBG.json (predict, rank, project, segment, "
                                 "report and diagnose take it too)");
  CHECK(usage_message([&] { (void)clv::input::read_customer_records(options_for(contracts.path())); }) ==
        contracts.path() + " is a contracts file (customer_id, tenure, churned): add --model with an sBG model (from "
                           "clv fit FILE --model sbg)");
  TempFile donors("d.csv", "customer_id,frequency,recency,periods\nD1,3,3,6\n");
  CHECK(usage_message([&] {
          (void)clv::input::read_customer_records(options_for(donors.path()), nullptr, ModelOption::not_offered);
        }) == donors.path() + " is a BG/BB opportunities file (customer_id, frequency, recency, periods): fit it "
                              "with clv fit --model bgbb, or value it with clv value --model BGBB.json (predict, "
                              "rank, project, segment, report and diagnose take it too)");
  CHECK(usage_message([&] { (void)clv::input::read_customer_records(options_for(donors.path())); }) ==
        donors.path() + " is a BG/BB opportunities file (customer_id, frequency, recency, periods): add --model with "
                        "a BG/BB model (from clv fit FILE --model bgbb)");
  TempFile cohorts("r.csv", "Cohort,Period,Alive\nregular,0,1000\n");
  CHECK(usage_message([&] {
          (void)clv::input::read_customer_records(options_for(cohorts.path()), nullptr, ModelOption::not_offered);
        }) == cohorts.path() + " is a cohort retention table (Cohort, Period, Alive): fit it with clv fit --model "
                               "sbg, or check an sBG model against one cohort with clv diagnose --model SBG.json "
                               "--cohort NAME; to value customers, give one row per customer (customer_id, tenure, "
                               "churned)");
}

TEST_CASE("a spreadsheet export: semicolons, a CRM's column names, extra columns kept") {
  TempFile file("crm.csv",
                "Customer ID;Segment;Transactions;Average Purchase;E-mail\n"
                "K1;gold;4;25.5;a@b\n"
                "K2;silver;2;10;c@d\n");
  clv::input::TableOptions options = options_for(file.path());
  options.columns.keep = {"segment", "e-mail"};
  const clv::CustomerSet set = clv::input::read_customer_records(options);
  REQUIRE(set.customers.size() == 2);
  CHECK(set.customers[1].id == "K2");
  CHECK(set.customers[1].transactions == 2.0);
  CHECK(set.customers[0].average_purchase == 25.5);
  CHECK(set.kept.names == std::vector<std::string>{"Segment", "E-mail"});
  CHECK(set.kept.value(0, 0) == "gold");
  CHECK(set.kept.value(1, 1) == "c@d");
}

TEST_CASE("a FIFO is read once, without a pre-pass, and blank lines before the header keep line numbers") {
  TempFile fifo("pipe.csv");
  REQUIRE(mkfifo(fifo.path().c_str(), 0600) == 0);
  std::thread writer([&] {
    std::ofstream(fifo.path()) << "\n\n\nid,transactions,average_purchase\nA,1,2\nB,3,4\n";
  });
  const clv::CustomerSet set = clv::input::read_customer_records(options_for(fifo.path()));
  writer.join();
  REQUIRE(set.customers.size() == 2);
  CHECK(set.customers[1].average_purchase == 4.0);

  TempFile blank("blank.csv", "\n\nid,transactions,average_purchase\nA,x,2\n");
  try {
    (void)clv::input::read_customer_records(options_for(blank.path()));
    FAIL("no error");
  } catch (const clv::Error& error) {
    CHECK(error.describe() == blank.path() + ":4:3: transactions: is not a number 'x'");
  }
}

TEST_CASE("a summary or a log from one call, and the log's --column mappings choose its columns") {
  TempFile log("orders.csv", "Kunde;Datum;Betrag\nk1;2024-01-01;5\nk1;2024-01-11;7\nk2;2024-01-05;3\n");
  clv::input::TableOptions options = options_for(log.path());
  options.columns.mappings = {clv::io::ColumnMapping::parse("customer_id=Kunde"),
                              clv::io::ColumnMapping::parse("date=Datum"),
                              clv::io::ColumnMapping::parse("amount=3")};
  const clv::input::SummaryInput read =
      clv::input::read_summary_or_log(options, {}, std::nullopt, clv::input::ModelUnit{clv::TimeUnit::days, "m.json"});
  REQUIRE(read.log.has_value());
  REQUIRE(read.summary.customers.size() == 2);
  // k1: first 2024-01-01, again on the 11th (recency 10), observation end the 11th (T 10).
  CHECK(read.summary.customers[0].id == "k1");
  CHECK(read.summary.customers[0].frequency == 1.0);
  CHECK(read.summary.customers[0].recency == 10.0);
  CHECK(read.summary.customers[0].monetary_value == 7.0);
  CHECK(read.summary.customers[1].age == 6.0);
}

TEST_CASE("a log is summarised in --unit, else the model's unit, and a model without one needs --unit") {
  using clv::input::ModelUnit;
  using clv::TimeUnit;
  CHECK(clv::input::log_unit(std::nullopt, std::nullopt) == TimeUnit::days);
  CHECK(clv::input::log_unit(std::nullopt, ModelUnit{TimeUnit::weeks, "m.json"}) == TimeUnit::weeks);
  CHECK(clv::input::log_unit(TimeUnit::months, ModelUnit{std::nullopt, "m.json"}) == TimeUnit::months);
  try {
    (void)clv::input::log_unit(std::nullopt, ModelUnit{std::nullopt, "nounit.json"});
    FAIL("no error");
  } catch (const clv::Error& error) {
    CHECK(error.code() == clv::ExitCode::usage);
    CHECK_THAT(error.what(), Catch::StartsWith("nounit.json: the model's time unit is unknown"));
  }

  // Two purchases 14 days apart: recency 2 in weeks.
  TempFile log("orders.csv", "customer_id,date,amount\nk1,2024-01-01,5\nk1,2024-01-15,7\n");
  const clv::input::TableOptions options = options_for(log.path());
  CHECK_THROWS_AS(clv::input::read_summary_or_log(options, {}, std::nullopt, ModelUnit{std::nullopt, "nounit.json"}),
                  clv::Error);
  const clv::input::SummaryInput weeks =
      clv::input::read_summary_or_log(options, {}, std::nullopt, ModelUnit{TimeUnit::weeks, "m.json"});
  CHECK(weeks.summary.unit == TimeUnit::weeks);
  CHECK(weeks.summary.customers.at(0).recency == 2.0);
  const clv::input::SummaryInput given =
      clv::input::read_summary_or_log(options, {}, TimeUnit::days, ModelUnit{std::nullopt, "nounit.json"});
  CHECK(given.summary.customers.at(0).recency == 14.0);

  // A summary's numbers are in whatever unit the model's are: no unit needed.
  TempFile summary("summary.csv", "customer_id,frequency,recency,T\nk1,1,2,3\n");
  const clv::input::SummaryInput read =
      clv::input::read_summary_or_log(options_for(summary.path()), {}, std::nullopt, ModelUnit{std::nullopt, "n.json"});
  CHECK_FALSE(read.summary.unit.has_value());
  CHECK(read.summary.customers.at(0).recency == 2.0);
}

TEST_CASE("a summary in clv's JSON states its unit: the summary takes it, and a different --unit or model unit is refused") {
  using clv::input::ModelUnit;
  using clv::TimeUnit;
  const std::string rows = "{\"customers\":[\n{\"customer_id\":\"k1\",\"frequency\":1,\"recency\":2,\"T\":3}\n],\n";
  TempFile weeks("s.json", rows + "\"summary\":{\"customers\":1,\"unit\":\"weeks\"}}\n");
  const clv::input::TableOptions options = options_for(weeks.path());
  const clv::input::SummaryInput read = clv::input::read_summary_or_log(options, {}, std::nullopt, std::nullopt);
  CHECK(read.summary.unit == TimeUnit::weeks);
  CHECK(read.summary.customers.at(0).recency == 2.0);
  CHECK(clv::input::read_summary_or_log(options, {}, TimeUnit::weeks, ModelUnit{std::nullopt, "m.json"}).summary.unit ==
        TimeUnit::weeks);
  CHECK_THAT(usage_message([&] { (void)clv::input::read_summary_or_log(options, {}, TimeUnit::days, std::nullopt); }),
             Catch::Contains("s.json is in weeks (its summary says so), not in days (--unit)"));
  CHECK_THAT(usage_message([&] {
               (void)clv::input::read_summary_or_log(options, {}, std::nullopt, ModelUnit{TimeUnit::days, "m.json"});
             }),
             Catch::Contains("s.json is in weeks (its summary says so), the model m.json in days"));

  TempFile none("n.json", rows + "\"summary\":{\"customers\":1}}\n");
  CHECK_FALSE(clv::input::read_summary_or_log(options_for(none.path()), {}, std::nullopt, std::nullopt).summary.unit);

  TempFile years("y.json", rows + "\"summary\":{\"customers\":1,\n\"unit\":\"years\"}}\n");
  try {
    (void)clv::input::read_summary_or_log(options_for(years.path()), {}, std::nullopt, std::nullopt);
    FAIL("no error");
  } catch (const clv::Error& error) {
    CHECK(error.code() == clv::ExitCode::data_error);
    CHECK_THAT(error.describe(), Catch::Contains("y.json:5: unit: the summary's time unit must be days, weeks or months"));
  }
}

TEST_CASE("a summary in clv's JSON with a key named twice is refused at the second one") {
  // Line 2, column 35: the second "frequency" (counted by hand).
  TempFile twice("s.json", "{\"customers\":[\n{\"customer_id\":\"k1\",\"frequency\":1,\"frequency\":4,\"recency\":2,"
                           "\"T\":3}\n]}\n");
  try {
    (void)clv::input::read_summary_or_log(options_for(twice.path()), {}, std::nullopt, std::nullopt);
    FAIL("no error");
  } catch (const clv::Error& error) {
    CHECK(error.code() == clv::ExitCode::data_error);
    CHECK_THAT(error.describe(), Catch::EndsWith("s.json:2:35: customers[0].frequency: duplicate key \"frequency\""));
  }
}

TEST_CASE("a clv model file given as FILE is named as one, for every command, in one line") {
  const std::string model = "{\n  \"clv_model\": 1,\n  \"model\": \"bgnbd\",\n  \"parameters\": {\"r\": 1}\n}\n";
  TempFile file("m.json", model);
  const std::string expected = file.path() + " is a clv model file (bgnbd): give it with --model, and the customers' "
                                             "data as FILE";
  CHECK(usage_message([&] { (void)clv::input::read_customer_records(options_for(file.path())); }) == expected);
  CHECK(usage_message([&] { (void)clv::input::read_value_list(options_for(file.path())); }) == expected);
  CHECK(usage_message([&] {
          (void)clv::input::summarise_log_table(options_for(file.path()), {}, clv::TimeUnit::days);
        }) == expected);
  CHECK(usage_message([&] {
          (void)clv::input::read_summary_or_log(options_for(file.path()), {}, std::nullopt, std::nullopt);
        }) == expected);
  TempFile spend("gg.json", "{\"clv_model\": 1, \"model\": \"gg\", \"parameters\": {}}");
  CHECK_THAT(usage_message([&] { (void)clv::input::read_customer_records(options_for(spend.path())); }),
             Catch::EndsWith("is a clv model file (gg): give it with --spend-model (beside --model), and the "
                             "customers' data as FILE"));
}

TEST_CASE("clv's own JSON tables read back as customer records like their CSV, or are named by kind") {
  // `clv value -f json`: the customers' formula inputs are read back, the computed columns ignored.
  TempFile value("v.json", "{\"customers\":[\n{\"customer_id\":\"A\",\"name\":\"Ann\",\"transactions\":2,"
                           "\"average_purchase\":10.5,\"acquisition_cost\":3,\"value\":18}\n],\n"
                           "\"summary\":{\"customers\":1}}\n");
  const clv::CustomerSet set = clv::input::read_customer_records(options_for(value.path()));
  REQUIRE(set.customers.size() == 1);
  CHECK(set.customers[0].id == "A");
  CHECK(set.customers[0].name == std::optional<std::string>("Ann"));
  CHECK(set.customers[0].transactions == std::optional<double>(2.0));
  CHECK(set.customers[0].average_purchase == std::optional<double>(10.5));
  CHECK(set.customers[0].acquisition_cost == std::optional<double>(3.0));
  // `clv rank -f json`, `clv rfm -f json`: a value list and a summary, not customer records.
  TempFile ranked("r.json", "{\"customers\":[\n{\"rank\":1,\"customer_id\":\"A\",\"value\":5}\n],\n"
                            "\"summary\":{\"customers\":1}}\n");
  CHECK_THAT(usage_message([&] { (void)clv::input::read_customer_records(options_for(ranked.path())); }),
             Catch::EndsWith("is a value list (customer_id, value): rank it with clv rank --values"));
  TempFile summary("s.json", "{\"customers\":[\n{\"customer_id\":\"A\",\"frequency\":1,\"recency\":2,\"T\":3}\n],\n"
                             "\"summary\":{\"customers\":1,\"unit\":\"weeks\"}}\n");
  CHECK_THAT(usage_message([&] { (void)clv::input::read_customer_records(options_for(summary.path())); }),
             Catch::Contains("is a per-customer summary (customer_id, frequency, recency, T)"));
  // A JSON customer file keeps its own reader, which refuses an unknown key.
  TempFile typo("c.json", "{\"customers\":[{\"id\":\"A\",\"transactions\":1,\"average_purchase\":2}],"
                          "\"curency\":\"EUR\"}");
  try {
    (void)clv::input::read_customer_records(options_for(typo.path()));
    FAIL("an unknown key was accepted");
  } catch (const clv::Error& error) {
    CHECK(error.code() == clv::ExitCode::data_error);
    CHECK_THAT(error.describe(), Catch::Contains("curency: unknown key"));
  }
}

TEST_CASE("sBG inputs given where a purchase model's summary or log is read are named") {
  TempFile contracts("k.csv", "customer_id,tenure,churned\nK1,3,1\n");
  CHECK_THAT(usage_message([&] {
               (void)clv::input::read_summary_or_log(options_for(contracts.path()), {}, std::nullopt, std::nullopt);
             }),
             Catch::EndsWith("is a contracts file (customer_id, tenure, churned): fit it with clv fit --model sbg, or "
                             "forecast it with --model SBG.json (from clv fit --model sbg)"));
  TempFile cohorts("c.csv", "cohort,period,alive\nA,0,10\nA,1,5\n");
  CHECK_THAT(usage_message([&] {
               (void)clv::input::summarise_log_table(options_for(cohorts.path()), {}, clv::TimeUnit::days);
             }),
             Catch::Contains("is a cohort retention table (cohort, period, alive): fit it with clv fit --model sbg"));
}
