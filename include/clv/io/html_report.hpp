#pragma once
// A self-contained HTML5 report: one file with inline CSS and inline SVG charts, nothing fetched
// from the network and no JavaScript, readable in any browser or e-mail client. Contents: the
// portfolio summary, the tiers, the whale curve, the top customers, their five-year projections
// (each with a small bar chart) and the valuable customers at risk. All text is escaped; output
// is deterministic (no timestamp unless one is passed in ReportOptions::generated).

#include "clv/at_risk_selection.hpp"
#include "clv/bounds.hpp"
#include "clv/model_comparison.hpp"
#include "clv/rank.hpp"
#include "clv/segment.hpp"

#include <cstddef>
#include <functional>
#include <map>
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

// A fitted model named in the report's context.
struct ReportModel {
  std::string role;  // "Purchase model", "Spend model"
  std::string name;  // "BG/NBD"
  std::vector<std::pair<std::string, double>> parameters;
  double log_likelihood = 0.0;
  double customers = 0.0;  // fitted on
  bool converged = true;
};

// What the numbers rest on, stated at the top of the report. Absent items are left out.
struct ReportContext {
  std::string customers;                    // where the customers come from, one sentence
  std::optional<std::string> currency;
  std::vector<ReportModel> models;
  std::optional<int> years;                 // of the projections or forecasts
  std::optional<double> horizon;            // of the at-risk values, in horizon_unit
  std::string horizon_unit;
  std::optional<double> margin;
  std::optional<std::string> observation_end;
  std::optional<std::string> command_line;
  std::optional<double> discount_rate;      // per period, of the values (sBG); none: not discounted
};

// `clv report --interval`: bounds over the fitted parameters' uncertainty, shown beside the point
// values. Totals are bounds of each draw's total, not sums of the customers' bounds.
struct ReportIntervals {
  double level = 0.9;
  std::size_t draws = 0;                 // parameter draws, or bootstrap refits
  bool bootstrap = false;
  std::map<std::string, Bounds, std::less<>> values;  // by customer id; a customer without: no bounds
  std::optional<Bounds> portfolio_value;  // of ReportOptions::portfolio_value
  std::optional<Bounds> sum_of_values;
  std::vector<Bounds> value_at_stake;    // the listed at-risk customers' order; empty: none
  std::optional<Bounds> total_value_at_stake;  // of every customer at risk, listed or not
};

struct ReportOptions {
  std::string title = "Customer value report";
  std::optional<std::string> generated;  // shown as "Generated ..." only when given
  ReportContext context;
  std::optional<SegmentTable> segments;  // the segments section, with the --by text
  std::string segments_by;
  std::size_t action_items = 5;          // customers per list in the "what to do" box
  std::size_t top_customers = 20;        // rows in the top-customers table
  // The portfolio's value counting each sale once (own net income, clv/portfolio.hpp), when the
  // values came from customer records: shown as the total value, the ranked values' sum beside it.
  std::optional<double> portfolio_value;
  // Purchase models fitted to the same customers (`clv report --compare`): a section with their
  // fit and holdout accuracy side by side and the best on each criterion.
  std::optional<ModelComparison> comparison;
  std::optional<ReportIntervals> intervals;
};

// The whole document: context, what to do, portfolio, segments, tiers, whale curve, top customers,
// projections, customers at risk, model comparison. A section without data is left out. The
// at-risk counts and totals are `at_risk`'s (every customer at risk), its list those listed.
[[nodiscard]] std::string render_html_report(const RankResult& ranking, const std::vector<ReportProjection>& projections,
                                             const AtRiskList& at_risk,
                                             const ReportOptions& options = {});

// Escapes &, <, >, " and ' for HTML text and attribute values.
[[nodiscard]] std::string html_escape(std::string_view text);

}  // namespace clv::io
