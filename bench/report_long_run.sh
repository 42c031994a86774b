#!/usr/bin/env bash
# `innate report` of a run with 3,000,000 generations (a 115 MB metrics.csv): wall time,
# peak memory and the size of report.html, written to docs/results/report_long_run.csv.
# The run is a real 3-generation Baldwin run whose metrics.csv is then lengthened to what
# 3,000,000 generations leave (the report reads only the files). Usage (after
# scripts/setup): bench/report_long_run.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/innate" run scenarios/baldwin.toml --quiet --set run.generations=2 --set run.population=10 --out "$work/long"
python3 - "$work/long/metrics.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("generation,best,mean,std,correct,incorrect,undecided,found\n")
    rows = []
    for g in range(3_000_000):
        rows.append(f"{g},{2 if g % 1000 == 0 else 1},{0.5 + (g % 7) * 0.01},0.03125,0.25,0.25,0.5,{g % 2}\n")
        if len(rows) == 100_000:
            f.write("".join(rows))
            rows = []
    f.write("".join(rows))
PY
cat "$work/long/metrics.csv" > /dev/null  # from the page cache, as a report just after a run reads it
/usr/bin/time -f "%e %M" -o "$work/time" "$build/innate" report "$work/long" > /dev/null
read -r seconds kib < "$work/time"
out=docs/results/report_long_run.csv
{
  echo "rows,metrics_bytes,seconds,max_resident_kib,report_bytes,cpu"
  echo "3000000,$(stat -c %s "$work/long/metrics.csv"),$seconds,$kib,$(stat -c %s "$work/report.html"),\"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')\""
} > "$out"
cat "$out"
