#!/usr/bin/env bash
# Benchmarks `badgemap run` against the floor (streaming-read the same inputs
# and write the same number of cells, no logic) on generated registers.
#
#   bench/run.sh                      # 10k, 100k and 1M award rows, xlsx and csv
#   bench/run.sh 10000 100000         # chosen scales (award rows)
#   FORMATS=xlsx REPEAT=5 bench/run.sh 100000
#   REPEAT=3 bench/run.sh 100000 1000000   # the figures in docs/performance.md
#
# Needs GNU time (/usr/bin/time, Debian package `time`) and python3 (to count
# the cells of the output workbook). Prints a Markdown table, then how time and
# memory grow from each scale to the next; the figures in docs/performance.md
# come from it.
set -euo pipefail
cd "$(dirname "$0")/.."

SCALES=("$@")
[ ${#SCALES[@]} -gt 0 ] || SCALES=(10000 100000 1000000)
FORMATS=${FORMATS:-"xlsx csv"}
WORK=${BENCH_DIR:-target/bench}
AS_OF=2026-11-24
# Award rows per integration in generated registers (see src/generate.rs).
ROWS_PER_INTEGRATION=2.7

[ -x /usr/bin/time ] || { echo "bench: GNU time is needed (apt-get install time)" >&2; exit 1; }
cargo build --release --quiet --bin badgemap --example floor
BADGEMAP=target/release/badgemap
FLOOR=target/release/examples/floor
mkdir -p "$WORK"

# measure LABEL CMD... → sets WALL (seconds, median of REPEAT runs) and RSS_MB (max)
measure() {
  local runs=$1; shift
  local walls=() rss=0
  for ((i = 0; i < runs; i++)); do
    # Start each run with no earlier run's output still being written back.
    sync
    /usr/bin/time -v "$@" >"$WORK/last.out" 2>"$WORK/last.time" || { cat "$WORK/last.out" "$WORK/last.time" >&2; exit 1; }
    walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (k = 1; k <= n; k++) s = s * 60 + p[k]; print s }' "$WORK/last.time")")
    local r; r=$(awk -F': ' '/Maximum resident set size/ { print int($2 / 1024) }' "$WORK/last.time")
    (( r > rss )) && rss=$r
  done
  WALL=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  RSS_MB=$rss
}

cells_of() {
  python3 - "$1" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
print(sum(len(re.findall(rb"<c ", z.read(n))) for n in z.namelist() if n.startswith("xl/worksheets/sheet")))
PY
}

echo "| award rows | format | files | floor s | floor MB | badgemap s | badgemap MB | ratio | output cells |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
declare -A LAST  # format -> "rows wall rss" of the previous scale, for growth
GROWTH=()
for rows in "${SCALES[@]}"; do
  integrations=$(awk -v r="$rows" -v k="$ROWS_PER_INTEGRATION" 'BEGIN { printf "%d", r / k }')
  files=$(( rows / 10000 )); (( files < 3 )) && files=3
  runs=${REPEAT:-$(( rows >= 1000000 ? 1 : 3 ))}
  for format in $FORMATS; do
    dir="$WORK/$format-$rows"
    if [ ! -f "$dir/.done" ]; then
      rm -rf "$dir"
      "$BADGEMAP" generate --integrations "$integrations" --files "$files" --format "$format" --seed 42 -o "$dir" >"$WORK/generate.out"
      touch "$dir/.done"
    fi
    measure "$runs" "$BADGEMAP" run "$dir" -o "$WORK/out.xlsx" --as-of "$AS_OF" --force
    run_wall=$WALL run_rss=$RSS_MB
    read_rows=$(grep -o '[0-9]* rows' "$WORK/last.out" | head -1 | cut -d' ' -f1)
    cells=$(cells_of "$WORK/out.xlsx")
    measure "$runs" "$FLOOR" "$cells" "$WORK/floor.xlsx" "$dir"
    ratio=$(awk -v a="$run_wall" -v b="$WALL" 'BEGIN { printf "%.2f", a / b }')
    echo "| $read_rows | $format | $files | $WALL | $RSS_MB | $run_wall | $run_rss | $ratio | $cells |"
    if [ -n "${LAST[$format]:-}" ]; then
      GROWTH+=("$(echo "${LAST[$format]} $read_rows $run_wall $run_rss" | awk -v f="$format" '{
        printf "%s, %d -> %d award rows (x%.1f): time x%.1f, memory x%.1f", f, $1, $4, $4 / $1, $5 / $2, $6 / $3 }')")
    fi
    LAST[$format]="$read_rows $run_wall $run_rss"
  done
done
if [ ${#GROWTH[@]} -gt 0 ]; then
  echo
  echo "Growth of badgemap between scales:"
  printf -- '- %s\n' "${GROWTH[@]}"
fi
