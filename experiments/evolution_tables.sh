#!/usr/bin/env bash
# The replicate sets behind docs/evolution.md: Lamarck (Algorithm 1), Darwin and Baldwin
# (evolution strategies) on GN5 and the MNIST subset, each regime's settings chosen by the
# same screen (four trials on seed 1 at the full examples budget, the trial whose kept
# genome scores best on validation wins: run.keep = "validation", kept.validation_score),
# then 5 seeds of each at equal examples and the two ES regimes again at the FLOPs of the
# chosen Lamarckian fit. Each set is started or resumed where it stopped (rerun the
# script after an interruption).
#   experiments/evolution_tables.sh [INNATE] [RUNS]     # defaults: build/innate, runs/
set -euo pipefail
innate=${1:-build/innate}
runs=${2:-runs}/evolution
mkdir -p "$runs"

tag=evolution_tables
# shellcheck source=experiments/run_or_resume.sh
source "$(dirname "$0")/run_or_resume.sh"

# Budgets: 6,000,000 training examples. Algorithm 1: 500 iterations of 12,000. Darwin:
# 1,000 images a life, so 6,000 lives (24 x 250 or 60 x 100 generations). Baldwin: 2,000
# a life (1,000 learned, 1,000 scored), 3,000 lives (24 x 125 or 60 x 50).
lamarck=$(screen lamarck scenarios/mnist_gn5_lamarck.toml "" \
  "net1e-3=--set optimizer.network_learning_rate=0.001" \
  "net3e-4=--set optimizer.network_learning_rate=0.0003" \
  "net1e-4=--set optimizer.network_learning_rate=0.0001" \
  "net3e-5=--set optimizer.network_learning_rate=0.00003")
es_trials() {  # es_trials LIVES: the four ES trials at that many lives (each names its sigma,
  local lives=$1  # so a trial is the same whatever step size the scenario holds)
  echo "snes=--set optimizer.kind=\"snes\" --set optimizer.sigma=0.1 --set run.population=24 --set run.generations=$((lives / 24 - 1))"
  echo "snes_s0.03=--set optimizer.kind=\"snes\" --set optimizer.sigma=0.03 --set run.population=24 --set run.generations=$((lives / 24 - 1))"
  echo "cma=--set optimizer.kind=\"cma_es\" --set optimizer.sigma=0.1 --set run.population=24 --set run.generations=$((lives / 24 - 1))"
  echo "cma_p60=--set optimizer.kind=\"cma_es\" --set optimizer.sigma=0.1 --set run.population=60 --set run.generations=$((lives / 60 - 1))"
}
mapfile -t darwin_trials < <(es_trials 6000)
mapfile -t baldwin_trials < <(es_trials 3000)
darwin=$(screen darwin scenarios/mnist_gn5_darwin.toml "" "${darwin_trials[@]}")
baldwin=$(screen baldwin scenarios/mnist_gn5_baldwin.toml "" "${baldwin_trials[@]}")
# Would IPOP-CMA-ES have restarted any CMA-ES trial? (docs/evolution.md)
python3 "$(dirname "$0")/cma_restart_check.py" "$runs/cma_restart_check.csv" \
  "$runs"/screen_darwin/cma "$runs"/screen_darwin/cma_p60 "$runs"/screen_baldwin/cma "$runs"/screen_baldwin/cma_p60

# shellcheck disable=SC2086
run_or_resume "$runs/lamarck_r5" scenarios/mnist_gn5_lamarck.toml --replicates 5 $lamarck
# shellcheck disable=SC2086
run_or_resume "$runs/darwin_r5" scenarios/mnist_gn5_darwin.toml --replicates 5 $darwin
# shellcheck disable=SC2086
run_or_resume "$runs/baldwin_r5" scenarios/mnist_gn5_baldwin.toml --replicates 5 $baldwin

# Equal FLOPs: the generations whose FLOPs (per generation as the equal-examples run
# spent them) come nearest the Lamarckian fit's.
target=$(json "$runs/lamarck_r5/replicate-1/result.json" 'r["budget"]["innate"]["flops"]')
at_flops() {  # at_flops SET: run.generations for that set's settings at the target FLOPs
  python3 -c 'import json,sys; r = json.load(open(sys.argv[1])); per = r["budget"]["innate"]["flops"] / (r["generations"] + 1)
print(max(1, round(float(sys.argv[2]) / per) - 1))' "$1/replicate-1/result.json" "$target"
}
# shellcheck disable=SC2086
run_or_resume "$runs/darwin_flops_r5" scenarios/mnist_gn5_darwin.toml --replicates 5 $darwin \
  --set run.generations="$(at_flops "$runs/darwin_r5")"
# shellcheck disable=SC2086
run_or_resume "$runs/baldwin_flops_r5" scenarios/mnist_gn5_baldwin.toml --replicates 5 $baldwin \
  --set run.generations="$(at_flops "$runs/baldwin_r5")"
echo "evolution_tables: done; keep them with scripts/keep_results"
