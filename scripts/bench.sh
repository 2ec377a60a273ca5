#!/usr/bin/env bash
# The speed and memory of `aimarket build` against the yardstick, on generated
# data of 1, 3 and 10 million users rows; and `build` of the shipped data.
#
# Yardstick: yardstick/ (the polars_read program), polars' CSV reader alone reading the same
# users.csv into a DataFrame (types inferred), timed inside its own process
# (start-up excluded) and printed by it; its peak memory is the whole process's.
#
#   scripts/bench.sh                 # all sizes (needs about 1 GB of disk)
#   ROWS="1000000" RUNS=5 scripts/bench.sh
#
# Runs alternate (build, read, build, read, ...) so that both meet the same
# machine; each figure is the median of RUNS runs. `build` is timed from outside
# (wall time of the whole command, start-up included); peak resident memory of
# both comes from GNU time. The ratios are the medians of each run's build /
# yardstick, so a slow moment of a noisy machine weighs on both sides of one
# ratio rather than on one side of the medians.
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${ROWS:-"1000000 3000000 10000000"}
RUNS=${RUNS:-5}
PRODUCTS=${PRODUCTS:-2000}
WORK=${BENCH_DIR:-${TMPDIR:-/tmp}/aimarket-bench}
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 1; }

cargo build --release --quiet --bin aimarket --example synth
cargo build --release --quiet -p yardstick
BIN=target/release/aimarket
READ=target/release/polars_read
mkdir -p "$WORK"

# median of the numbers on standard input
median() { sort -g | awk '{ v[NR] = $1 + 0 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
now() { date +%s%N; }

echo "yardstick: yardstick/src/main.rs (polars' CSV reader into a DataFrame, in-process time)"
echo "$(nproc) cores; medians of $RUNS alternating runs"
printf '%-10s %7s  %8s %8s  %8s %8s  %7s %9s\n' rows "csv MB" "read s" "read MB" "build s" "build MB" "time x" "memory x"
for rows in $ROWS; do
  data="$WORK/data-$rows"
  if [ ! -f "$data/users.csv" ]; then
    rm -rf "$data"
    target/release/examples/synth --rows "$rows" --products "$PRODUCTS" "$data" 2>/dev/null
  fi
  csv_mb=$(( $(stat -c %s "$data/users.csv") / 1000000 ))
  read_s=() read_kb=() build_s=() build_kb=() time_x=() memory_x=()
  for _ in $(seq "$RUNS"); do
    rm -rf "$WORK/out"
    start=$(now)
    kb=$("$TIME" -f "%M" "$BIN" build -q --data "$data" --out "$WORK/out" 2>&1 >/dev/null | tail -1)
    build_s+=("$(( $(now) - start ))e-9")
    build_kb+=("$kb")
    # The yardstick prints "read PATH: R rows x C columns in S s", then GNU time "%M".
    out=$("$TIME" -f "%M" "$READ" "$data/users.csv" 2>&1 >/dev/null)
    read_s+=("$(sed -n 's/.* in \([0-9.]*\) s$/\1/p' <<<"$out")")
    read_kb+=("$(tail -1 <<<"$out")")
    time_x+=("$(awk -v b="${build_s[-1]}" -v r="${read_s[-1]}" 'BEGIN { print b / r }')")
    memory_x+=("$(awk -v b="$kb" -v r="${read_kb[-1]}" 'BEGIN { print b / r }')")
  done
  rs=$(printf '%s\n' "${read_s[@]}" | median)
  rk=$(printf '%s\n' "${read_kb[@]}" | median)
  bs=$(printf '%s\n' "${build_s[@]}" | median)
  bk=$(printf '%s\n' "${build_kb[@]}" | median)
  tx=$(printf '%s\n' "${time_x[@]}" | median)
  mx=$(printf '%s\n' "${memory_x[@]}" | median)
  awk -v r="$rows" -v c="$csv_mb" -v rs="$rs" -v rk="$rk" -v bs="$bs" -v bk="$bk" -v tx="$tx" -v mx="$mx" 'BEGIN {
    printf "%-10s %7d  %8.2f %8.0f  %8.2f %8.0f  %7.2f %9.2f\n", r, c, rs, rk / 1000, bs, bk / 1000, tx, mx }'
done

# The shipped data: median of 21 builds, in milliseconds, as wall time of the
# whole command (start-up and the file system included) and inside the process
# (the sum of the stage times `-v` prints).
small=() inside=()
for _ in $(seq 21); do
  rm -rf "$WORK/small"
  start=$(now)
  stages=$("$BIN" build -v --out "$WORK/small" 2>&1 >/dev/null)
  small+=($(( ($(now) - start) / 1000 )))
  inside+=("$(awk -F': ' '/ ms$/ { sub(/ ms$/, "", $2); total += $2 } END { print total }' <<<"$stages")")
done
echo "build of the shipped data: $(printf '%s\n' "${small[@]}" | median | awk '{ printf "%.1f", $1 / 1000 }') ms whole command, $(printf '%s\n' "${inside[@]}" | median | awk '{ printf "%.1f", $1 }') ms inside the process (medians of 21)"
