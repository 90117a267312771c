#pragma once
// The bridge from the forecasting models to the article's value and five-year table: from a
// per-customer summary, a fitted purchase model, an optional Gamma-Gamma spend model and
// optional per-customer attributes, build the CustomerSet that `clv project` and `clv value`
// compute on. Pure: no I/O.
//
// With L the length of a year in the model's time unit and spend the expected average purchase:
//   year k's sales = (E[Y(k L)] - E[Y((k-1) L)]) x spend x margin       (k = 1 .. years)
//   year k's cost  = acquisition cost (year 1 only) + service cost per year
// where E[Y(t)] is the customer's conditional expectation of repeat transactions in the t time
// units after the end of observation. The sales of the years add up to E[Y(years L)] x spend x
// margin, which is the formula view's transactions x average purchase.
//
// The expected average purchase is, in this order: the explicit `average_purchase` option; the
// Gamma-Gamma conditional expectation (the population mean for customers without repeat
// purchases); the customer's own monetary_value (0 without repeat purchases).
//
// Customers with the same (frequency, recency, T) share their E[Y(t)]s: each is evaluated once
// per distinct history and year (bit for bit the same inputs, so exactly the value the customer
// would get on its own), with models::forecast_all on `threads` threads.

#include "clv/customer.hpp"
#include "clv/models/model.hpp"
#include "clv/summary.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace clv {

// What the summary cannot say about a customer.
struct CustomerAttributes {
  std::string id;
  std::optional<std::string> name;
  std::optional<std::string> referred_by;
  double acquisition_cost = 0.0;
  std::size_t line = 0;    // where the row is, for messages (0: unknown)
  std::size_t column = 0;  // of the id
};

struct AttributeTable {
  std::vector<CustomerAttributes> customers;
  std::string source;      // file name used in messages
  std::string id_header;   // the id column's header, for messages
};

// The length of a year in `unit`: 365.25 days, 365.25 / 7 weeks (52.18, the weeks of
// `clv rfm`, which are days / 7), 12 months (`clv rfm`'s months are 365.25 / 12 days).
[[nodiscard]] double year_length(TimeUnit unit) noexcept;

enum class CustomerView {
  ledger,   // one ledger year per forecast year (for `clv project`)
  formula,  // transactions = E[Y(years L)], average purchase = spend x margin (for `clv value`)
};

struct CustomerForecastOptions {
  int years = 5;
  std::optional<double> year_length;       // in the model's unit; default year_length(unit)
  double service_cost = 0.0;               // per year
  double margin = 1.0;                     // share of sales that is profit, in (0, 1]
  std::optional<double> average_purchase;  // the same spend for every customer
  CustomerView view = CustomerView::ledger;
  unsigned threads = 0;                    // for the forecasts; 0: one per core
};

// Customers in summary order; names, referrers and acquisition costs from `attributes` (may be
// null). Throws clv::Error: usage for years outside 1..1000, a year length that is not
// positive, no year length and no unit, a negative service cost or average purchase, a margin
// outside (0, 1], a spend model that is not Gamma-Gamma or a purchase model that is; data
// errors (naming the attribute file, line and column) for an attribute row whose customer is
// not in the summary, and for a summary row standing for several customers (weight != 1).
[[nodiscard]] CustomerSet forecast_customer_set(const SummaryTable& summary, const models::FitResult& purchase,
                                                const models::FitResult* spend, const AttributeTable* attributes,
                                                const CustomerForecastOptions& options);

}  // namespace clv
