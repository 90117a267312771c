#pragma once
// The customer record that `clv value`, `clv project` and `clv validate` read: either the
// continuous-value formula's inputs (article 003, section 2) or a yearly ledger as in the
// article's five-year table, plus who referred the customer.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace clv {

// One year of a ledger. Years are the projection's years, shared by every customer in a file
// (year 1 is the first column of the table), so that a referred customer's purchases land in
// the same year as its referrer's.
struct LedgerYear {
  int year = 0;                 // 1-based
  double base_sales = 0.0;      // repeat purchases of what the customer already has
  double new_sales = 0.0;       // new products (cross-sells, upgrades)
  double cost = 0.0;            // acquisition + service cost of the year
  std::optional<double> referral_sales;  // income from referred customers who are not in the file
};

struct Customer {
  std::string id;
  std::optional<std::string> name;
  std::optional<std::string> referred_by;  // id of the referrer
  // Formula inputs (absent for a ledger customer).
  std::optional<double> transactions;       // expected lifetime transactions
  std::optional<double> average_purchase;
  std::optional<double> acquisition_cost;   // 0 when absent
  double service_cost = 0.0;
  std::optional<double> referral_net_income;  // from referred customers who are not in the file
  // The yearly ledger; empty for a formula customer.
  std::vector<LedgerYear> years;
};

[[nodiscard]] inline bool has_ledger(const Customer& customer) noexcept { return !customer.years.empty(); }

// Whether any formula input is given (a ledger customer must have none).
[[nodiscard]] inline bool has_formula_inputs(const Customer& customer) noexcept {
  return customer.transactions || customer.average_purchase || customer.acquisition_cost ||
         customer.referral_net_income || customer.service_cost != 0.0;
}

// Readers reserve the vector from a line count when they can, so that a million customers are
// not copied (at 1.5 times the memory) when it grows.
// Columns of the input that clv does not use but carries through (`--keep`, and segment columns):
// their names, and for each customer its values in the same order, row-major
// (values[customer_index * names.size() + column_index]). Empty when nothing is kept, so a
// million customers pay nothing for it.
struct KeptColumns {
  std::vector<std::string> names;
  std::vector<std::string> values;

  [[nodiscard]] bool empty() const noexcept { return names.empty(); }
  [[nodiscard]] const std::string& value(std::size_t customer_index, std::size_t column_index) const {
    return values[customer_index * names.size() + column_index];
  }
};

struct CustomerSet {
  std::vector<Customer> customers;
  KeptColumns kept;  // in the order of `customers`
  std::optional<std::string> currency;
  std::string source;  // file name used in messages
  std::string referrals_source;  // where referred_by came from, when not `source` (--attributes)
};

}  // namespace clv
