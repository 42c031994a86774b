#!/usr/bin/env bash
# Keeps what docs/locomotion.md reads of experiments/locomotion_tables.sh's runs: each
# screen trial's result.json and scenario.toml (the static arm's from its arm folder) in
# docs/results/locomotion_screen/ARM/TRIAL/, and every finished replicate set as
# docs/results/locomotion_SET (scripts/keep_results). Sets not finished yet are skipped.
#   experiments/locomotion_keep.sh [RUNS]     # default: runs/
set -euo pipefail
runs=${1:-runs}/locomotion
for trial in "$runs"/screen_*/*/; do
  arm=$(basename "$(dirname "$trial")") arm=${arm#screen_}
  src=$trial
  [[ -d $trial/direct ]] && src=$trial/direct
  [[ -f $src/result.json ]] || continue
  dst=docs/results/locomotion_screen/$arm/$(basename "$trial")
  mkdir -p "$dst"
  cp "$src/result.json" "$src/scenario.toml" "$dst/"
done
for set in "$runs"/*_intact "$runs"/*_damaged; do
  [[ -f $set/summary.json ]] && scripts/keep_results "$set" "locomotion_$(basename "$set")"
done
echo "locomotion_keep: done"
