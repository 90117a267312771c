#!/usr/bin/env bash
# The HTML report in a real browser (Debian's chromium, headless) at 1280 and 600 px wide: the
# page loads with nothing fetched and no console message, it never scrolls sideways, and a
# screenshot is taken (kept in $CLV_SCREENSHOT_DIR when set, to look at).
# Usage: tests/report_browser.sh path/to/clv     Exit 77 (skipped) without chromium.
set -u
clv=$1
root=$(cd "$(dirname "$0")/.." && pwd)
browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $browser ]]; then
  echo "SKIP: chromium is not installed (apt-get install chromium)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
shots=${CLV_SCREENSHOT_DIR:-$work}
mkdir -p "$shots"
status=0

# The shop's report: log, models, attributes with channels and referrers, segments, and three
# purchase models compared with a holdout period (the widest tables), and the bounds of --interval.
(cd "$root" && SOURCE_DATE_EPOCH=1764633600 "$clv" report examples/transactions.csv \
  --model examples/transactions-bgnbd.json --spend-model examples/transactions-gg.json \
  --attributes examples/attributes-channels.csv --by channel --margin 0.3 \
  --compare bgnbd,pnbd,mbgnbd --calibration-end 2024-09-30 --interval 0.9 --draws 200 \
  -o "$work/report.html") \
  || { echo "clv report failed"; exit 1; }
# A copy with a probe at the end of the page: the document's width against the window's, the
# number of resources fetched, and how many tables are too wide for the page (and would scroll).
sed 's|</body>|<script>var d = document.documentElement, wide = 0; document.querySelectorAll(".wide").forEach(function (e) { if (e.scrollWidth > e.clientWidth) wide++; }); document.body.insertAdjacentHTML("beforeend", "<pre id=\\"probe\\">" + d.scrollWidth + " " + d.clientWidth + " " + performance.getEntriesByType("resource").length + " " + wide + "</pre>");</script></body>|' \
  "$work/report.html" >"$work/probe.html"

run_browser() {  # WIDTH ARGS...
  local width=$1
  shift
  timeout 90 "$browser" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$(mktemp -d -p "$work")" \
    --enable-logging=stderr --v=0 --window-size="$width,3000" --hide-scrollbars "$@"
}

for width in 1280 600; do
  run_browser "$width" --dump-dom "file://$work/probe.html" >"$work/dom-$width.html" 2>"$work/log-$width.txt"
  probe=$(grep -o '<pre id="probe">[0-9 ]*' "$work/dom-$width.html" | sed 's/.*>//')
  read -r scroll client fetched cut <<<"$probe"
  if [[ -z ${scroll:-} ]]; then
    echo "FAIL at $width px: the page did not load (no probe in the DOM)"; status=1; continue
  fi
  if ((scroll > client)); then
    echo "FAIL at $width px: the page is $scroll px wide in a $client px window (horizontal overflow)"; status=1
  fi
  if ((cut != 0)); then
    echo "FAIL at $width px: $cut tables wider than the page"; status=1
  fi
  if ((fetched != 0)); then
    echo "FAIL at $width px: $fetched resources fetched"; status=1
  fi
  if grep -q "CONSOLE" "$work/log-$width.txt"; then
    echo "FAIL at $width px: console messages:"; grep "CONSOLE" "$work/log-$width.txt"; status=1
  fi
  run_browser "$width" --screenshot="$shots/report-$width.png" "file://$work/report.html" >/dev/null 2>&1
  if ! python3 - "$shots/report-$width.png" "$width" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
width, height = struct.unpack(">II", data[16:24])
assert width == int(sys.argv[2]), f"{width} px wide"
assert len(data) > 20000, f"only {len(data)} bytes: a blank page?"
PY
  then
    echo "FAIL at $width px: no proper screenshot"; status=1
  fi
  echo "$width px: page ${scroll} px wide in ${client} px, ${cut} tables too wide, ${fetched} fetched, screenshot $shots/report-$width.png"
done
exit $status
