#include "clv/error.hpp"
#include "clv/referral.hpp"

#include "customer_builders.hpp"

#include <catch2/catch.hpp>

#include <fmt/format.h>

using namespace clv;
using clv::test::formula_customer;

namespace {

CustomerSet chain(std::size_t length) {
  CustomerSet set;
  for (std::size_t i = 0; i < length; ++i) {
    set.customers.push_back(formula_customer(fmt::format("c{}", i), 1, 1, 0,
                                             i == 0 ? std::nullopt : std::optional(fmt::format("c{}", i - 1))));
  }
  return set;
}

}  // namespace

TEST_CASE("referral: tree, children in file order, bottom-up order", "[referral]") {
  CustomerSet set;
  set.customers.push_back(formula_customer("Q", 1, 1, 0, "P"));
  set.customers.push_back(formula_customer("P", 1, 1));
  set.customers.push_back(formula_customer("S", 1, 1, 0, "P"));
  set.customers.push_back(formula_customer("T", 1, 1, 0, "Q"));
  const ReferralTree tree = build_referral_tree(set);
  CHECK(tree.referrer == std::vector<std::uint32_t>{1, ReferralTree::k_none, 1, 0});
  const auto children = tree.children_of(1);
  CHECK(std::vector<std::uint32_t>(children.begin(), children.end()) == std::vector<std::uint32_t>{0, 2});
  REQUIRE(tree.bottom_up.size() == 4);
  // Everyone comes after everyone below them.
  std::vector<std::size_t> place(4);
  for (std::size_t k = 0; k < 4; ++k) {
    place[tree.bottom_up[k]] = k;
  }
  CHECK(place[3] < place[0]);
  CHECK(place[0] < place[1]);
  CHECK(place[2] < place[1]);
  CHECK(referred_customers(tree, 1, ReferralDepth::all) == std::vector<std::uint32_t>{0, 3, 2});
  CHECK(referred_customers(tree, 1, ReferralDepth::direct) == std::vector<std::uint32_t>{0, 2});
}

TEST_CASE("referral: totals, all and direct", "[referral]") {
  CustomerSet set;
  set.customers.push_back(formula_customer("P", 1, 1));
  set.customers.push_back(formula_customer("Q", 1, 1, 0, "P"));
  set.customers.push_back(formula_customer("S", 1, 1, 0, "Q"));
  set.customers.push_back(formula_customer("T", 1, 1, 0, "P"));
  const ReferralTree tree = build_referral_tree(set);
  const std::vector<double> own{100, 10, 1, 1000};
  const ReferralTotals all = referral_totals(tree, own, ReferralDepth::all);
  CHECK(all.income == std::vector<double>{1011, 1, 0, 0});
  CHECK(all.referred == std::vector<std::uint32_t>{3, 1, 0, 0});
  const ReferralTotals direct = referral_totals(tree, own, ReferralDepth::direct);
  CHECK(direct.income == std::vector<double>{1010, 1, 0, 0});
  CHECK(direct.referred == std::vector<std::uint32_t>{2, 1, 0, 0});
}

TEST_CASE("referral: by year", "[referral]") {
  CustomerSet set;
  set.customers.push_back(formula_customer("P", 1, 1));
  set.customers.push_back(formula_customer("Q", 1, 1, 0, "P"));
  set.customers.push_back(formula_customer("S", 1, 1, 0, "Q"));
  const ReferralTree tree = build_referral_tree(set);
  // Two years per customer.
  const std::vector<double> own{1, 2, 10, 20, 100, 200};
  CHECK(referral_by_year(tree, own, 2, ReferralDepth::all) == std::vector<double>{110, 220, 100, 200, 0, 0});
  CHECK(referral_by_year(tree, own, 2, ReferralDepth::direct) == std::vector<double>{10, 20, 100, 200, 0, 0});
}

TEST_CASE("referral: unknown referrer and cycles are data errors naming the ids", "[referral]") {
  CustomerSet unknown;
  unknown.source = "f.csv";
  unknown.customers.push_back(formula_customer("B", 1, 1, 0, "Z"));
  CHECK_THROWS_WITH(build_referral_tree(unknown),
                    Catch::Contains("customer 'B' is referred by unknown customer 'Z'"));

  CustomerSet cycle;
  cycle.customers.push_back(formula_customer("X", 1, 1));
  cycle.customers.push_back(formula_customer("A", 1, 1, 0, "B"));
  cycle.customers.push_back(formula_customer("B", 1, 1, 0, "A"));
  CHECK_THROWS_WITH(build_referral_tree(cycle), "referral cycle: A -> B -> A");

  CustomerSet self;
  self.customers.push_back(formula_customer("S", 1, 1, 0, "S"));
  CHECK_THROWS_WITH(build_referral_tree(self), "referral cycle: S -> S");

  // Collect-all: both cycles are named, once each.
  CustomerSet two;
  two.customers.push_back(formula_customer("A", 1, 1, 0, "B"));
  two.customers.push_back(formula_customer("B", 1, 1, 0, "A"));
  two.customers.push_back(formula_customer("C", 1, 1, 0, "D"));
  two.customers.push_back(formula_customer("D", 1, 1, 0, "E"));
  two.customers.push_back(formula_customer("E", 1, 1, 0, "C"));
  two.customers.push_back(formula_customer("F", 1, 1, 0, "C"));  // hangs off a cycle
  std::vector<std::string> problems;
  const ProblemSink sink = [&problems](const Error& e) { problems.push_back(e.message()); };
  (void)build_referral_tree(two, &sink);
  CHECK(problems == std::vector<std::string>{"referral cycle: A -> B -> A", "referral cycle: C -> D -> E -> C"});
}

TEST_CASE("referral: a chain of a million customers needs no recursion", "[referral]") {
  const std::size_t length = 1000000;
  const CustomerSet set = chain(length);
  const ReferralTree tree = build_referral_tree(set);
  const std::vector<double> own(length, 1.0);
  const ReferralTotals totals = referral_totals(tree, own, ReferralDepth::all);
  CHECK(totals.income[0] == Approx(length - 1));
  CHECK(totals.referred[0] == length - 1);
  CHECK(totals.income[length - 2] == 1.0);
  CHECK(referred_customers(tree, 0, ReferralDepth::all).size() == length - 1);
}
