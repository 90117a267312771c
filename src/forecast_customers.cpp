#include "clv/forecast_customers.hpp"

#include "clv/error.hpp"

#include <fmt/format.h>

#include <cmath>
#include <string_view>
#include <unordered_map>

namespace clv {

double year_length(TimeUnit unit) noexcept {
  switch (unit) {
    case TimeUnit::days: return 365.25;
    case TimeUnit::weeks: return 365.25 / 7.0;
    case TimeUnit::months: return 12.0;
  }
  return 365.25;
}

namespace {

void check_options(const SummaryTable& summary, const models::FitResult& purchase, const models::FitResult* spend,
                   const CustomerForecastOptions& options) {
  if (options.years < 1 || options.years > 1000) {
    throw usage_error(fmt::format("--years must be between 1 and 1000, not {}", options.years));
  }
  if (options.year_length && !(std::isfinite(*options.year_length) && *options.year_length > 0.0)) {
    throw usage_error(fmt::format("--year-length must be a positive number, not {}", *options.year_length));
  }
  if (!options.year_length && !summary.unit) {
    throw usage_error("the time unit is unknown: give --unit (or --year-length in the model's time units)");
  }
  if (!(std::isfinite(options.service_cost) && options.service_cost >= 0.0)) {
    throw usage_error(fmt::format("--service-cost must be a number of 0 or more, not {}", options.service_cost));
  }
  if (!(options.margin > 0.0 && options.margin <= 1.0)) {
    throw usage_error(fmt::format("--margin must be in (0, 1], not {}", options.margin));
  }
  if (options.average_purchase && !(std::isfinite(*options.average_purchase) && *options.average_purchase >= 0.0)) {
    throw usage_error(fmt::format("--average-purchase must be a number of 0 or more, not {}", *options.average_purchase));
  }
  if (purchase.kind == models::ModelKind::gamma_gamma) {
    throw usage_error("--model needs a purchase model (bgnbd, pnbd, mbgnbd), not Gamma-Gamma: give that to --spend-model");
  }
  if (spend != nullptr && spend->kind != models::ModelKind::gamma_gamma) {
    throw usage_error(fmt::format("--spend-model needs a Gamma-Gamma model, not {}", models::model_name(spend->kind)));
  }
}

double expected_spend(const CustomerSummary& customer, const models::FitResult* spend,
                      const CustomerForecastOptions& options) {
  if (options.average_purchase) {
    return *options.average_purchase;
  }
  if (spend != nullptr) {
    if (customer.frequency > 0.0 && !(customer.monetary_value > 0.0)) {
      throw data_error(fmt::format("customer '{}' has {} repeat purchases but monetary_value {}: Gamma-Gamma needs "
                                   "a positive average purchase",
                                   customer.id, customer.frequency, customer.monetary_value));
    }
    return models::expected_average_spend(spend->parameters, customer.frequency, customer.monetary_value);
  }
  return customer.frequency > 0.0 ? customer.monetary_value : 0.0;
}

}  // namespace

CustomerSet forecast_customer_set(const SummaryTable& summary, const models::FitResult& purchase,
                                  const models::FitResult* spend, const AttributeTable* attributes,
                                  const CustomerForecastOptions& options) {
  check_options(summary, purchase, spend, options);
  const double length = options.year_length.value_or(summary.unit ? year_length(*summary.unit) : 0.0);
  const auto years = static_cast<std::size_t>(options.years);

  std::unordered_map<std::string_view, std::size_t> position;
  position.reserve(summary.customers.size());
  for (std::size_t i = 0; i < summary.customers.size(); ++i) {
    position.emplace(summary.customers[i].id, i);
  }
  std::vector<const CustomerAttributes*> attributes_of(summary.customers.size(), nullptr);
  if (attributes != nullptr) {
    for (const CustomerAttributes& row : attributes->customers) {
      const auto found = position.find(row.id);
      if (found == position.end()) {
        throw data_error(fmt::format("customer '{}' is not in the summary (or the log)", row.id),
                         Location{attributes->source, row.line, row.column, attributes->id_header});
      }
      attributes_of[found->second] = &row;
    }
  }

  CustomerSet set;
  set.customers.reserve(summary.customers.size());
  for (std::size_t i = 0; i < summary.customers.size(); ++i) {
    const CustomerSummary& history = summary.customers[i];
    if (history.weight != 1.0) {
      throw data_error(fmt::format("customer '{}' stands for {} customers (count column): a forecast per customer "
                                   "needs one row per customer",
                                   history.id, history.weight));
    }
    const models::PurchaseHistory purchases{history.frequency, history.recency, history.age, 1.0};
    const double spend_per_purchase = expected_spend(history, spend, options) * options.margin;
    const CustomerAttributes* extra = attributes_of[i];
    const double acquisition_cost = extra != nullptr ? extra->acquisition_cost : 0.0;

    Customer& customer = set.customers.emplace_back();
    customer.id = history.id;
    if (extra != nullptr) {
      customer.name = extra->name;
      customer.referred_by = extra->referred_by;
    }
    if (options.view == CustomerView::formula) {
      const double horizon = static_cast<double>(years) * length;
      customer.transactions = models::forecast(purchase.kind, purchase.parameters, purchases, horizon).expected_transactions;
      customer.average_purchase = spend_per_purchase;
      customer.acquisition_cost = acquisition_cost;
      customer.service_cost = options.service_cost * static_cast<double>(years);
      continue;
    }
    customer.years.reserve(years);
    double previous = 0.0;  // E[Y(0)] = 0
    for (std::size_t k = 1; k <= years; ++k) {
      const double expected =
          models::forecast(purchase.kind, purchase.parameters, purchases, static_cast<double>(k) * length)
              .expected_transactions;
      LedgerYear& year = customer.years.emplace_back();
      year.year = static_cast<int>(k);
      year.base_sales = (expected - previous) * spend_per_purchase;
      year.cost = options.service_cost + (k == 1 ? acquisition_cost : 0.0);
      previous = expected;
    }
  }
  return set;
}

}  // namespace clv
