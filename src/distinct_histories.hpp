#pragma once
// Customers that share a history get the same forecast: summaries of daily logs repeat
// (frequency, recency, age) a lot (most customers never come back, and first purchases fall on a
// few hundred days), and the forecasts (hypergeometric series) are the expensive part. This
// groups a summary's rows by the values a purchase model reads, so that the model is evaluated
// once per group. Values are compared bit for bit: a group's rows give the model exactly the same inputs,
// so the shared result is exactly what each row would have got on its own.

#include "clv/models/model.hpp"
#include "clv/summary.hpp"

#include <cstdint>
#include <vector>

namespace clv::detail {

struct DistinctHistories {
  std::vector<models::PurchaseHistory> histories;  // each distinct (frequency, recency, age) once, weight 1
  std::vector<std::uint32_t> index;                // per customer: its entry in `histories`
};

// Entries in order of first appearance. Throws clv::Error (data) beyond 4 billion customers.
[[nodiscard]] DistinctHistories distinct_histories(const SummaryTable& summary);

}  // namespace clv::detail
