#include "clv/customer_attributes.hpp"

#include "clv/error.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <utility>

namespace {

clv::AttributeTable attributes() {
  clv::AttributeTable table;
  table.source = "attributes.csv";
  table.id_header = "customer_id";
  table.customers.push_back({"b", std::string("Bea"), std::string("a"), 30.0, 2, 1});
  return table;
}

// Customers built whole (GCC 12 warns wrongly about assigning short literals to a string).
clv::Customer customer(std::string id) {
  clv::Customer out;
  out.id = std::move(id);
  return out;
}

}  // namespace

TEST_CASE("attributes over a model's customers: name, referrer, acquisition cost", "[attributes]") {
  clv::CustomerSet formula;
  formula.customers = {customer("a"), customer("b")};
  formula.customers[1].acquisition_cost = 10.0;
  clv::attach_attributes(formula, attributes());
  CHECK(formula.customers[1].name == std::optional<std::string>("Bea"));
  CHECK(formula.customers[1].referred_by == std::optional<std::string>("a"));
  CHECK(*formula.customers[1].acquisition_cost == 40.0);  // added to the customer's own
  CHECK(!formula.customers[0].name);
  CHECK(formula.referrals_source == "attributes.csv");

  clv::CustomerSet ledger;
  ledger.customers = {customer("b")};
  ledger.customers[0].years = {clv::LedgerYear{1, 100.0, 0.0, 5.0, std::nullopt},
                               clv::LedgerYear{2, 90.0, 0.0, 5.0, std::nullopt}};
  clv::attach_attributes(ledger, attributes());
  CHECK(ledger.customers[0].years[0].cost == 35.0);  // in the first year only
  CHECK(ledger.customers[0].years[1].cost == 5.0);
  CHECK(!ledger.customers[0].acquisition_cost);

  clv::CustomerSet other;
  other.source = std::string("contracts.csv");
  other.customers = {customer("z")};
  try {
    clv::attach_attributes(other, attributes());
    FAIL("no error");
  } catch (const clv::Error& error) {
    CHECK(std::string(error.what()).find("'b' is not in contracts.csv") != std::string::npos);
  }
}
