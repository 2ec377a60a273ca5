#!/usr/bin/env bash
# How long `aimarket serve` takes to show a new report after an edit of
# earnings.csv: on the shipped data, and on the shipped data with a generated
# users.csv of ROWS rows (10 million by default), which the rebuild must not
# read again.
#
#   scripts/bench-serve.sh
#   ROWS=1000000 RUNS=9 scripts/bench-serve.sh
#
# Both servers run side by side and the edits alternate between them, so both
# meet the same machine. An edit changes one revenue figure (and the next one
# changes it back). Each figure is the time from the save to the server's
# "report built" line, which it prints once the new report is being served: the
# quiet time the watcher waits for, loading and checking, the metrics, charts
# and report. It leaves out the browser's reload of the page, which
# tests/browser/serve.mjs measures. Medians of RUNS edits.
#
# The chart stage of `build -v` on both folders is printed too: the work a
# larger users table adds by design (the users charts walk every row).
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${ROWS:-10000000}
RUNS=${RUNS:-15}
PRODUCTS=${PRODUCTS:-2000}
WORK=${BENCH_DIR:-${TMPDIR:-/tmp}/aimarket-bench}

cargo build --release --quiet --bin aimarket --example synth
BIN=$PWD/target/release/aimarket
mkdir -p "$WORK"
large="$WORK/data-$ROWS"
if [ ! -f "$large/users.csv" ]; then
  rm -rf "$large"
  target/release/examples/synth --rows "$ROWS" --products "$PRODUCTS" "$large" 2>/dev/null
fi
small="$WORK/serve-small"
rm -rf "$small" && cp -r data "$small"

median() { sort -g | awk '{ v[NR] = $1 + 0 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
now() { date +%s%N; }

# The chart stage of one `build -v`, in ms.
charts_ms() {
  rm -rf "$WORK/serve-out"
  "$BIN" build -v --data "$1" --out "$WORK/serve-out" 2>&1 >/dev/null | sed -n 's/^charts: \([0-9.]*\) ms$/\1/p'
}

# Starts a server on DATA and waits until it serves (after its first build);
# its standard error is read through the file descriptor whose number goes
# into the variable named by the first argument.
start() {
  local fd
  exec {fd}< <(exec "$BIN" serve --data "$2" --port 0 2>&1 >/dev/null)
  printf -v "$1" '%s' "$fd"
  wait_for "$fd" 'serving '
}

# Reads the server's lines until one starts with TEXT.
wait_for() {
  local line
  while IFS= read -r -t 600 -u "$1" line; do
    [[ $line == "$2"* ]] && return 0
  done
  echo "error: the server stopped or went quiet before printing \"$2\"" >&2
  exit 1
}

# Edits earnings.csv in DATA (the first row's revenue, changed or changed
# back) and prints the ms until the server on FD has built the report.
edit() {
  local file="$2/earnings.csv" start
  local first
  first=$(sed -n 2p "$file")
  start=$(now)
  if [[ $first == *,234156,* ]]; then
    sed -i '2s/,234156,/,234157,/' "$file"
  else
    sed -i '2s/,234157,/,234156,/' "$file"
  fi
  wait_for "$1" 'report built'
  echo $(( ($(now) - start) / 1000 ))
}

for data in "$small" "$large"; do
  # An earlier run stopped midway may have left the changed figure: put it back.
  sed -i '2s/,234157,/,234156,/' "$data/earnings.csv"
  grep -q '^alibaba,FY2024Q1,2023-06-30,total,CNY,234156,' "$data/earnings.csv" ||
    { echo "error: $data/earnings.csv has not the shipped first row" >&2; exit 1; }
done

echo "$(nproc) cores; $RUNS alternating edits of earnings.csv; users.csv of the large data: $(( $(stat -c %s "$large/users.csv") / 1000000 )) MB"
start small_fd "$small"
start_large=$(now)
start large_fd "$large"
echo "first build of the large data: $(( ($(now) - start_large) / 1000000 )) ms"

small_us=() large_us=()
for _ in $(seq "$RUNS"); do
  small_us+=("$(edit "$small_fd" "$small")")
  large_us+=("$(edit "$large_fd" "$large")")
done
pkill -INT -f "$BIN serve --data $small" || true
pkill -INT -f "$BIN serve --data $large" || true
sed -i '2s/,234157,/,234156,/' "$large/earnings.csv"

chart_small=() chart_large=()
for _ in $(seq 5); do
  chart_small+=("$(charts_ms "$small")")
  chart_large+=("$(charts_ms "$large")")
done

ms() { median | awk '{ printf "%.1f", $1 / 1000 }'; }
printf '%-28s %12s %12s\n' "" "shipped" "$ROWS rows"
printf '%-28s %9s ms %9s ms\n' "save to report built" \
  "$(printf '%s\n' "${small_us[@]}" | ms)" "$(printf '%s\n' "${large_us[@]}" | ms)"
printf '%-28s %9s ms %9s ms\n' "charts stage of build -v" \
  "$(printf '%s\n' "${chart_small[@]}" | median)" "$(printf '%s\n' "${chart_large[@]}" | median)"
