#include "clv/error.hpp"
#include "clv/io/html_report.hpp"
#include "clv/segment.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <string>
#include <vector>

namespace {

// A tiny XML-ish checker: every element opened is closed in order (or self-closed with "/>"),
// attribute values are quoted, "<!DOCTYPE" is skipped. Returns "" or a description of the
// first problem.
std::string tag_balance_problem(const std::string& html) {
  std::vector<std::string> open;
  std::size_t i = 0;
  while ((i = html.find('<', i)) != std::string::npos) {
    if (html.compare(i, 2, "<!") == 0) {
      i = html.find('>', i);
      if (i == std::string::npos) {
        return "unterminated <!";
      }
      continue;
    }
    // Find the tag's end, skipping quoted attribute values.
    std::size_t j = i + 1;
    char quote = 0;
    while (j < html.size() && (quote != 0 || html[j] != '>')) {
      if (quote != 0 && html[j] == quote) {
        quote = 0;
      } else if (quote == 0 && (html[j] == '"' || html[j] == '\'')) {
        quote = html[j];
      } else if (quote == 0 && html[j] == '<') {
        return fmt::format("'<' inside a tag at offset {}", j);
      }
      ++j;
    }
    if (j >= html.size()) {
      return fmt::format("unterminated tag at offset {}", i);
    }
    const std::string tag = html.substr(i + 1, j - i - 1);
    const bool closing = !tag.empty() && tag[0] == '/';
    const bool self_closing = !tag.empty() && tag.back() == '/';
    std::size_t name_begin = closing ? 1 : 0;
    std::size_t name_end = name_begin;
    while (name_end < tag.size() && (std::isalnum(static_cast<unsigned char>(tag[name_end])) != 0 || tag[name_end] == '-')) {
      ++name_end;
    }
    const std::string name = tag.substr(name_begin, name_end - name_begin);
    if (name.empty()) {
      return fmt::format("empty tag name at offset {}", i);
    }
    if (closing) {
      if (open.empty() || open.back() != name) {
        return fmt::format("</{}> closes {}", name, open.empty() ? std::string("nothing") : open.back());
      }
      open.pop_back();
    } else if (!self_closing) {
      open.push_back(name);
    }
    i = j + 1;
  }
  return open.empty() ? std::string() : fmt::format("<{}> never closed", open.back());
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t i = text.find(what); i != std::string::npos; i = text.find(what, i + 1)) {
    ++n;
  }
  return n;
}

// Every customer at risk listed.
clv::AtRiskList all_listed(std::vector<clv::AtRiskCustomer> at_risk) {
  return clv::list_at_risk(std::move(at_risk), std::nullopt);
}

clv::RankResult seven_ranked() {
  // Values 100, 50, 50, 20, 0, -10, -30: total 180, top 1% (1 customer) holds 100/180 = 55.6%,
  // top 20% (2) 150/180 = 83.3%, the curve peaks at 220/180 = 122.2% after 4 of 7 (57.1%).
  return clv::rank_customers({{"a", std::string("Ann & <Bob>"), 100.0, 850.0, std::nullopt},
                              {"b", std::nullopt, 50.0, std::nullopt, std::nullopt},
                              {"c", std::nullopt, 50.0, std::nullopt, std::nullopt},
                              {"d", std::nullopt, 20.0, std::nullopt, std::nullopt},
                              {"e", std::nullopt, 0.0, std::nullopt, std::nullopt},
                              {"f", std::nullopt, -10.0, std::nullopt, std::nullopt},
                              {"g", std::nullopt, -30.0, std::nullopt, std::nullopt}});
}

// The seven customers of seven_ranked() in three segments, as formula customers whose own net
// incomes are their values: x = a, b (150), y = c, d, e (70), z = f, g (-40).
clv::SegmentTable seven_in_three_segments() {
  clv::CustomerSet set;
  set.source = "t.csv";
  const double values[] = {100, 50, 50, 20, 0, -10, -30};
  const char* const ids[] = {"a", "b", "c", "d", "e", "f", "g"};
  for (int i = 0; i < 7; ++i) {
    clv::Customer& customer = set.customers.emplace_back();
    customer.id = ids[i];
    customer.transactions = 1;
    customer.average_purchase = values[i] + 20;  // minus an acquisition cost of 20
    customer.acquisition_cost = 20;
  }
  return clv::segment_customers(set, {"x", "x", "y", "y", "y", "z", "z"}, {}, {});
}


// The article's worked example: customer A of software vendor H.
clv::io::ReportProjection worked_example() {
  clv::io::ReportProjection projection{std::string("A"), std::string("Graphic-design firm \"A\""), {}};
  const double revenue[] = {800, 750, 700, 500, 3200};
  const double cost[] = {850, 100, 100, 100, 100};
  const double referral[] = {0, 800, 1550, 3050, 2700};
  double cumulative = 0;
  for (int y = 0; y < 5; ++y) {
    const double profit = revenue[y] - cost[y] + referral[y];
    cumulative += profit;
    projection.years.push_back({fmt::format("Year {}", y + 1), revenue[y], cost[y], referral[y], profit, cumulative});
  }
  return projection;
}

}  // namespace

TEST_CASE("the tag checker itself finds unbalanced markup") {
  CHECK(tag_balance_problem("<p><b>x</b></p>").empty());
  CHECK(tag_balance_problem("<svg><line x1=\"1\"/></svg>").empty());
  CHECK_FALSE(tag_balance_problem("<p><b>x</p></b>").empty());
  CHECK_FALSE(tag_balance_problem("<p>").empty());
  CHECK_FALSE(tag_balance_problem("<td>a < b</td>").empty());
}

TEST_CASE("html_escape escapes the five special characters") {
  CHECK(clv::io::html_escape("a&b<c>d\"e'f") == "a&amp;b&lt;c&gt;d&quot;e&#39;f");
}

TEST_CASE("the HTML report is self-contained, balanced, escaped and holds the numbers") {
  std::vector<clv::AtRiskCustomer> at_risk{
      {"<script>alert('x')</script>", std::string("O'Neil & Sons"), 0.2, 1000.0, 800.0, 90.0, 30.0, 3.0}};
  const clv::RankResult ranking = seven_ranked();
  const std::string html = clv::io::render_html_report(ranking, {worked_example()}, all_listed(at_risk));

  INFO(tag_balance_problem(html));
  CHECK(tag_balance_problem(html).empty());
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("O&#39;Neil &amp; Sons") != std::string::npos);
  CHECK(html.find("Ann &amp; &lt;Bob&gt;") != std::string::npos);
  CHECK(html.find("Graphic-design firm &quot;A&quot;") != std::string::npos);
  // No network: the only URL is the SVG namespace, once per chart (whale + one projection).
  const std::size_t namespaces = count(html, "xmlns=\"http://www.w3.org/2000/svg\"");
  CHECK(namespaces == 2);
  CHECK(count(html, "http://") == namespaces);
  CHECK(count(html, "https://") == 0);
  CHECK(html.find("@import") == std::string::npos);
  CHECK(html.find("url(") == std::string::npos);
  CHECK(html.find("Generated") == std::string::npos);

  // Portfolio.
  CHECK(html.find("<td class=\"num\">180.00</td>") != std::string::npos);
  CHECK(html.find("<td class=\"num\">55.6%</td>") != std::string::npos);
  CHECK(html.find("<td class=\"num\">83.3%</td>") != std::string::npos);
  CHECK(html.find("<td class=\"num neg\">-40.00</td>") != std::string::npos);
  CHECK(html.find("122.2% of value with 57.1% of customers") != std::string::npos);
  // Tiers: tier 1 (a, b) = 150, mean 75, acquisition cost known only for a.
  CHECK(html.find("<td>top 20%</td><td class=\"num\">2</td><td class=\"num\">150.00</td><td class=\"num\">83.3%</td>"
                  "<td class=\"num\">75.00</td><td class=\"num\">850.00</td>") != std::string::npos);
  // The worked example: profit row and its total 12,800; A's revenue totals 5,950, referrals 8,100.
  CHECK(html.find("<tr><th>Profit</th><td class=\"num neg\">-50.00</td><td class=\"num\">1,450.00</td>"
                  "<td class=\"num\">2,150.00</td><td class=\"num\">3,450.00</td><td class=\"num\">5,800.00</td>"
                  "<td class=\"num\">12,800.00</td></tr>") != std::string::npos);
  CHECK(html.find("<td class=\"num\">5,950.00</td></tr>") != std::string::npos);
  CHECK(html.find("<td class=\"num\">8,100.00</td></tr>") != std::string::npos);
  // At risk.
  CHECK(html.find("<td class=\"num\">0.200</td><td class=\"num\">1,000.00</td><td class=\"num\">800.00</td>") !=
        std::string::npos);
  // Five profit bars, one of them negative (red).
  CHECK(count(html, "<rect ") == 5);
  CHECK(count(html, "fill=\"#d1242f\"") == 1);

  // Deterministic, and a timestamp only when given.
  CHECK(clv::io::render_html_report(ranking, {worked_example()}, all_listed(at_risk)) == html);
  clv::io::ReportOptions options;
  options.generated = "2026-11-24";
  options.title = "Q4 <review>";
  const std::string dated = clv::io::render_html_report(ranking, {}, {}, options);
  CHECK(dated.find("<dt>Generated</dt><dd>2026-11-24</dd>") != std::string::npos);
  CHECK(dated.find("<title>Q4 &lt;review&gt;</title>") != std::string::npos);
  // Sections without data are left out, with no sentence in their place.
  CHECK(dated.find("projections</h2>") == std::string::npos);
  CHECK(dated.find("at risk</h2>") == std::string::npos);
  CHECK(dated.find("No projections") == std::string::npos);
  CHECK(tag_balance_problem(dated).empty());
}

TEST_CASE("the HTML report copes with an empty portfolio") {
  const std::string html = clv::io::render_html_report(clv::rank_customers({}), {}, {});
  CHECK(tag_balance_problem(html).empty());
  CHECK(html.find("<h2>Whale curve</h2>") == std::string::npos);
  CHECK(html.find("What to do") == std::string::npos);
  CHECK(html.find("not defined") == std::string::npos);
}

TEST_CASE("the HTML report: context first, then what to do, then segments, and two totals named apart") {
  clv::io::ReportOptions options;
  options.segments = seven_in_three_segments();
  options.segments_by = "channel";
  options.action_items = 2;
  options.generated = "2026-12-02 17:00 UTC";
  options.context.currency = "CNY";
  options.context.years = 5;
  options.context.margin = 0.3;
  options.context.command_line = "clv report t.csv --by channel";
  clv::io::ReportModel model;
  model.role = "Purchase model";
  model.name = "BG/NBD";
  model.parameters = {{"r", 0.243}, {"alpha", 4.414}};
  model.log_likelihood = -9582.43;
  model.customers = 2357;
  options.context.models.push_back(model);
  std::vector<clv::AtRiskCustomer> at_risk{{"f", std::nullopt, 0.1, 500.0, 450.0, {}, {}, {}},
                                           {"g", std::nullopt, 0.3, 100.0, 70.0, {}, {}, {}},
                                           {"e", std::nullopt, 0.4, 10.0, 6.0, {}, {}, {}}};
  const std::string html = clv::io::render_html_report(seven_ranked(), {}, all_listed(at_risk), options);
  INFO(tag_balance_problem(html));
  CHECK(tag_balance_problem(html).empty());

  const std::size_t context = html.find("<dl class=\"context\">");
  const std::size_t todo = html.find("<h2>What to do</h2>");
  const std::size_t portfolio = html.find("<h2>Portfolio</h2>");
  const std::size_t segments = html.find("<h2>Segments by channel</h2>");
  const std::size_t tiers = html.find("<h2>Tiers</h2>");
  REQUIRE(context != std::string::npos);
  CHECK(context < todo);
  CHECK(todo < portfolio);
  CHECK(portfolio < segments);
  CHECK(segments < tiers);

  CHECK(html.find("<dt>Currency</dt><dd>CNY</dd>") != std::string::npos);
  CHECK(html.find("<dd>BG/NBD (r = 0.243, alpha = 4.414); fitted on 2,357 customers, log-likelihood -9,582.43</dd>") !=
        std::string::npos);
  CHECK(html.find("<dt>Margin</dt><dd>30% of sales is profit</dd>") != std::string::npos);
  CHECK(html.find("<dt>Command</dt><dd><code>clv report t.csv --by channel</code></dd>") != std::string::npos);

  // What to do: the best two, the two largest stakes of 526 in all, and the
  // segment z whose LTV:CAC is (-40 + 40) / 40 = 0.
  CHECK(html.find("Look after the 2 most valuable customers</h3>") != std::string::npos);
  CHECK(html.find("<li>b: 50.00</li>") != std::string::npos);
  CHECK(html.find("<li>a (Ann &amp; &lt;Bob&gt;): 100.00</li>") != std::string::npos);
  CHECK(html.find("3 customers at risk, 526.00 at stake") != std::string::npos);
  CHECK(html.find("<li>f: 450.00 at stake, P(alive) 0.10</li>") != std::string::npos);
  CHECK(html.find("<li>e: ") == std::string::npos);  // only two listed
  CHECK(html.find("<li>z: 2 customers, value -40.00; LTV:CAC 0.00") != std::string::npos);
  CHECK(html.find("<li>x: ") == std::string::npos);
  CHECK(html.find("2 customers cost more than they bring: -40.00 in all") != std::string::npos);

  // Segments: x 150 of 180 (83.3%), LTV:CAC (150 + 40) / 40 = 4.75; formula customers have no
  // yearly table, so no payback year ("–", not "never").
  CHECK(html.find("<tr><td>x</td><td class=\"num\">2</td><td class=\"num\">150.00</td><td class=\"num\">83.3%</td>") !=
        std::string::npos);
  CHECK(html.find("<td class=\"num\">4.75</td><td class=\"num\">&#8211;</td>") != std::string::npos);
  CHECK(html.find("never") == std::string::npos);
  CHECK(html.find("<tr><th>All customers</th><td class=\"num\">7</td><td class=\"num\">180.00</td>") !=
        std::string::npos);
  // Two different totals, two names: own net income in segments, sum of values in tiers.
  CHECK(html.find("<th>Sum of values</th>") != std::string::npos);
  CHECK(html.find("<th>Total value</th><th>Share") == std::string::npos);
  // Three bars in the segments chart.
  CHECK(count(html, "<rect ") == 3);
}

TEST_CASE("the HTML report shows the portfolio's own value as the total when given") {
  clv::io::ReportOptions options;
  const std::string without = clv::io::render_html_report(seven_ranked(), {}, {}, options);
  CHECK(without.find("<th>Total value</th>") != std::string::npos);
  CHECK(without.find("each sale counted once") == std::string::npos);
  options.portfolio_value = 123.45;  // e.g. 56.55 of the 180 is referral income counted twice
  const std::string with = clv::io::render_html_report(seven_ranked(), {}, {}, options);
  CHECK(with.find("<th>Total value (own net income, each sale counted once)</th>") != std::string::npos);
  CHECK(with.find("123.45") != std::string::npos);
  CHECK(without.find("123.45") == std::string::npos);
  CHECK(with.find("<th>Sum of customer values (shares are of this)</th>") != std::string::npos);
  CHECK(with.find("180.00") != std::string::npos);
}

TEST_CASE("the HTML report writes counts of one in the singular") {
  clv::io::ReportOptions options;
  options.context.horizon = 1.0;
  options.context.horizon_unit = "weeks";
  clv::io::ReportModel model;
  model.role = "Purchase model";
  model.name = "BG/NBD";
  model.customers = 1;
  options.context.models.push_back(model);
  const std::vector<clv::AtRiskCustomer> at_risk{{"f", std::nullopt, 0.1, 500.0, 450.0, {}, {}, {}}};
  const std::string html = clv::io::render_html_report(seven_ranked(), {}, all_listed(at_risk), options);
  CHECK(html.find("<dt>At-risk horizon</dt><dd>1 week</dd>") != std::string::npos);
  CHECK(html.find("fitted on 1 customer,") != std::string::npos);
  CHECK(html.find("Win back before they are gone: 1 customer at risk, 450.00 at stake") != std::string::npos);
  CHECK(html.find(" 1 customers") == std::string::npos);
}

TEST_CASE("the HTML report's model comparison: one column per model, the best on each criterion") {
  using clv::models::ModelKind;
  // Two models on 100 customers, worked by hand: BG/NBD log-likelihood -500 with 4 parameters,
  // AIC 2*4 + 1000 = 1008, BIC 4 ln(100) + 1000 = 1018.42; Pareto/NBD -498: AIC 1004, BIC 1014.42.
  // Holdout: 120 transactions made; BG/NBD predicts 110 (MAE 0.9, RMSE 1.5), Pareto/NBD 135
  // (MAE 1.1, RMSE 1.4): closest total and MAE BG/NBD, RMSE Pareto/NBD.
  const auto score = [](ModelKind kind, std::vector<double> parameters, double log_likelihood, double predicted,
                        double mae, double rmse, double group_predicted) {
    clv::ModelScore s;
    s.fit.kind = kind;
    s.fit.parameters = std::move(parameters);
    s.fit.log_likelihood = log_likelihood;
    s.parameter_count = 4;
    s.aic = 2.0 * 4 - 2.0 * log_likelihood;
    s.bic = 4 * std::log(100.0) - 2.0 * log_likelihood;
    s.holdout = clv::HoldoutAccuracy{120.0, predicted, mae, rmse, {{0, false, 60.0, 0.5, group_predicted},
                                                                  {1, true, 40.0, 2.25, 2.0}}};
    return s;
  };
  clv::ModelComparison comparison;
  comparison.models.push_back(score(ModelKind::bg_nbd, {0.243, 4.414, 0.793, 2.426}, -500.0, 110.0, 0.9, 1.5, 0.4));
  comparison.models.push_back(score(ModelKind::pareto_nbd, {0.553, 10.578, 0.606, 11.669}, -498.0, 135.0, 1.1, 1.4, 0.7));
  comparison.winners = {{"log_likelihood", ModelKind::pareto_nbd}, {"aic", ModelKind::pareto_nbd},
                        {"bic", ModelKind::pareto_nbd},           {"holdout_total", ModelKind::bg_nbd},
                        {"mae", ModelKind::bg_nbd},               {"rmse", ModelKind::pareto_nbd}};
  clv::io::ReportOptions options;
  options.comparison = comparison;
  const std::string html = clv::io::render_html_report(seven_ranked(), {}, {}, options);
  INFO(tag_balance_problem(html));
  CHECK(tag_balance_problem(html).empty());
  const auto row = [&html](const std::string& label) {
    const std::size_t at = html.find("<tr><th>" + label + "</th>");
    return at == std::string::npos ? std::string() : html.substr(at, html.find("</tr>", at) - at);
  };
  CHECK(html.find("<h2>Which purchase model fits</h2>") != std::string::npos);
  CHECK(html.find("<tr><th>Criterion</th><th>BG/NBD</th><th>Pareto/NBD</th><th>Best</th></tr>") != std::string::npos);
  CHECK(row("Parameters").find("r 0.2430<br/>alpha 4.4140<br/>a 0.7930<br/>b 2.4260") != std::string::npos);
  CHECK(row("Parameters").find("beta 11.6690") != std::string::npos);
  CHECK(row("Log-likelihood") == "<tr><th>Log-likelihood</th><td class=\"num\">-500.00</td><td class=\"num\">-498.00</td>"
                                 "<td>Pareto/NBD</td>");
  CHECK(row("AIC").find(">1,008.00<") != std::string::npos);
  CHECK(row("AIC").find(">1,004.00<") != std::string::npos);
  CHECK(row("BIC").find(">1,018.42<") != std::string::npos);
  CHECK(row("BIC").find(">1,014.42<") != std::string::npos);
  CHECK(row("BIC").find("<td>Pareto/NBD</td>") != std::string::npos);
  CHECK(row("Holdout transactions made").find(">120.00<") != std::string::npos);
  CHECK(row("Holdout transactions predicted").find("<td>BG/NBD</td>") != std::string::npos);
  CHECK(row("MAE per customer").find(">0.9000<") != std::string::npos);
  CHECK(row("MAE per customer").find("<td>BG/NBD</td>") != std::string::npos);
  CHECK(row("RMSE per customer").find("<td>Pareto/NBD</td>") != std::string::npos);
  // The holdout by calibration frequency: group, customers, made, then each model's prediction.
  CHECK(html.find("<tr><td class=\"num\">0</td><td class=\"num\">60</td><td class=\"num\">0.50</td>"
                  "<td class=\"num\">0.40</td><td class=\"num\">0.70</td></tr>") != std::string::npos);
  CHECK(html.find("<tr><td class=\"num\">1+</td>") != std::string::npos);
  // Without a comparison, no section.
  CHECK(clv::io::render_html_report(seven_ranked(), {}, {}).find("Which purchase model") == std::string::npos);
}

TEST_CASE("the HTML report shows the bounds of --interval beside the values, only when given") {
  clv::io::ReportOptions options;
  options.portfolio_value = 123.45;
  const std::vector<clv::AtRiskCustomer> at_risk{{"f", std::nullopt, 0.1, 500.0, 450.0, {}, {}, {}},
                                                 {"g", std::nullopt, 0.4, 500.0, 300.0, {}, {}, {}}};
  const std::string without = clv::io::render_html_report(seven_ranked(), {}, all_listed(at_risk), options);
  CHECK(without.find("interval") == std::string::npos);
  CHECK(without.find("Intervals") == std::string::npos);

  clv::io::ReportIntervals intervals;
  intervals.level = 0.8;
  intervals.draws = 1500;
  intervals.values.emplace("a", clv::Bounds{60.0, 1234.567});  // grouped and rounded: 1,234.57
  intervals.values.emplace("f", clv::Bounds{-12.5, 3.0});       // a negative lower bound is marked
  intervals.portfolio_value = clv::Bounds{100.0, 150.0};
  intervals.sum_of_values = clv::Bounds{170.0, 2000.0};
  intervals.value_at_stake = {clv::Bounds{400.0, 480.0}, clv::Bounds{250.0, 310.0}};
  intervals.total_value_at_stake = clv::Bounds{700.0, 777.0};
  options.intervals = intervals;
  const std::string html = clv::io::render_html_report(seven_ranked(), {}, all_listed(at_risk), options);
  INFO(tag_balance_problem(html));
  CHECK(tag_balance_problem(html).empty());
  // Top customers: a column after the value; "b" (no bounds given) shows a dash.
  CHECK(html.find("<th>Value</th><th>Value, 80 % interval</th><th>Decile</th>") != std::string::npos);
  CHECK(html.find("<td class=\"num\">100.00</td><td class=\"num\">60.00 &#8211; 1,234.57</td>") != std::string::npos);
  CHECK(html.find("<td>b</td><td></td><td class=\"num\">50.00</td><td class=\"num\">&#8211;</td>") !=
        std::string::npos);
  CHECK(html.find("<td class=\"num neg\">-12.50 &#8211; 3.00</td>") != std::string::npos);
  // Portfolio: each total's own bounds under it.
  CHECK(html.find("<tr><th>Total value, 80 % interval</th><td class=\"num\">100.00 &#8211; 150.00</td></tr>") !=
        std::string::npos);
  CHECK(html.find("<tr><th>Sum of customer values, 80 % interval</th><td class=\"num\">170.00 &#8211; 2,000.00</td>"
                  "</tr>") != std::string::npos);
  // At risk: 450 + 300 = 750 at stake, with the list's bounds; each row's bounds after its value.
  CHECK(html.find("Value at stake of the 2 customers at risk: 750.00 (80 % interval 700.00 &#8211; 777.00).") !=
        std::string::npos);
  CHECK(html.find("<td class=\"num\">450.00</td><td class=\"num\">400.00 &#8211; 480.00</td>") != std::string::npos);
  CHECK(html.find("<td class=\"num\">300.00</td><td class=\"num\">250.00 &#8211; 310.00</td>") != std::string::npos);
  // Context: the level, the draws and what the bounds cover.
  CHECK(html.find("<dt>Intervals</dt><dd>80 % intervals: the central 80 % of the values recomputed over 1,500 "
                  "parameter draws from the fitted models&#39; uncertainty; they cover the uncertainty of the "
                  "models&#39; parameters") != std::string::npos);
  intervals.bootstrap = true;
  intervals.draws = 1;
  options.intervals = intervals;
  CHECK(clv::io::render_html_report(seven_ranked(), {}, all_listed(at_risk), options)
            .find("recomputed with the models refitted to 1 resample of the customers") != std::string::npos);
}

TEST_CASE("the HTML report draws each segment's interval in its chart and table, only when given") {
  clv::io::ReportOptions options;
  options.segments = seven_in_three_segments();
  options.segments_by = "channel";
  const std::string without = clv::io::render_html_report(seven_ranked(), {}, {}, options);
  CHECK(without.find("interval") == std::string::npos);
  CHECK(without.find("Whiskers") == std::string::npos);
  CHECK(without.find("<g stroke") == std::string::npos);

  // Bounds by segment name (x, y, z), then the total row's.
  clv::set_segment_value_bounds(*options.segments, {"x", "y", "z"},
                                {clv::Bounds{100.0, 250.0}, clv::Bounds{-20.0, 1234.5}, clv::Bounds{-60.0, -10.0}},
                                {clv::Bounds{50.0, 125.0}, clv::Bounds{-6.0, 400.0}, clv::Bounds{-30.0, -5.0}},
                                clv::Bounds{30.0, 1400.0}, clv::Bounds{4.0, 200.0});
  clv::io::ReportIntervals intervals;
  intervals.level = 0.8;
  intervals.draws = 100;
  options.intervals = intervals;
  const std::string html = clv::io::render_html_report(seven_ranked(), {}, {}, options);
  INFO(tag_balance_problem(html));
  CHECK(tag_balance_problem(html).empty());
  CHECK(html.find("<title>Value per segment (bars, 80 % interval as whiskers) with LTV:CAC</title>") !=
        std::string::npos);
  // The scale runs from the lowest bound, -60, to the highest, 1,234.5, over 640 - 150 - 215 =
  // 275 px from x = 150: x(v) = 150 + 275 (v + 60) / 1294.5. Row x: bar 10 to 32 px, its whisker
  // at 21 px from x(100) = 184.0 to x(250) = 215.9, caps from 14.4 to 27.6 px.
  CHECK(html.find("<g stroke=\"#1f2328\" stroke-width=\"1.5\"><title>x: 80 % interval 100.00 to 250.00</title>\n"
                  "<line x1=\"184.0\" y1=\"21.0\" x2=\"215.9\" y2=\"21.0\"/>\n"
                  "<line x1=\"184.0\" y1=\"14.4\" x2=\"184.0\" y2=\"27.6\"/>\n"
                  "<line x1=\"215.9\" y1=\"14.4\" x2=\"215.9\" y2=\"27.6\"/>\n</g>") != std::string::npos);
  // Row y (second, 42 px lower): x(1,234.5) = 425.0, the chart's right end; its numbers under its value.
  CHECK(html.find("<title>y: 80 % interval -20.00 to 1,234.50</title>\n<line x1=\"158.5\" y1=\"63.0\" x2=\"425.0\"") !=
        std::string::npos);
  CHECK(html.find("<text x=\"435.0\" y=\"85.0\" fill=\"#57606a\" font-size=\"11\">-20.00 to 1,234.50</text>") !=
        std::string::npos);
  // The zero axis at x(0) = 162.7; the bars start there.
  CHECK(html.find("<rect x=\"162.7\" y=\"10.0\"") != std::string::npos);
  CHECK(count(html, "<g stroke=") == 3);
  // The table: a column after the value (hidden on a narrow screen), the total row's bounds too.
  CHECK(html.find("<th>Value</th><th class=\"optional\">Value, 80 % interval</th><th>Share</th>") !=
        std::string::npos);
  CHECK(html.find("<td class=\"num\">150.00</td><td class=\"num optional\">100.00 &#8211; 250.00</td>") !=
        std::string::npos);
  CHECK(html.find("<td class=\"num neg\">-40.00</td><td class=\"num optional neg\">-60.00 &#8211; -10.00</td>") !=
        std::string::npos);
  CHECK(html.find("<td class=\"num optional\">30.00 &#8211; 1,400.00</td>") != std::string::npos);

  // Bounds that are not an interval are refused rather than drawn.
  options.segments->segments.front().total_value_bounds = clv::Bounds{5.0, 1.0};
  CHECK_THROWS_AS(clv::io::render_html_report(seven_ranked(), {}, {}, options), clv::Error);
}

TEST_CASE("the HTML report counts every customer at risk, not only the listed, and says how many it lists") {
  // Four customers at risk with 450 + 70 + 6 + 4 = 530 at stake; the list keeps the two largest.
  const clv::AtRiskList risk = clv::list_at_risk({{"f", std::nullopt, 0.1, 500.0, 450.0, {}, {}, {}},
                                                  {"g", std::nullopt, 0.3, 100.0, 70.0, {}, {}, {}},
                                                  {"e", std::nullopt, 0.4, 10.0, 6.0, {}, {}, {}},
                                                  {"h", std::nullopt, 0.2, 5.0, 4.0, {}, {}, {}}},
                                                 2);
  clv::io::ReportOptions options;
  clv::io::ReportIntervals intervals;
  intervals.value_at_stake = {clv::Bounds{400.0, 480.0}, clv::Bounds{60.0, 80.0}};
  intervals.total_value_at_stake = clv::Bounds{480.0, 590.0};
  options.intervals = intervals;
  const std::string html = clv::io::render_html_report(seven_ranked(), {}, risk, options);
  INFO(tag_balance_problem(html));
  CHECK(tag_balance_problem(html).empty());
  CHECK(html.find("Win back before they are gone: 4 customers at risk, 530.00 at stake</h3>") != std::string::npos);
  CHECK(html.find("<li>g: 70.00 at stake, P(alive) 0.30</li>") != std::string::npos);
  CHECK(html.find("<li><a href=\"#at-risk\">the 2 most valuable of 4</a></li>") != std::string::npos);
  CHECK(html.find("the full list") == std::string::npos);
  CHECK(html.find("The 2 most valuable of the 4 customers at risk, who have 530.00 at stake in all.") !=
        std::string::npos);
  CHECK(html.find("Value at stake of the 4 customers at risk: 530.00 (90 % interval 480.00 &#8211; 590.00).") !=
        std::string::npos);
  const std::string section = html.substr(html.find("<h2 id=\"at-risk\">"));
  CHECK(section.find("<td>g</td>") != std::string::npos);
  CHECK(section.find("<td>e</td>") == std::string::npos);
  CHECK(count(section, "<td class=\"num\">400.00 &#8211; 480.00</td>") == 1);

  // All listed: no "most valuable of", and more than the five in the box link to the full list.
  std::vector<clv::AtRiskCustomer> seven;
  for (int i = 0; i < 7; ++i) {
    seven.push_back({fmt::format("c{}", i), std::nullopt, 0.1, 100.0, 90.0 - i, {}, {}, {}});
  }
  const std::string all = clv::io::render_html_report(seven_ranked(), {}, all_listed(seven));
  CHECK(all.find("7 customers at risk, 609.00 at stake") != std::string::npos);  // 90 + 89 + ... + 84
  CHECK(all.find("<li><a href=\"#at-risk\">the full list</a></li>") != std::string::npos);
  CHECK(all.find("<li><a href=\"#at-risk\">the 7") == std::string::npos);
  CHECK(all.find("most valuable of the 7") == std::string::npos);
  CHECK(all.find("Largest first.</p>") != std::string::npos);
}
