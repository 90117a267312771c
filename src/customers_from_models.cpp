#include "clv/customers_from_models.hpp"

#include "clv/error.hpp"
#include "clv/models/batch.hpp"
#include "distinct_histories.hpp"
#include "id_index.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string_view>

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

// Each summary row's attribute row (null if none). The id index is built only when there are
// attributes: for a million customers it costs more than the batched forecasts.
std::vector<const CustomerAttributes*> attributes_by_row(const SummaryTable& summary, const AttributeTable* attributes) {
  std::vector<const CustomerAttributes*> attributes_of(summary.customers.size(), nullptr);
  if (attributes == nullptr) {
    return attributes_of;
  }
  if (summary.customers.size() >= detail::IdIndex::k_missing) {
    throw data_error("more than 4 billion customers in one summary");
  }
  const auto id_of = [&](std::uint32_t row) -> std::string_view { return summary.customers[row].id; };
  detail::IdIndex position;
  for (std::size_t i = 0; i < summary.customers.size(); ++i) {
    (void)position.insert(summary.customers[i].id, static_cast<std::uint32_t>(i), id_of);
  }
  for (const CustomerAttributes& row : attributes->customers) {
    const std::uint32_t found = position.find(row.id, id_of);
    if (found == detail::IdIndex::k_missing) {
      throw data_error(fmt::format("customer '{}' is not in the summary (or the log)", row.id),
                       Location{attributes->source, row.line, row.column, attributes->id_header});
    }
    attributes_of[found] = &row;
  }
  return attributes_of;
}

// Each customer's expected average purchase x margin (see the header for the order of sources).
std::vector<double> spend_per_purchase(const SummaryTable& summary, const models::FitResult* spend,
                                       const CustomerForecastOptions& options) {
  std::vector<double> out(summary.customers.size());
  if (options.average_purchase) {
    std::fill(out.begin(), out.end(), *options.average_purchase * options.margin);
  } else if (spend != nullptr) {
    // Per customer, not per distinct (frequency, monetary_value): the expectation is one division,
    // cheaper than grouping the rows (12 ms against 50 ms for the 1M customers of bench/).
    for (std::size_t i = 0; i < out.size(); ++i) {
      const CustomerSummary& customer = summary.customers[i];
      out[i] = models::expected_average_spend(spend->parameters, customer.frequency, customer.monetary_value) *
               options.margin;
    }
  } else {
    for (std::size_t i = 0; i < out.size(); ++i) {
      const CustomerSummary& customer = summary.customers[i];
      out[i] = (customer.frequency > 0.0 ? customer.monetary_value : 0.0) * options.margin;
    }
  }
  return out;
}

// E[Y(k L)] for k = 1 .. years (ledger) or k = years only (formula), per distinct history:
// entry u * columns + column. Each (history, horizon) is evaluated once, on all cores.
struct ExpectedTransactions {
  detail::DistinctHistories distinct;
  std::size_t columns = 0;
  std::vector<double> values;
};

ExpectedTransactions expected_transactions(const SummaryTable& summary, const models::FitResult& purchase,
                                           double length, const CustomerForecastOptions& options) {
  ExpectedTransactions result;
  result.distinct = detail::distinct_histories(summary);
  const auto years = static_cast<std::size_t>(options.years);
  const std::size_t first = options.view == CustomerView::formula ? years : 1;
  result.columns = years - first + 1;
  result.values.resize(result.distinct.histories.size() * result.columns);
  for (std::size_t k = first; k <= years; ++k) {
    const std::vector<models::PurchaseForecast> at_k = models::forecast_all(
        purchase.kind, purchase.parameters, result.distinct.histories, static_cast<double>(k) * length, options.threads);
    const std::size_t column = k - first;
    for (std::size_t u = 0; u < at_k.size(); ++u) {
      result.values[u * result.columns + column] = at_k[u].expected_transactions;
    }
  }
  return result;
}

}  // namespace

CustomerSet forecast_customer_set(const SummaryTable& summary, const models::FitResult& purchase,
                                  const models::FitResult* spend, const AttributeTable* attributes,
                                  const CustomerForecastOptions& options) {
  check_options(summary, purchase, spend, options);
  const double length = options.year_length.value_or(summary.unit ? year_length(*summary.unit) : 0.0);
  const auto years = static_cast<std::size_t>(options.years);

  const std::vector<const CustomerAttributes*> attributes_of = attributes_by_row(summary, attributes);
  require_one_customer_per_row(summary);
  if (spend != nullptr && !options.average_purchase) {
    require_positive_spend(summary);
  }
  const std::vector<double> spend_of = spend_per_purchase(summary, spend, options);
  const ExpectedTransactions expected = expected_transactions(summary, purchase, length, options);

  CustomerSet set;
  if (attributes != nullptr) {
    set.referrals_source = attributes->source;  // a referral cycle is the attributes file's problem
  }
  set.customers.reserve(summary.customers.size());
  for (std::size_t i = 0; i < summary.customers.size(); ++i) {
    const CustomerSummary& history = summary.customers[i];
    const double spend_per_purchase = spend_of[i];
    const double* expected_by_year = &expected.values[expected.distinct.index[i] * expected.columns];
    const CustomerAttributes* extra = attributes_of[i];
    const double acquisition_cost = extra != nullptr ? extra->acquisition_cost : 0.0;

    Customer& customer = set.customers.emplace_back();
    customer.id = history.id;
    if (extra != nullptr) {
      customer.name = extra->name;
      customer.referred_by = extra->referred_by;
    }
    if (options.view == CustomerView::formula) {
      customer.transactions = expected_by_year[0];
      customer.average_purchase = spend_per_purchase;
      customer.acquisition_cost = acquisition_cost;
      customer.service_cost = options.service_cost * static_cast<double>(years);
      continue;
    }
    customer.years.reserve(years);
    double previous = 0.0;  // E[Y(0)] = 0
    for (std::size_t k = 1; k <= years; ++k) {
      const double expected_k = expected_by_year[k - 1];
      LedgerYear& year = customer.years.emplace_back();
      year.year = static_cast<int>(k);
      year.base_sales = (expected_k - previous) * spend_per_purchase;
      year.cost = options.service_cost + (k == 1 ? acquisition_cost : 0.0);
      previous = expected_k;
    }
  }
  return set;
}

}  // namespace clv
