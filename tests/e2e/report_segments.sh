#!/usr/bin/env bash
# clv report --by gives the segments of clv segment with the same options: for sBG contracts, BG/BB
# opportunities and a BG/NBD log with --interval, every row of clv segment's csv (customers, total
# value, LTV:CAC, payback year; with --interval the bounds of the total value) must be a row of the
# report's segments table, rounded and grouped here with awk, and with --interval each segment's
# bounds must also be in the chart (a whisker's tooltip and the numbers under the value).
set -u
clv=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

check() {  # check NAME BY MODEL-ARGS...: the model arguments are given to both commands
  local name=$1 by=$2
  shift 2
  "$clv" segment "$@" --by "$by" --format csv >"$dir/segment.csv" || { echo "$name: clv segment failed"; return 1; }
  "$clv" report "$@" --by "$by" --generated x -o "$dir/report.html" || { echo "$name: clv report failed"; return 1; }
  awk -F, -v name="$name" '
    function grouped(value,   text, sign, whole, fraction, out) {
      text = sprintf("%.2f", value)
      sign = ""
      if (substr(text, 1, 1) == "-") { sign = "-"; text = substr(text, 2) }
      whole = substr(text, 1, length(text) - 3); fraction = substr(text, length(text) - 2)
      out = ""
      while (length(whole) > 3) {
        out = "," substr(whole, length(whole) - 2) out
        whole = substr(whole, 1, length(whole) - 3)
      }
      return sign whole out fraction
    }
    function cell(value) { return "<td class=\"num" (value + 0 < 0 ? " neg" : "") "\">" value "</td>" }
    FILENAME == ARGV[1] && FNR == 1 { for (i = 1; i <= NF; ++i) column[$i] = i; next }
    FILENAME == ARGV[1] {
      label = $1 == "(all)" ? "<tr><th>All customers</th>" : "<tr><td>" $1 "</td>"
      value = grouped($column["total_value"])
      row = label "<td class=\"num\">" $2 "</td>" cell(value)
      if ("total_value_lower" in column) {
        lower = grouped($column["total_value_lower"]); upper = grouped($column["total_value_upper"])
        row = row "<td class=\"num optional" (lower + 0 < 0 ? " neg" : "") "\">" lower " &#8211; " upper "</td>"
        if ($1 != "(all)") {
          whisker[++whiskers] = "<title>" $1 ": 90 % interval " lower " to " upper "</title>"
          under[whiskers] = "font-size=\"11\">" lower " to " upper "</text>"
        }
      }
      rows[++n] = row
      ratio = $column["ltv_to_cac"] == "" ? "<td class=\"num\">&#8211;</td>" : \
              "<td class=\"num" ($column["ltv_to_cac"] < 1 ? " neg" : "") "\">" grouped($column["ltv_to_cac"]) "</td>"
      payback = $column["payback_year"] == "" ? "<td class=\"num neg\">never</td>" : \
                "<td class=\"num\">" $column["payback_year"] "</td>"
      tails[n] = ratio payback
      next
    }
    { html = html $0 "\n" }
    END {
      if (n < 2) { printf "%s: clv segment gave no segments\n", name; exit 1 }
      for (i = 1; i <= n; ++i) {
        at = index(html, rows[i])
        if (at == 0) { printf "%s: the report has no row %s\n", name, rows[i]; bad = 1; continue }
        line = substr(html, at, index(substr(html, at), "</tr>"))
        if (index(line, tails[i]) == 0) { printf "%s: row %s lacks %s\n", name, line, tails[i]; bad = 1 }
      }
      for (i = 1; i <= whiskers; ++i) {
        if (index(html, whisker[i]) == 0 || index(html, under[i]) == 0) {
          printf "%s: the chart lacks %s or %s\n", name, whisker[i], under[i]; bad = 1
        }
      }
      exit bad
    }
  ' "$dir/segment.csv" "$dir/report.html"
}

status=0
check sbg channel examples/contracts.csv --model examples/retention-sbg.json --revenue 100 --discount-rate 0.1 \
  --margin 0.8 --attributes examples/contracts-channels.csv || status=1
check bgbb campaign examples/donors.csv --model examples/donors-bgbb.json --average-purchase 50 --year-length 2 \
  --years 3 --attributes examples/donors-campaigns.csv || status=1
check bgbb_spend campaign examples/donors-amounts.csv --model examples/donors-bgbb.json \
  --spend-model examples/donors-gg.json --attributes examples/donors-campaigns.csv || status=1
check bgnbd_interval channel examples/transactions.csv --model examples/transactions-bgnbd.json \
  --spend-model examples/transactions-gg.json --attributes examples/attributes-channels.csv --interval 0.9 \
  --draws 200 --seed 5 || status=1
[[ $status -eq 0 ]] && echo "the report's segments are clv segment's"
exit $status
