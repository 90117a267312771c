#include "clv/io/header.hpp"

#include "clv/error.hpp"
#include "clv/io/csv_reader.hpp"
#include "clv/io/input.hpp"

#include <catch2/catch.hpp>

#include <array>

#include "error_description.hpp"

namespace {

using clv::io::Field;

// The header line `text` as the CSV reader splits it (with `delimiter`).
struct Header {
  std::unique_ptr<clv::io::InputSource> source;
  clv::io::CsvReader reader;
  clv::io::CsvRecord record;
  Header(const std::string& text, char delimiter)
      : source(clv::io::memory_input(text + "\n", "h.csv")), reader(*source, clv::io::CsvOptions{clv::io::Separator::delimiter, delimiter}) {
    REQUIRE(reader.next(record));
  }
};

constexpr std::array k_customer_fields{Field::customer_id, Field::name, Field::transactions, Field::average_purchase,
                                       Field::acquisition_cost};

std::string error_of(const std::string& header, const clv::io::ColumnOptions& options, clv::ExitCode code) {
  Header parsed(header, ',');
  return clv::test::error_description(
      [&] {
        const auto columns = clv::io::resolve_header(parsed.record, k_customer_fields, options, "h.csv");
        clv::io::refuse_near_misses(parsed.record, columns, k_customer_fields, "h.csv");
      },
      code);
}

}  // namespace

TEST_CASE("headers match ignoring case, spaces, underscores and hyphens, by their usual spellings") {
  CHECK(clv::io::normalise_header(" Customer ID ") == "customerid");
  for (const char* spelling : {"customer_id", "CustomerID", "Customer ID", "cust_id", "id", "customer", "client_id",
                               "Client-Id"}) {
    CAPTURE(spelling);
    CHECK(clv::io::field_of_header(spelling) == Field::customer_id);
  }
  CHECK(clv::io::field_of_header("T") == Field::age);
  CHECK(clv::io::field_of_header("t_x") == Field::recency);
  CHECK(clv::io::field_of_header("CLV") == Field::value);
  CHECK(clv::io::field_of_header("InvoiceDate") == Field::date);
  CHECK(clv::io::field_of_header("Unit Price") == Field::price);
  CHECK_FALSE(clv::io::field_of_header("colour").has_value());
  CHECK_FALSE(clv::io::field_of_header("expected_transactions").has_value());
  CHECK(clv::io::field_name(Field::age) == "T");
  // Shared by a customer record and a value list: on its own, the customer record's field.
  CHECK(clv::io::field_of_header("referral_net_income") == Field::referral_net_income);
}

TEST_CASE("column mappings FIELD=HEADER by name or 1-based position, and bad mappings are usage errors") {
  const auto by_name = clv::io::ColumnMapping::parse("customer_id=Kundennummer");
  CHECK(by_name.field == Field::customer_id);
  CHECK(by_name.header == "Kundennummer");
  CHECK(by_name.position == 0);
  const auto by_position = clv::io::ColumnMapping::parse("Average Purchase=3");
  CHECK(by_position.field == Field::average_purchase);
  CHECK(by_position.position == 3);
  for (const char* bad : {"customer_id", "colour=x", "customer_id=", "date=0"}) {
    CAPTURE(bad);
    try {
      (void)clv::io::ColumnMapping::parse(bad);
      FAIL("no error");
    } catch (const clv::Error& error) {
      CHECK(error.code() == clv::ExitCode::usage);
    }
  }
  clv::io::ColumnOptions twice;
  twice.mappings = {clv::io::ColumnMapping::parse("id=a"), clv::io::ColumnMapping::parse("customer_id=b")};
  CHECK_THROWS_WITH(twice.check(), Catch::Contains("maps customer_id twice ('a' and 'b')"));
}

TEST_CASE("resolve_header applies mappings, spellings and --keep, and extra columns are left over") {
  Header parsed("Kundennummer,Segment,Transactions,Avg Purchase,name", ',');
  clv::io::ColumnOptions options;
  options.mappings = {clv::io::ColumnMapping::parse("customer_id=kundennummer")};
  options.keep = {"segment"};
  const auto columns = clv::io::resolve_header(parsed.record, k_customer_fields, options, "h.csv");
  CHECK(columns.at(Field::customer_id) == 0);
  CHECK(columns.at(Field::transactions) == 2);
  CHECK(columns.at(Field::average_purchase) == 3);
  CHECK(columns.at(Field::name) == 4);
  CHECK_FALSE(columns.has(Field::acquisition_cost));
  CHECK(columns.kept == std::vector<std::size_t>{1});
  CHECK(columns.kept_names == std::vector<std::string>{"Segment"});
  CHECK(columns.extra == std::vector<std::size_t>{1});
  CHECK(columns.name(Field::customer_id) == "Kundennummer");
}

TEST_CASE("resolve_header's bad cases: missing mapped or kept column (64), a field twice (65), near misses (65)") {
  clv::io::ColumnOptions missing;
  missing.mappings = {clv::io::ColumnMapping::parse("customer_id=Kunde")};
  CHECK(error_of("id,transactions", missing, clv::ExitCode::usage) ==
        "h.csv:1: --column customer_id=Kunde: the header has no 'Kunde' (columns: id, transactions)");
  clv::io::ColumnOptions keep;
  keep.keep = {"region"};
  CHECK_THAT(error_of("id,transactions", keep, clv::ExitCode::usage),
             Catch::Contains("--keep region: the header has no such column (columns: id, transactions)"));
  CHECK_THAT(error_of("id,transactions,Customer ID", {}, clv::ExitCode::data_error),
             Catch::StartsWith("h.csv:1:17: customer_id: column 'Customer ID' is a second customer_id column"));
  CHECK_THAT(error_of("id,transactions,acquistion_cost", {}, clv::ExitCode::data_error),
             Catch::StartsWith("h.csv:1:17: acquistion_cost: unknown column 'acquistion_cost': did you mean "
                               "acquisition_cost?"));
  CHECK_THAT(error_of("id,transaction,average_purchase", {}, clv::ExitCode::data_error),
             Catch::Contains("did you mean transactions?"));
  // Far from every field, or too short to tell: welcome as extra columns.
  CHECK(error_of("id,transactions,colour,country,email,segment,nome", {}, clv::ExitCode::data_error).empty());
}

TEST_CASE("detect_delimiter takes the most frequent of comma, semicolon, tab and pipe outside quotes") {
  CHECK(clv::io::detect_delimiter("id;transactions;average_purchase") == ';');
  CHECK(clv::io::detect_delimiter("id\ttransactions") == '\t');
  CHECK(clv::io::detect_delimiter("id|value") == '|');
  CHECK(clv::io::detect_delimiter("\"a,b,c\";d;e") == ';');
  CHECK(clv::io::detect_delimiter("id,name;x,y") == ',');
  CHECK_FALSE(clv::io::detect_delimiter("customer_id date amount").has_value());
}
