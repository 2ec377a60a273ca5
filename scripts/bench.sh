#!/usr/bin/env bash
# The speed and memory of `aimarket build` against the yardstick (polars' CSV
# reader alone reading the same users.csv into a DataFrame), on generated data
# of 1, 3 and 10 million users rows; and `build` of the shipped data.
#
#   scripts/bench.sh                 # all sizes (needs about 1 GB of disk)
#   ROWS="1000000" RUNS=5 scripts/bench.sh
#
# Each figure is the median of RUNS runs (wall time; peak resident memory from
# GNU time). The ratios are build / yardstick, measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${ROWS:-"1000000 3000000 10000000"}
RUNS=${RUNS:-3}
PRODUCTS=${PRODUCTS:-2000}
WORK=${BENCH_DIR:-${TMPDIR:-/tmp}/aimarket-bench}
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 1; }

cargo build --release --quiet --bin aimarket --example synth --example polars_read
BIN=target/release/aimarket
mkdir -p "$WORK"

# median of the numbers on standard input
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# runs a command RUNS times; prints "median_seconds median_kilobytes"
measure() {
  local times=() mems=()
  for _ in $(seq "$RUNS"); do
    local out
    out=$("$TIME" -f "%e %M" "$@" 2>&1 >/dev/null | tail -1)
    times+=("${out% *}")
    mems+=("${out#* }")
  done
  echo "$(printf '%s\n' "${times[@]}" | median) $(printf '%s\n' "${mems[@]}" | median)"
}

printf '%-12s %8s  %12s %12s  %12s %12s  %10s %10s\n' rows "csv MB" "read s" "read MB" "build s" "build MB" "time x" "memory x"
for rows in $ROWS; do
  data="$WORK/data-$rows"
  if [ ! -f "$data/users.csv" ]; then
    rm -rf "$data"
    target/release/examples/synth --rows "$rows" --products "$PRODUCTS" "$data" 2>/dev/null
  fi
  csv_mb=$(( $(stat -c %s "$data/users.csv") / 1000000 ))
  read -r read_s read_kb < <(measure target/release/examples/polars_read "$data/users.csv")
  rm -rf "$WORK/out"
  read -r build_s build_kb < <(measure "$BIN" build -q --data "$data" --out "$WORK/out")
  awk -v r="$rows" -v c="$csv_mb" -v rs="$read_s" -v rk="$read_kb" -v bs="$build_s" -v bk="$build_kb" 'BEGIN {
    printf "%-12s %8d  %12.2f %12.0f  %12.2f %12.0f  %10.2f %10.2f\n", r, c, rs, rk / 1000, bs, bk / 1000, bs / rs, bk / rk }'
done

# The shipped data: median wall time of 21 builds, in milliseconds.
small=()
for _ in $(seq 21); do
  rm -rf "$WORK/small"
  start=$(date +%s%N)
  "$BIN" build -q --out "$WORK/small"
  small+=($(( ($(date +%s%N) - start) / 1000 )))
done
echo "build of the shipped data: $(printf '%s\n' "${small[@]}" | median | awk '{ printf "%.1f", $1 / 1000 }') ms (median of 21)"
