#include "clv/opportunity_forecast.hpp"

#include "clv/error.hpp"
#include "clv/models/model.hpp"

#include <fmt/format.h>

#include <cmath>

namespace clv {

CustomerSet opportunity_customer_set(const models::bg_bb::Parameters& parameters, std::span<const std::string> ids,
                                     std::span<const models::bg_bb::OpportunityHistory> customers,
                                     const OpportunityForecastOptions& options) {
  if (options.years < 1 || options.years > 1000) {
    throw usage_error("--years must be between 1 and 1000");
  }
  if (!(options.opportunities_per_year > 0.0) || !std::isfinite(options.opportunities_per_year)) {
    throw usage_error(fmt::format("--year-length must be a positive number of opportunities, not {}",
                                  options.opportunities_per_year));
  }
  const bool per_customer = !options.average_purchases.empty();
  if (per_customer && options.average_purchases.size() != customers.size()) {
    throw Error(ExitCode::software, "one average purchase per customer expected");
  }
  if (!per_customer && (!(options.average_purchase > 0.0) || !std::isfinite(options.average_purchase))) {
    throw usage_error("a BG/BB model needs --average-purchase (the value of one transaction)");
  }
  if (!(options.margin > 0.0 && options.margin <= 1.0)) {
    throw usage_error(fmt::format("--margin must be in (0, 1], not {}", options.margin));
  }
  if (!(options.service_cost >= 0.0) || !std::isfinite(options.service_cost)) {
    throw usage_error(fmt::format("--service-cost must be a number of 0 or more, not {}", options.service_cost));
  }
  CustomerSet set;
  set.customers.reserve(customers.size());
  for (std::size_t i = 0; i < customers.size(); ++i) {
    const auto& history = customers[i];
    const double purchase = options.margin * (per_customer ? options.average_purchases[i] : options.average_purchase);
    if (history.weight != 1.0) {
      throw several_customers_error(ids[i], history.weight, options.source.at(i, "count"));
    }
    Customer customer;
    customer.id = ids[i];
    auto expected = [&](double years) {
      return models::bg_bb::forecast(parameters, history, std::round(years * options.opportunities_per_year))
          .expected_transactions;
    };
    if (options.view == CustomerView::ledger) {
      double before = 0.0;
      for (int k = 1; k <= options.years; ++k) {
        const double through = expected(k);
        LedgerYear year;
        year.year = k;
        year.base_sales = purchase * (through - before);
        year.cost = options.service_cost;
        customer.years.push_back(year);
        before = through;
      }
    } else {
      customer.transactions = expected(options.years);
      customer.average_purchase = purchase;
      customer.service_cost = options.service_cost * options.years;
    }
    set.customers.push_back(std::move(customer));
  }
  return set;
}

std::vector<double> opportunity_average_purchases(std::span<const double> spend_parameters,
                                                  std::span<const std::string> ids,
                                                  std::span<const models::bg_bb::OpportunityHistory> customers,
                                                  std::span<const double> monetary_values,
                                                  const RowSource& source) {
  std::vector<double> out(customers.size());
  for (std::size_t i = 0; i < customers.size(); ++i) {
    const double frequency = customers[i].frequency;
    const double monetary_value = i < monetary_values.size() ? monetary_values[i] : 0.0;
    if (frequency > 0.0 && !(monetary_value > 0.0)) {
      throw data_error(fmt::format("customer '{}' has {} repeat transactions but monetary_value {}: Gamma-Gamma "
                                   "needs a positive average purchase",
                                   ids[i], frequency, monetary_value),
                       source.at(i, "monetary_value"));
    }
    out[i] = models::expected_average_spend(spend_parameters, frequency, monetary_value);
  }
  return out;
}

}  // namespace clv
