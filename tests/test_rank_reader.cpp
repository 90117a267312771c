#include "clv/io/rank_reader.hpp"

#include "clv/error.hpp"
#include "clv/io/input.hpp"

#include <catch2/catch.hpp>

#include "error_description.hpp"

namespace {

clv::io::RankInputs read(const std::string& text) {
  const auto source = clv::io::memory_input(text, "values.csv");
  return clv::io::read_rank_inputs(*source);
}

// The error's "FILE:LINE:COL: field: message".
std::string error_of(const std::string& text) {
  return clv::test::error_description([&] { return read(text); }, clv::ExitCode::data_error);
}

}  // namespace

TEST_CASE("read_rank_inputs takes columns by name, in any order, optional fields may be empty") {
  const auto inputs = read("region,value,id,referral_income,name\nnorth,12.5,a,,Ann\nsouth,-3,\"b\",4,\n");
  REQUIRE(inputs.customers.size() == 2);
  CHECK(inputs.has_name);
  CHECK(inputs.has_referral_income);
  CHECK_FALSE(inputs.has_acquisition_cost);
  CHECK(inputs.customers[0].id == "a");
  CHECK(inputs.customers[0].value == 12.5);
  CHECK(inputs.customers[0].name == std::optional<std::string>("Ann"));
  CHECK_FALSE(inputs.customers[0].referral_income.has_value());
  CHECK(inputs.customers[1].id == "b");
  CHECK(inputs.customers[1].value == -3.0);
  CHECK_FALSE(inputs.customers[1].name.has_value());
  CHECK(inputs.customers[1].referral_income == std::optional<double>(4.0));
  CHECK_FALSE(inputs.customers[1].acquisition_cost.has_value());
}

TEST_CASE("read_rank_inputs reads clv value's referral_net_income as the referral income, and one of the two only") {
  // The header of `clv value -f csv`.
  const auto inputs = read("customer_id,name,transactions,average_purchase,revenue,acquisition_cost,service_cost,"
                           "own_net_income,referral_net_income,referred_customers,value\n"
                           "A,A graphic design,,,5950,850,400,4700,8100,4,12800\n");
  REQUIRE(inputs.customers.size() == 1);
  CHECK(inputs.has_referral_income);
  CHECK(inputs.customers[0].referral_income == std::optional<double>(8100.0));
  CHECK(inputs.customers[0].acquisition_cost == std::optional<double>(850.0));
  CHECK(inputs.customers[0].value == 12800.0);
  CHECK(error_of("id,value,referral_income,referral_net_income\na,1,2,3\n") ==
        "values.csv:1:26: referral_income: column 'referral_net_income' is a second referral_income column (the "
        "first is 'referral_income', column 3); choose one with --column referral_income=HEADER");
}

TEST_CASE("read_rank_inputs names file, line, column and field in its errors") {
  CHECK(error_of("id,value\na,1\nb,1.5.2\n") == "values.csv:3:3: value: '1.5.2' is not a number");
  CHECK(error_of("id,value\na,1\na,2\n") == "values.csv:3: customer_id: customer 'a' appears again (first on line 2)");
  CHECK(error_of("id,amount\na,1\n").rfind("values.csv:1: the header has no 'value' column", 0) == 0);
  CHECK(error_of("id,value,acquisition_cost\na,1,nan\n").rfind("values.csv:2:5: acquisition_cost: 'nan'", 0) == 0);
  CHECK(error_of("id,value\n,1\n") == "values.csv:2:1: customer_id: the customer id is empty");
  CHECK(error_of("id,value\n\xFF,1\n") == "values.csv:2:1: customer_id: is not valid UTF-8");
  CHECK(error_of("value,name,id\n1,Ann,a\n2,pay\xE2\x82,b\n") == "values.csv:3:3: name: is not valid UTF-8");
  CHECK(read("id,value,name\nJos\xC3\xA9,1,\xE5\xBC\xA0\n").customers.at(0).name ==
        std::optional<std::string>("\xE5\xBC\xA0"));
  CHECK(error_of("id,value\na\n") == "values.csv:2: row has 1 field where the header has 2");
  // "1,5" with an unquoted decimal comma would be read as 1 without the check.
  CHECK(error_of("id,value\na,2\nb,1,5\n") == "values.csv:3: row has 3 fields where the header has 2");
  CHECK(error_of("") == "values.csv: the input is empty: expected a header row with columns id and value");
  CHECK(error_of("customer_id,value\n") == "values.csv: no customers: the file has a header but no row");
  CHECK(error_of("customer_id,value\r\n\r\n") == "values.csv: no customers: the file has a header but no row");
  CHECK(error_of("id,value,id\n").rfind("values.csv:1:10: customer_id: column 'id' is a second customer_id column", 0) == 0);
}

TEST_CASE("read_rank_inputs: decimal commas with the option, and a semicolon header read as commas suggests the delimiter") {
  clv::io::CsvOptions options;
  options.delimiter = ';';
  options.decimal = clv::io::DecimalMark::comma;
  auto input = clv::io::memory_input("id;value\na;1.234,5\nb;-0,25\n", "values.csv");
  const auto inputs = clv::io::read_rank_inputs(*input, options);
  REQUIRE(inputs.customers.size() == 2);
  CHECK(inputs.customers[0].value == 1234.5);
  CHECK(inputs.customers[1].value == -0.25);
  CHECK(error_of("id;value\na;1,5\n") ==
        "values.csv:1: the header has no 'customer_id' column (columns needed: customer_id or id, value or clv; "
        "optional: name, acquisition_cost, referral_income; columns: id;value; map one with --column "
        "customer_id=HEADER); the header looks ';'-separated: use -d ';'");
}
