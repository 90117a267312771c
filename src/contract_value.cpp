#include "clv/contract_value.hpp"

#include "clv/discount_rate.hpp"
#include "clv/error.hpp"

#include <fmt/format.h>

#include <cmath>

namespace clv {
namespace {

void check_terms(const ContractTerms& terms) {
  auto check = [](double value, const char* option) {
    if (!std::isfinite(value) || value < 0.0) {
      throw usage_error(fmt::format("{} must be a finite number of 0 or more, not {}", option, value));
    }
  };
  check(terms.revenue, "--revenue");
  check(terms.acquisition_cost, "--acquisition-cost");
  check(terms.service_cost, "--service-cost");
  if (!(terms.margin > 0.0 && terms.margin <= 1.0)) {
    throw usage_error(fmt::format("--margin must be in (0, 1], not {}", terms.margin));
  }
  if (terms.discount_rate) {
    check_discount_rate(*terms.discount_rate);
  }
}

}  // namespace

Customer contract_formula_customer(const models::sbg::Parameters& parameters, const ContractTerms& terms,
                                   std::string id) {
  check_terms(terms);
  const auto payments = models::sbg::discounted_expected_lifetime(parameters, terms.discount_rate.value_or(0.0));
  if (!payments) {
    throw usage_error(fmt::format("the sBG model's alpha is {:.3f} <= 1: the expected lifetime is infinite without "
                                  "discounting; give --discount-rate",
                                  parameters.alpha));
  }
  Customer customer;
  customer.id = std::move(id);
  customer.transactions = *payments;
  customer.average_purchase = terms.margin * terms.revenue;
  customer.acquisition_cost = terms.acquisition_cost;
  customer.service_cost = terms.service_cost * *payments;
  return customer;
}

Customer contract_ledger_customer(const models::sbg::Parameters& parameters, const ContractTerms& terms, int years,
                                  std::string id) {
  check_terms(terms);
  Customer customer;
  customer.id = std::move(id);
  for (int year = 1; year <= years; ++year) {
    const double active = models::sbg::survival(parameters, year - 1.0);
    LedgerYear row;
    row.year = year;
    row.base_sales = terms.margin * terms.revenue * active;
    row.cost = terms.service_cost * active + (year == 1 ? terms.acquisition_cost : 0.0);
    customer.years.push_back(row);
  }
  return customer;
}

CustomerSet contract_customer_set(const models::sbg::Parameters& parameters, std::span<const std::string> ids,
                                  std::span<const models::sbg::Contract> contracts, const ContractTerms& terms,
                                  int years, CustomerView view, const RowSource& source) {
  check_terms(terms);
  if (years < 1 || years > 1000) {
    throw usage_error(fmt::format("--years must be between 1 and 1000, not {}", years));
  }
  const double discount_rate = terms.discount_rate.value_or(0.0);
  CustomerSet set;
  set.customers.reserve(contracts.size());
  for (std::size_t i = 0; i < contracts.size(); ++i) {
    const models::sbg::Contract& contract = contracts[i];
    if (contract.weight != 1.0) {
      throw several_customers_error(ids[i], contract.weight, source.at(i, "count"));
    }
    const bool active = contract.status == models::sbg::ContractStatus::active;
    Customer& customer = set.customers.emplace_back();
    customer.id = ids[i];
    if (view == CustomerView::formula) {
      double payments = 0.0;  // DERL; none to come for a customer who has left
      if (active) {
        const auto residual =
            models::sbg::forecast(parameters, contract.tenure, discount_rate).discounted_expected_residual_lifetime;
        if (!residual) {
          throw usage_error(fmt::format("the sBG model's alpha is {:.3f} <= 1: the expected residual lifetime is "
                                        "infinite without discounting; give --discount-rate",
                                        parameters.alpha));
        }
        payments = *residual;
      }
      customer.transactions = payments;
      customer.average_purchase = terms.margin * terms.revenue;
      customer.acquisition_cost = terms.acquisition_cost;
      customer.service_cost = terms.service_cost * payments;
      continue;
    }
    const double now = active ? models::sbg::survival(parameters, contract.tenure) : 0.0;
    for (int year = 1; year <= years; ++year) {
      // P(paying at the start of period tenure + year | active after tenure periods).
      const double paying = active ? models::sbg::survival(parameters, contract.tenure + year) / now : 0.0;
      LedgerYear row;
      row.year = year;
      row.base_sales = terms.margin * terms.revenue * paying;
      row.cost = terms.service_cost * paying + (year == 1 ? terms.acquisition_cost : 0.0);
      customer.years.push_back(row);
    }
  }
  return set;
}

}  // namespace clv
