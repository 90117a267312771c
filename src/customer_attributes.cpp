#include "clv/customer_attributes.hpp"

#include "clv/error.hpp"

#include <fmt/format.h>

#include <string_view>
#include <unordered_map>

namespace clv {

void attach_attributes(CustomerSet& set, const AttributeTable& attributes) {
  std::unordered_map<std::string_view, std::size_t> position;
  position.reserve(set.customers.size());
  for (std::size_t i = 0; i < set.customers.size(); ++i) {
    position.emplace(set.customers[i].id, i);
  }
  for (const CustomerAttributes& row : attributes.customers) {
    const auto found = position.find(row.id);
    if (found == position.end()) {
      throw data_error(fmt::format("customer '{}' is not in {}", row.id, set.source.empty() ? "the input" : set.source),
                       Location{attributes.source, row.line, row.column, attributes.id_header});
    }
    Customer& customer = set.customers[found->second];
    if (row.name) {
      customer.name = row.name;
    }
    customer.referred_by = row.referred_by;
    if (has_ledger(customer)) {
      customer.years.front().cost += row.acquisition_cost;
    } else {
      customer.acquisition_cost = customer.acquisition_cost.value_or(0.0) + row.acquisition_cost;
    }
  }
  set.referrals_source = attributes.source;  // a referral cycle is the attributes file's problem
}

}  // namespace clv
