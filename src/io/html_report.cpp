#include "clv/io/html_report.hpp"

#include "clv/error.hpp"
#include "clv/io/plural.hpp"
#include "clv/io/table_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace clv::io {

namespace {

// The page's only styles; system fonts so nothing is fetched.
constexpr std::string_view k_style = R"(
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1f2328; background: #fff; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.25rem; margin-top: 2.2rem; border-bottom: 1px solid #d0d7de; padding-bottom: 0.2rem; }
h3 { font-size: 1.05rem; margin-top: 1.6rem; }
p.note { color: #57606a; font-size: 0.9rem; }
table { border-collapse: collapse; margin: 0.6rem 0; font-size: 0.92rem; }
th, td { border: 1px solid #d0d7de; padding: 0.25rem 0.6rem; }
th { background: #f6f8fa; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.neg { color: #b42318; }
.projection { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
svg { max-width: 100%; height: auto; }
svg text { font-family: system-ui, sans-serif; font-size: 12px; }
.wide { max-width: 100%; overflow-x: auto; }
.context { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; margin: 0.8rem 0; font-size: 0.9rem; }
.context dt { color: #57606a; }
.context dd { margin: 0; overflow-wrap: anywhere; }
.context code { font-size: 0.85rem; }
.todo { border: 2px solid #0969da; border-radius: 6px; padding: 0.2rem 1.2rem 0.8rem; margin: 1.2rem 0; background: #f6f8fa; }
.todo h2 { margin-top: 0.8rem; border: none; }
.todo h3 { margin: 0.9rem 0 0.2rem; font-size: 1rem; }
.todo ul { margin: 0.2rem 0; padding-left: 1.2rem; }
@media (max-width: 700px) {
  body { margin: 1rem auto; padding: 0 0.5rem; }
  table { font-size: 0.75rem; }
  th, td { padding: 0.2rem 0.25rem; }
  .context { grid-template-columns: 1fr; }
  .context dt { margin-top: 0.3rem; }
  .optional { display: none; }
}
)";

constexpr double k_whale_width = 640.0;
constexpr double k_whale_height = 340.0;

std::string money(double value) { return format_grouped(value, 2); }

// A table that does not fit the screen scrolls on its own; the page never scrolls sideways.
constexpr std::string_view k_table_open = "<div class=\"wide\"><table>\n";
constexpr std::string_view k_table_close = "</table></div>\n";

std::string percent(std::optional<double> fraction) {
  return fraction ? fmt::format("{:.1f}%", *fraction * 100.0) : std::string("n/a");
}

std::string number_cell(double value, const std::string& text) {
  return fmt::format("<td class=\"num{}\">{}</td>", value < 0 ? " neg" : "", html_escape(text));
}

std::string money_cell(double value) { return number_cell(value, money(value)); }

std::string optional_money_cell(std::optional<double> value) {
  return value ? money_cell(*value) : std::string("<td class=\"num\">&#8211;</td>");
}

std::string text_cell(std::string_view text) { return fmt::format("<td>{}</td>", html_escape(text)); }

std::string header_row(std::initializer_list<std::string_view> names) {
  std::string out = "<tr>";
  for (std::string_view name : names) {
    out += fmt::format("<th>{}</th>", html_escape(name));
  }
  out += "</tr>\n";
  return out;
}

// "lower – upper" in one cell, and the column or row name that says the level.
std::string bounds_cell(const Bounds& bounds) {
  return fmt::format("<td class=\"num{}\">{} &#8211; {}</td>", bounds.lower < 0 ? " neg" : "",
                     html_escape(money(bounds.lower)), html_escape(money(bounds.upper)));
}

std::string interval_name(const ReportIntervals& intervals) {
  return format_plain(100.0 * intervals.level, 2) + " % interval";
}

// SVG numbers: one decimal is finer than a pixel and keeps the output short and stable.
std::string px(double value) { return fmt::format("{:.1f}", value); }

std::string summary_section(const RankResult& ranking, const std::optional<double>& portfolio_value,
                            const std::optional<ReportIntervals>& intervals) {
  const RankSummary& summary = ranking.summary;
  std::string out = "<h2>Portfolio</h2>\n";
  out += k_table_open;
  const auto row = [&out](std::string_view label, const std::string& cell) {
    out += fmt::format("<tr><th>{}</th>{}</tr>\n", html_escape(label), cell);
  };
  row("Customers", number_cell(0, format_grouped(static_cast<double>(summary.customers), 0)));
  const auto bounds_row = [&](std::string_view label, const std::optional<Bounds>& bounds) {
    if (intervals && bounds) {
      row(fmt::format("{}, {}", label, interval_name(*intervals)), bounds_cell(*bounds));
    }
  };
  if (portfolio_value) {
    row("Total value (own net income, each sale counted once)", money_cell(*portfolio_value));
    bounds_row("Total value", intervals ? intervals->portfolio_value : std::nullopt);
    row("Sum of customer values (shares are of this)", money_cell(summary.total_value));
    bounds_row("Sum of customer values", intervals ? intervals->sum_of_values : std::nullopt);
  } else {
    row("Total value", money_cell(summary.total_value));
    bounds_row("Total value", intervals ? intervals->sum_of_values : std::nullopt);
  }
  for (const TopShare& top : summary.top) {
    row(fmt::format("Share of value held by the top {:g}% ({})", top.percent,
                    counted(static_cast<double>(top.customers), "customer", "customers")),
        number_cell(0, percent(top.share)));
  }
  row("Customers with negative value", number_cell(0, format_grouped(static_cast<double>(summary.negative_customers), 0)));
  row("Their total value", money_cell(summary.negative_value));
  row("Whale curve peak",
      number_cell(0, fmt::format("{} of value with {:.1f}% of customers", percent(ranking.peak.share),
                                 ranking.peak.percent_of_customers)));
  out += k_table_close;
  return out;
}

std::string tiers_section(const RankResult& ranking) {
  std::string out =
      "<h2>Tiers</h2>\n<p class=\"note\">Sum of values: the tier's customer values added up, each with its referral "
      "income, so a referred customer's sales count in its own value and again in its referrer's.</p>\n";
  out += k_table_open;
  out += header_row({"Tier", "Rule", "Customers", "Sum of values", "Share of value", "Mean value",
                     "Mean acquisition cost", "Mean referral income"});
  for (const TierSummary& tier : ranking.tiers) {
    out += "<tr>";
    out += number_cell(0, std::to_string(tier.tier));
    out += text_cell(tier.label);
    out += number_cell(0, format_grouped(static_cast<double>(tier.customers), 0));
    out += money_cell(tier.total_value);
    out += number_cell(tier.share_of_value.value_or(0.0), percent(tier.share_of_value));
    out += optional_money_cell(tier.mean_value);
    out += optional_money_cell(tier.mean_acquisition_cost);
    out += optional_money_cell(tier.mean_referral_income);
    out += "</tr>\n";
  }
  out += k_table_close;
  return out;
}

std::string whale_svg(const RankResult& ranking) {
  const auto& curve = ranking.whale_curve;
  if (curve.empty() || !curve.back().share || curve.back().customers == 0) {
    return {};  // no customers, or a total value that is not positive: no curve to draw
  }
  double top = 100.0;
  for (const WhalePoint& point : curve) {
    top = std::max(top, point.share.value_or(0.0) * 100.0);
  }
  const double y_max = std::ceil(top / 20.0 - 1e-9) * 20.0;
  const double left = 56.0;
  const double right = 20.0;
  const double upper = 20.0;
  const double lower = 48.0;
  const double plot_w = k_whale_width - left - right;
  const double plot_h = k_whale_height - upper - lower;
  const auto x_of = [&](double percent_x) { return left + plot_w * percent_x / 100.0; };
  const auto y_of = [&](double percent_y) { return upper + plot_h * (1.0 - percent_y / y_max); };

  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" role=\"img\" "
      "aria-labelledby=\"whale-title\">\n<title id=\"whale-title\">Whale curve: cumulative share of value against "
      "share of customers, best first</title>\n",
      px(k_whale_width), px(k_whale_height));
  // Grid and y labels every 20%.
  for (double y = 0.0; y <= y_max + 1e-9; y += 20.0) {
    out += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#eaeef2\"/>\n", px(left), px(y_of(y)),
                       px(left + plot_w), px(y_of(y)));
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{:g}%</text>\n", px(left - 6), px(y_of(y) + 4), y);
  }
  for (double x = 0.0; x <= 100.0; x += 25.0) {
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{:g}%</text>\n", px(x_of(x)),
                       px(upper + plot_h + 18), x);
  }
  out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">% of customers, best first</text>\n",
                     px(left + plot_w / 2), px(k_whale_height - 6));
  // Axes, then the 100% line.
  out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#57606a\"/>\n", px(left), px(upper),
                     px(upper + plot_h));
  out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#57606a\"/>\n", px(left),
                     px(y_of(0)), px(left + plot_w));
  out += fmt::format(
      "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#b42318\" stroke-dasharray=\"6 4\"/>\n"
      "<text x=\"{3}\" y=\"{4}\" text-anchor=\"start\" fill=\"#b42318\">100% of value</text>\n",
      px(left), px(y_of(100)), px(left + plot_w), px(left + 6), px(y_of(100) - 6));
  std::string points;
  for (const WhalePoint& point : curve) {
    if (!points.empty()) {
      points += ' ';
    }
    points += fmt::format("{},{}", px(x_of(point.percent_of_customers)), px(y_of(point.share.value_or(0.0) * 100.0)));
  }
  out += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"#1a7f37\" stroke-width=\"2.5\"/>\n", points);
  if (ranking.peak.share) {
    const double px_x = x_of(ranking.peak.percent_of_customers);
    const double px_y = y_of(*ranking.peak.share * 100.0);
    out += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"#1a7f37\"/>\n", px(px_x), px(px_y));
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"{}\">peak {:.1f}% at {:.1f}% of customers</text>\n",
                       px(px_x), px(px_y - 10), ranking.peak.percent_of_customers > 60 ? "end" : "start",
                       *ranking.peak.share * 100.0, ranking.peak.percent_of_customers);
  }
  out += "</svg>\n";
  return out;
}

std::string top_customers_section(const RankResult& ranking, std::size_t count,
                                  const std::optional<ReportIntervals>& intervals) {
  std::string out = fmt::format("<h2>Top customers</h2>\n<p class=\"note\">The {} most valuable of {}.</p>\n",
                                format_grouped(static_cast<double>(std::min(count, ranking.customers.size())), 0),
                                counted(static_cast<double>(ranking.customers.size()), "customer", "customers"));
  out += k_table_open;
  if (intervals) {
    const std::string bounds = "Value, " + interval_name(*intervals);
    out += header_row({"Rank", "Id", "Name", "Value", bounds, "Decile", "Tier", "Cumulative share"});
  } else {
    out += header_row({"Rank", "Id", "Name", "Value", "Decile", "Tier", "Cumulative share"});
  }
  for (std::size_t i = 0; i < ranking.customers.size() && i < count; ++i) {
    const RankedCustomer& ranked = ranking.customers[i];
    out += "<tr>";
    out += number_cell(0, format_grouped(static_cast<double>(ranked.rank), 0));
    out += text_cell(ranked.customer.id);
    out += text_cell(ranked.customer.name.value_or(""));
    out += money_cell(ranked.customer.value);
    if (intervals) {
      const auto found = intervals->values.find(ranked.customer.id);
      out += found != intervals->values.end() ? bounds_cell(found->second)
                                              : std::string("<td class=\"num\">&#8211;</td>");
    }
    out += number_cell(0, std::to_string(ranked.decile));
    out += number_cell(0, std::to_string(ranked.tier));
    out += number_cell(0, percent(ranked.cumulative_share));
    out += "</tr>\n";
  }
  out += k_table_close;
  return out;
}

// Profit per year as bars from a zero baseline, cumulative profit as a line with markers.
std::string projection_svg(const ReportProjection& projection) {
  const double width = 360.0;
  const double height = 200.0;
  const double left = 64.0;
  const double right = 12.0;
  const double upper = 16.0;
  const double lower = 28.0;
  double low = 0.0;
  double high = 0.0;
  for (const ReportYear& year : projection.years) {
    low = std::min({low, year.profit, year.cumulative_profit});
    high = std::max({high, year.profit, year.cumulative_profit});
  }
  if (high == low) {
    high = low + 1.0;
  }
  const double plot_w = width - left - right;
  const double plot_h = height - upper - lower;
  const auto y_of = [&](double value) { return upper + plot_h * (high - value) / (high - low); };
  const std::size_t n = std::max<std::size_t>(1, projection.years.size());
  const double slot = plot_w / static_cast<double>(n);
  const auto x_mid = [&](std::size_t i) { return left + slot * (static_cast<double>(i) + 0.5); };

  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" role=\"img\">\n"
      "<title>Profit per year (bars) and cumulative profit (line) for {2}</title>\n",
      px(width), px(height), html_escape(projection.id));
  // Value labels at the top, the zero baseline and the bottom.
  // Value labels at the top, the zero baseline and the bottom, leaving out any that would
  // overlap one already placed.
  std::vector<double> placed;
  for (double value : {0.0, high, low}) {
    const double y = y_of(value);
    if (std::any_of(placed.begin(), placed.end(), [y](double other) { return std::abs(other - y) < 14.0; })) {
      continue;
    }
    placed.push_back(y);
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", px(left - 6), px(y + 4),
                       html_escape(format_grouped(value, 0)));
  }
  for (std::size_t i = 0; i < projection.years.size(); ++i) {
    const ReportYear& year = projection.years[i];
    const double top = y_of(std::max(year.profit, 0.0));
    const double bottom = y_of(std::min(year.profit, 0.0));
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}: profit {}</title></rect>\n",
                       px(x_mid(i) - slot * 0.3), px(top), px(slot * 0.6), px(bottom - top),
                       year.profit < 0 ? "#d1242f" : "#54aeff", html_escape(year.label), html_escape(money(year.profit)));
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", px(x_mid(i)), px(height - 8),
                       html_escape(year.label));
  }
  out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#57606a\"/>\n", px(left), px(y_of(0)),
                     px(left + plot_w));
  std::string points;
  for (std::size_t i = 0; i < projection.years.size(); ++i) {
    if (!points.empty()) {
      points += ' ';
    }
    points += fmt::format("{},{}", px(x_mid(i)), px(y_of(projection.years[i].cumulative_profit)));
  }
  if (!points.empty()) {
    out += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"#9a6700\" stroke-width=\"2\"/>\n", points);
    for (std::size_t i = 0; i < projection.years.size(); ++i) {
      out += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"#9a6700\"/>\n", px(x_mid(i)),
                         px(y_of(projection.years[i].cumulative_profit)));
    }
  }
  out += "</svg>\n";
  return out;
}

std::string projections_section(const std::vector<ReportProjection>& projections) {
  if (projections.empty()) {
    return {};
  }
  std::string out = fmt::format("<h2>{}-year projections</h2>\n", projections.front().years.size());
  out += "<p class=\"note\">Revenue &#8722; cost + referral income = profit. Bars: profit per year; line: "
         "cumulative profit.</p>\n";
  for (const ReportProjection& projection : projections) {
    out += fmt::format("<h3>{}{}</h3>\n<div class=\"projection\">\n<div class=\"wide\"><table>\n<tr><th></th>",
                       html_escape(projection.id),
                       projection.name ? fmt::format(" &#8212; {}", html_escape(*projection.name)) : std::string());
    for (const ReportYear& year : projection.years) {
      out += fmt::format("<th>{}</th>", html_escape(year.label));
    }
    out += "<th>Total</th></tr>\n";
    const auto row = [&](std::string_view label, double ReportYear::*field, bool total) {
      out += fmt::format("<tr><th>{}</th>", html_escape(label));
      double sum = 0.0;
      for (const ReportYear& year : projection.years) {
        out += money_cell(year.*field);
        sum += year.*field;
      }
      if (total) {
        out += money_cell(sum);
      } else {
        out += projection.years.empty() ? std::string("<td></td>") : money_cell(projection.years.back().*field);
      }
      out += "</tr>\n";
    };
    row("Revenue", &ReportYear::revenue, true);
    row("Cost", &ReportYear::cost, true);
    row("Referral income", &ReportYear::referral, true);
    row("Profit", &ReportYear::profit, true);
    row("Cumulative profit", &ReportYear::cumulative_profit, false);
    out += k_table_close;
    out += projection_svg(projection);
    out += "</div>\n";
  }
  return out;
}

// "28 customers at risk": all of them, not only those listed.
std::string at_risk_count(const AtRiskList& risk) {
  return counted(static_cast<double>(risk.customers_at_risk), "customer at risk", "customers at risk");
}

std::string at_risk_section(const AtRiskList& risk, const std::optional<ReportIntervals>& intervals) {
  const std::vector<AtRiskCustomer>& at_risk = risk.listed;
  if (at_risk.empty()) {
    return {};
  }
  const bool bounded = intervals && intervals->value_at_stake.size() == at_risk.size();
  std::string out = "<h2 id=\"at-risk\">Valuable customers at risk</h2>\n";
  out += "<p class=\"note\">Value at stake = (1 &#8722; P(alive)) &#215; value if alive. Largest first.";
  if (at_risk.size() < risk.customers_at_risk) {
    out += fmt::format(" The {} most valuable of the {}, who have {} at stake in all.",
                       format_grouped(static_cast<double>(at_risk.size()), 0), at_risk_count(risk),
                       money(risk.value_at_stake));
  }
  out += "</p>\n";
  if (bounded && intervals->total_value_at_stake) {
    out += fmt::format("<p class=\"note\">Value at stake of the {}: {} ({} {} &#8211; {}).</p>\n",
                       at_risk_count(risk), money(risk.value_at_stake), interval_name(*intervals),
                       money(intervals->total_value_at_stake->lower), money(intervals->total_value_at_stake->upper));
  }
  out += k_table_open;
  if (bounded) {
    const std::string bounds = "Value at stake, " + interval_name(*intervals);
    out += header_row({"Id", "Name", "P(alive)", "Value if alive", "Value at stake", bounds,
                       "Days since last purchase", "Usual gap (days)", "Gaps overdue"});
  } else {
    out += header_row({"Id", "Name", "P(alive)", "Value if alive", "Value at stake", "Days since last purchase",
                       "Usual gap (days)", "Gaps overdue"});
  }
  for (std::size_t k = 0; k < at_risk.size(); ++k) {
    const AtRiskCustomer& customer = at_risk[k];
    out += "<tr>";
    out += text_cell(customer.id);
    out += text_cell(customer.name.value_or(""));
    out += number_cell(0, fmt::format("{:.3f}", customer.probability_alive));
    out += money_cell(customer.value_if_alive);
    out += money_cell(customer.value_at_stake);
    if (bounded) {
      out += bounds_cell(intervals->value_at_stake[k]);
    }
    out += customer.days_since_last_purchase ? number_cell(0, format_grouped(*customer.days_since_last_purchase, 0))
                                             : std::string("<td class=\"num\">&#8211;</td>");
    out += customer.usual_gap_days ? number_cell(0, format_grouped(*customer.usual_gap_days, 1))
                                   : std::string("<td class=\"num\">&#8211;</td>");
    out += customer.gaps_overdue ? number_cell(0, format_grouped(*customer.gaps_overdue, 1))
                                 : std::string("<td class=\"num\">&#8211;</td>");
    out += "</tr>\n";
  }
  out += k_table_close;
  return out;
}

std::string who(std::string_view id, const std::optional<std::string>& name) {
  return name && !name->empty() ? fmt::format("{} ({})", html_escape(id), html_escape(*name))
                                : std::string(html_escape(id));
}

std::string ratio_text(const std::optional<double>& ratio) {
  return ratio ? format_grouped(*ratio, 2) : std::string("&#8211;");
}

std::string context_section(const ReportContext& context, const std::optional<std::string>& generated,
                            const std::optional<ReportIntervals>& intervals) {
  std::string out = "<dl class=\"context\">\n";
  const auto item = [&out](std::string_view label, const std::string& html) {
    out += fmt::format("<dt>{}</dt><dd>{}</dd>\n", html_escape(label), html);
  };
  if (!context.customers.empty()) {
    item("Customers", html_escape(context.customers));
  }
  item("Currency", context.currency ? html_escape(*context.currency) : std::string("not stated in the input"));
  for (const ReportModel& model : context.models) {
    std::string parameters;
    for (const auto& [name, value] : model.parameters) {
      parameters += fmt::format("{}{} = {}", parameters.empty() ? "" : ", ", html_escape(name), format_plain(value, 4));
    }
    item(model.role, fmt::format("{} ({}); fitted on {}, log-likelihood {}{}", html_escape(model.name), parameters,
                                 counted(model.customers, format_grouped(model.customers, 0), "customer", "customers"),
                                 format_grouped(model.log_likelihood, 2),
                                 model.converged ? "" : ", <strong>did not converge</strong>"));
  }
  if (context.years) {
    item("Years", fmt::format("{} (projections and forecasts)", *context.years));
  }
  if (context.horizon) {
    item("At-risk horizon", html_escape(counted(*context.horizon, format_plain(*context.horizon, 4),
                                                singular_unit(context.horizon_unit), context.horizon_unit)));
  }
  if (context.margin) {
    item("Margin", fmt::format("{:g}% of sales is profit", *context.margin * 100.0));
  }
  if (context.discount_rate) {
    item("Discount rate", fmt::format("{} per period in the values; the projections are not discounted",
                                      format_plain(*context.discount_rate, 4)));
  } else {
    item("Discount rate", "none: amounts are not discounted");
  }
  if (intervals) {
    item("Intervals",
         html_escape(fmt::format(
             "{}s: the central {} % of the values recomputed {}; they cover the uncertainty of the models' "
             "parameters, not the randomness of each customer's purchases",
             interval_name(*intervals), format_plain(100.0 * intervals->level, 2),
             intervals->bootstrap
                 ? fmt::format("with the models refitted to {} of the customers",
                               counted(static_cast<double>(intervals->draws),
                                       format_grouped(static_cast<double>(intervals->draws), 0), "resample",
                                       "resamples"))
                 : fmt::format("over {} from the fitted models' uncertainty",
                               counted(static_cast<double>(intervals->draws),
                                       format_grouped(static_cast<double>(intervals->draws), 0), "parameter draw",
                                       "parameter draws")))));
  }
  if (context.observation_end) {
    item("Observation end", html_escape(*context.observation_end));
  }
  if (generated) {
    item("Generated", html_escape(*generated));
  }
  if (context.command_line) {
    item("Command", fmt::format("<code>{}</code>", html_escape(*context.command_line)));
  }
  out += "</dl>\n";
  return out;
}

// The few things to act on, before any table: the best customers, those slipping away, and the
// segments whose customers do not pay back what they cost.
std::string todo_section(const RankResult& ranking, const AtRiskList& risk,
                         const std::optional<SegmentTable>& segments, const ReportOptions& options) {
  std::string items;
  const std::size_t count = std::min(options.action_items, ranking.customers.size());
  if (count > 0 && ranking.customers.front().customer.value > 0) {
    items += fmt::format("<h3>Look after the {} most valuable customers</h3>\n<ul>\n", count);
    for (std::size_t i = 0; i < count; ++i) {
      const RankInput& customer = ranking.customers[i].customer;
      items += fmt::format("<li>{}: {}</li>\n", who(customer.id, customer.name), money(customer.value));
    }
    items += "</ul>\n";
  }
  const std::vector<AtRiskCustomer>& at_risk = risk.listed;
  if (!at_risk.empty()) {
    const std::size_t shown = std::min(options.action_items, at_risk.size());
    items += fmt::format("<h3>Win back before they are gone: {}, {} at stake</h3>\n<ul>\n", at_risk_count(risk),
                         money(risk.value_at_stake));
    for (std::size_t i = 0; i < shown; ++i) {
      const AtRiskCustomer& customer = at_risk[i];
      items += fmt::format("<li>{}: {} at stake, P(alive) {:.2f}</li>\n", who(customer.id, customer.name),
                           money(customer.value_at_stake), customer.probability_alive);
    }
    if (at_risk.size() < risk.customers_at_risk) {
      items += fmt::format("<li><a href=\"#at-risk\">the {} most valuable of {}</a></li>\n",
                           format_grouped(static_cast<double>(at_risk.size()), 0),
                           format_grouped(static_cast<double>(risk.customers_at_risk), 0));
    } else if (shown < at_risk.size()) {
      items += "<li><a href=\"#at-risk\">the full list</a></li>\n";
    }
    items += "</ul>\n";
  }
  if (segments) {
    std::string losing;
    for (const SegmentResult& segment : segments->segments) {
      const bool below = segment.ltv_to_cac && *segment.ltv_to_cac < 1.0;
      const bool never = segment.has_tables && !segment.payback_year;
      if (!below && !never) {
        continue;
      }
      std::string why;
      if (below) {
        why = fmt::format("LTV:CAC {}: each unit spent to win a customer brings back {}", ratio_text(segment.ltv_to_cac),
                          ratio_text(segment.ltv_to_cac));
      }
      if (never) {
        why += fmt::format("{}no payback within {}", why.empty() ? "" : "; ",
                           options.context.years ? counted(*options.context.years, "year", "years")
                                                 : std::string("the years shown"));
      }
      losing += fmt::format("<li>{}: {}, value {}; {}</li>\n", html_escape(segment.segment),
                            counted(static_cast<double>(segment.customers), "customer", "customers"),
                            money(segment.total_value), why);
    }
    if (!losing.empty()) {
      items += fmt::format("<h3>Rethink how these customers are won ({})</h3>\n<ul>\n{}</ul>\n",
                           html_escape(options.segments_by), losing);
    }
  }
  if (ranking.summary.negative_customers > 0) {
    const double negative = static_cast<double>(ranking.summary.negative_customers);
    items += fmt::format("<h3>{} more than {}: {} in all</h3>\n", counted(negative, "customer costs", "customers cost"),
                         negative == 1.0 ? "it brings" : "they bring", money(ranking.summary.negative_value));
  }
  if (items.empty()) {
    return {};
  }
  return "<section class=\"todo\">\n<h2>What to do</h2>\n" + items + "</section>\n";
}

// Value per segment as horizontal bars from a zero axis, the value and LTV:CAC beside each; a
// segment with bounds (--interval) gets a whisker from its lower to its upper bound across its
// bar, the numbers under its value, as the terminal chart's interval rows.
std::string segments_svg(const SegmentTable& table, const std::string& interval) {
  const auto& rows = table.segments;
  if (rows.empty()) {
    return {};
  }
  bool with_bounds = false;
  double low = 0.0;
  double high = 0.0;
  for (const SegmentResult& row : rows) {
    low = std::min(low, row.total_value);
    high = std::max(high, row.total_value);
    if (const std::optional<Bounds>& bounds = row.total_value_bounds) {
      if (!std::isfinite(bounds->lower) || !std::isfinite(bounds->upper) || bounds->lower > bounds->upper) {
        throw data_error(fmt::format("chart: the bounds of segment '{}' are not an interval (not finite, or lower "
                                     "above upper)",
                                     row.segment));
      }
      // The scale covers the bounds, so an upper bound beyond the largest bar stays on the chart.
      low = std::min(low, bounds->lower);
      high = std::max(high, bounds->upper);
      with_bounds = true;
    }
  }
  const double width = 640.0;
  const double label_w = 150.0;
  const double text_w = with_bounds ? 215.0 : 190.0;
  const double bar_h = 22.0;
  const double gap = with_bounds ? 20.0 : 8.0;  // room for the bounds under the value
  const double upper = 10.0;
  const double height = upper + static_cast<double>(rows.size()) * (bar_h + gap) + 10.0;
  if (high == low) {
    high = low + 1.0;
  }
  const double plot_w = width - label_w - text_w;
  const auto x_of = [&](double value) { return label_w + plot_w * (value - low) / (high - low); };
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" role=\"img\">\n"
      "<title>Value per segment (bars{2}) with LTV:CAC</title>\n",
      px(width), px(height), with_bounds ? ", " + html_escape(interval) + " as whiskers" : std::string());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const SegmentResult& row = rows[i];
    const double y = upper + static_cast<double>(i) * (bar_h + gap);
    const double from = x_of(std::min(row.total_value, 0.0));
    const double to = x_of(std::max(row.total_value, 0.0));
    std::string label = row.segment.size() > 22 ? row.segment.substr(0, 21) + "..." : row.segment;
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", px(label_w - 8),
                       px(y + bar_h * 0.7), html_escape(label));
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}: {}</title></rect>\n",
                       px(from), px(y), px(std::max(to - from, 0.5)), px(bar_h),
                       row.total_value < 0 ? "#d1242f" : "#54aeff", html_escape(row.segment), money(row.total_value));
    const bool losing = row.ltv_to_cac && *row.ltv_to_cac < 1.0;
    out += fmt::format("<text x=\"{}\" y=\"{}\">{}; LTV:CAC <tspan{}>{}</tspan></text>\n", px(width - text_w + 10),
                       px(y + bar_h * 0.7), money(row.total_value), losing ? " fill=\"#b42318\"" : "",
                       ratio_text(row.ltv_to_cac));
    if (!row.total_value_bounds) {
      continue;
    }
    const Bounds& bounds = *row.total_value_bounds;
    const std::string numbers = fmt::format("{} to {}", money(bounds.lower), money(bounds.upper));
    const double left = x_of(bounds.lower);
    const double right = x_of(bounds.upper);
    const double middle = y + bar_h / 2;
    // A dark line across the bar with end caps; its tooltip names the segment, level and bounds.
    out += fmt::format("<g stroke=\"#1f2328\" stroke-width=\"1.5\"><title>{}: {} {}</title>\n",
                       html_escape(row.segment), html_escape(interval), numbers);
    out += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\n", px(left), px(middle), px(right),
                       px(middle));
    for (const double x : {left, right}) {
      out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>\n", px(x), px(y + bar_h * 0.2),
                         px(y + bar_h * 0.8));
    }
    out += "</g>\n";
    out += fmt::format("<text x=\"{}\" y=\"{}\" fill=\"#57606a\" font-size=\"11\">{}</text>\n",
                       px(width - text_w + 10), px(y + bar_h + 11), numbers);
  }
  out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#57606a\"/>\n", px(x_of(0.0)),
                     px(upper - 4), px(height - 6));
  out += "</svg>\n";
  return out;
}

std::string segments_section(const SegmentTable& table, const std::string& by,
                             const std::optional<ReportIntervals>& intervals) {
  const bool with_risk = table.total.mean_probability_alive.has_value();
  const bool with_bounds = table.total.total_value_bounds.has_value() ||
                           std::any_of(table.segments.begin(), table.segments.end(),
                                       [](const SegmentResult& segment) { return segment.total_value_bounds; });
  const std::string interval = intervals ? interval_name(*intervals) : std::string("interval");
  std::string out = fmt::format("<h2>Segments by {}</h2>\n", html_escape(by));
  out += "<p class=\"note\">Value: own net income, each sale counted once, so the segments add up to the total. "
         "LTV:CAC = (value + acquisition cost) / acquisition cost; below 1 the customers do not earn back what they "
         "cost to win. Payback year: the first year the segment's cumulative profit is 0 or more.";
  if (with_bounds) {
    out += fmt::format(" Whiskers: the {} of each segment's value (the quantiles of its total in each draw, not the "
                       "sum of its customers' bounds).",
                       html_escape(interval));
  }
  out += "</p>\n";
  out += segments_svg(table, interval);
  // Mean, median and the value's bounds give way on narrow screens (the chart keeps the bounds);
  // the risk columns have a table of their own.
  out += k_table_open;
  out += "<tr><th>Segment</th><th>Customers</th><th>Value</th>";
  if (with_bounds) {
    out += fmt::format("<th class=\"optional\">Value, {}</th>", html_escape(interval));
  }
  out += "<th>Share</th><th class=\"optional\">Mean</th>"
         "<th class=\"optional\">Median</th><th>Mean acquisition cost</th><th>LTV:CAC</th><th>Payback year</th>"
         "<th>Referral income</th></tr>\n";
  const auto label = [](const SegmentResult& segment, bool total) {
    return total ? std::string("<tr><th>All customers</th>") : "<tr>" + text_cell(segment.segment);
  };
  const auto row = [&](const SegmentResult& segment, bool total) {
    out += label(segment, total);
    out += number_cell(0, format_grouped(static_cast<double>(segment.customers), 0));
    out += money_cell(segment.total_value);
    if (with_bounds) {
      out += segment.total_value_bounds
                 ? fmt::format("<td class=\"num optional{}\">{} &#8211; {}</td>",
                               segment.total_value_bounds->lower < 0 ? " neg" : "",
                               html_escape(money(segment.total_value_bounds->lower)),
                               html_escape(money(segment.total_value_bounds->upper)))
                 : std::string("<td class=\"num optional\">&#8211;</td>");
    }
    out += number_cell(segment.share.value_or(0.0), percent(segment.share));
    out += fmt::format("<td class=\"num optional{}\">{}</td>", segment.mean_value < 0 ? " neg" : "",
                       money(segment.mean_value));
    out += fmt::format("<td class=\"num optional{}\">{}</td>", segment.median_value < 0 ? " neg" : "",
                       money(segment.median_value));
    out += money_cell(segment.mean_acquisition_cost);
    out += segment.ltv_to_cac ? number_cell(*segment.ltv_to_cac - 1.0, format_grouped(*segment.ltv_to_cac, 2))
                              : std::string("<td class=\"num\">&#8211;</td>");
    out += segment.payback_year  ? number_cell(0, std::to_string(*segment.payback_year))
           : segment.has_tables ? std::string("<td class=\"num neg\">never</td>")
                                : std::string("<td class=\"num\">&#8211;</td>");
    out += money_cell(segment.referral_income);
    out += "</tr>\n";
  };
  for (const SegmentResult& segment : table.segments) {
    row(segment, false);
  }
  row(table.total, true);
  out += k_table_close;
  if (with_risk) {
    out += "<h3>Customers at risk by segment</h3>\n";
    out += k_table_open;
    out += header_row({"Segment", "Mean P(alive)", "Customers at risk", "Value at stake"});
    const auto risk_row = [&](const SegmentResult& segment, bool total) {
      out += label(segment, total);
      out += number_cell(0, fmt::format("{:.3f}", segment.mean_probability_alive.value_or(0.0)));
      out += number_cell(0, format_grouped(static_cast<double>(segment.customers_at_risk.value_or(0)), 0));
      out += money_cell(segment.value_at_stake.value_or(0.0));
      out += "</tr>\n";
    };
    for (const SegmentResult& segment : table.segments) {
      risk_row(segment, false);
    }
    risk_row(table.total, true);
    out += k_table_close;
  }
  return out;
}

// One column per model, one row per criterion (narrow enough for a phone), the best model on
// each criterion in the last column; then the holdout by calibration frequency, as `clv diagnose`.
std::string comparison_section(const ModelComparison& comparison) {
  if (comparison.models.empty()) {
    return {};
  }
  const auto& scores = comparison.models;
  const bool holdout = scores.front().holdout.has_value();
  std::string out = "<h2>Which purchase model fits</h2>\n";
  out += "<p class=\"note\">Each model fitted to the same customers. Higher log-likelihood is better; AIC = 2k "
         "&#8722; 2 log-likelihood and BIC = k ln(customers) &#8722; 2 log-likelihood, lower is better";
  out += holdout ? "; in the holdout period, the total repeat transactions made and predicted, and the per-customer "
                   "mean absolute (MAE) and root mean squared (RMSE) error of the prediction.</p>\n"
                 : ". Without a holdout period (a log with --calibration-end) the holdout accuracy is not shown.</p>\n";
  out += k_table_open;
  out += "<tr><th>Criterion</th>";
  for (const ModelScore& score : scores) {
    out += fmt::format("<th>{}</th>", html_escape(models::model_display_name(score.fit.kind)));
  }
  out += "<th>Best</th></tr>\n";
  const auto best = [&](std::string_view criterion) {
    for (const ComparisonWinner& winner : comparison.winners) {
      if (winner.criterion == criterion) {
        return text_cell(models::model_display_name(winner.model));
      }
    }
    return std::string("<td>&#8211;</td>");
  };
  // Parameter names differ between models: one cell per model lists its own.
  out += "<tr><th>Parameters</th>";
  for (const ModelScore& score : scores) {
    const auto names = models::parameter_names(score.fit.kind);
    std::string cell;
    for (std::size_t i = 0; i < names.size() && i < score.fit.parameters.size(); ++i) {
      cell += fmt::format("{}{} {}", i == 0 ? "" : "<br/>", html_escape(names[i]), format_grouped(score.fit.parameters[i], 4));
    }
    out += fmt::format("<td class=\"num\">{}</td>", cell);
  }
  out += "<td>&#8211;</td></tr>\n";
  const auto row = [&](std::string_view label, std::string_view criterion, int decimals, const auto& value) {
    out += fmt::format("<tr><th>{}</th>", html_escape(label));
    for (const ModelScore& score : scores) {
      out += number_cell(0, format_grouped(value(score), decimals));
    }
    out += criterion.empty() ? std::string("<td>&#8211;</td>") : best(criterion);
    out += "</tr>\n";
  };
  row("Log-likelihood", "log_likelihood", 2, [](const ModelScore& s) { return s.fit.log_likelihood; });
  row("Parameters (k)", "", 0, [](const ModelScore& s) { return static_cast<double>(s.parameter_count); });
  row("AIC", "aic", 2, [](const ModelScore& s) { return s.aic; });
  row("BIC", "bic", 2, [](const ModelScore& s) { return s.bic; });
  if (holdout) {
    row("Holdout transactions made", "", 2, [](const ModelScore& s) { return s.holdout->actual_total; });
    row("Holdout transactions predicted", "holdout_total", 2,
        [](const ModelScore& s) { return s.holdout->predicted_total; });
    row("MAE per customer", "mae", 4, [](const ModelScore& s) { return s.holdout->mean_absolute_error; });
    row("RMSE per customer", "rmse", 4, [](const ModelScore& s) { return s.holdout->root_mean_squared_error; });
  }
  out += k_table_close;
  if (!holdout) {
    return out;
  }
  out += "<h3>Holdout by calibration repeat transactions</h3>\n<p class=\"note\">Mean repeat transactions in the "
         "holdout per customer, made and predicted by each model.</p>\n";
  out += k_table_open;
  out += "<tr><th>Calibration repeat transactions</th><th>Customers</th><th>Made</th>";
  for (const ModelScore& score : scores) {
    out += fmt::format("<th>{}</th>", html_escape(models::model_display_name(score.fit.kind)));
  }
  out += "</tr>\n";
  const auto& groups = scores.front().holdout->groups;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    out += "<tr>";
    out += number_cell(0, fmt::format("{}{}", groups[g].frequency, groups[g].or_more ? "+" : ""));
    out += number_cell(0, format_grouped(groups[g].customers, 0));
    out += number_cell(0, format_grouped(groups[g].actual, 2));
    for (const ModelScore& score : scores) {
      out += number_cell(0, g < score.holdout->groups.size() ? format_grouped(score.holdout->groups[g].predicted, 2)
                                                             : std::string());
    }
    out += "</tr>\n";
  }
  out += k_table_close;
  return out;
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string render_html_report(const RankResult& ranking, const std::vector<ReportProjection>& projections,
                               const AtRiskList& at_risk, const ReportOptions& options) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n";
  out += fmt::format("<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n", html_escape(options.title), k_style);
  out += fmt::format("<h1>{}</h1>\n", html_escape(options.title));
  out += context_section(options.context, options.generated, options.intervals);
  out += todo_section(ranking, at_risk, options.segments, options);
  out += summary_section(ranking, options.portfolio_value, options.intervals);
  if (options.segments) {
    out += segments_section(*options.segments, options.segments_by, options.intervals);
  }
  out += tiers_section(ranking);
  if (const std::string whale = whale_svg(ranking); !whale.empty()) {
    out += "<h2>Whale curve</h2>\n<p class=\"note\">Cumulative share of the sum of values held by the best "
           "customers. Above 100%, the customers further right cost more than they bring.</p>\n";
    out += whale;
  }
  out += top_customers_section(ranking, options.top_customers, options.intervals);
  out += projections_section(projections);
  out += at_risk_section(at_risk, options.intervals);
  if (options.comparison) {
    out += comparison_section(*options.comparison);
  }
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace clv::io
