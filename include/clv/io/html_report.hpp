#pragma once
// A self-contained HTML5 report: one file with inline CSS and inline SVG charts, nothing fetched
// from the network and no JavaScript, readable in any browser or e-mail client. Contents: the
// portfolio summary, the tiers, the whale curve, the top customers, their five-year projections
// (each with a small bar chart) and the valuable customers at risk. All text is escaped; output
// is deterministic (no timestamp unless one is passed in ReportOptions::generated).

#include "clv/at_risk_selection.hpp"
#include "clv/rank.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clv::io {

// One year of a customer's projection (the article's table 2):
// revenue - cost + referral = profit; cumulative_profit sums the profits so far.
struct ReportYear {
  std::string label;  // "Year 1" or "2026"
  double revenue = 0.0;
  double cost = 0.0;
  double referral = 0.0;
  double profit = 0.0;
  double cumulative_profit = 0.0;
};

struct ReportProjection {
  std::string id;
  std::optional<std::string> name;
  std::vector<ReportYear> years;
};

struct ReportOptions {
  std::string title = "Customer value report";
  std::optional<std::string> generated;  // shown as "Generated ..." only when given
  std::size_t top_customers = 20;        // rows in the top-customers table
  // The portfolio's value counting each sale once (own net income, clv/portfolio.hpp), when the
  // values came from customer records: shown as the total value, the ranked values' sum beside it.
  std::optional<double> portfolio_value;
};

// The whole document. `projections` and `at_risk` may be empty: their sections then say so.
[[nodiscard]] std::string render_html_report(const RankResult& ranking, const std::vector<ReportProjection>& projections,
                                             const std::vector<AtRiskCustomer>& at_risk,
                                             const ReportOptions& options = {});

// Escapes &, <, >, " and ' for HTML text and attribute values.
[[nodiscard]] std::string html_escape(std::string_view text);

}  // namespace clv::io
