#!/usr/bin/env bash
# innate's Algorithm 1 beside the independent PyTorch transcription
# (tests/reference/algorithm1.py) at full size: GN30 on the MNIST subset, 500 iterations,
# seeds 1-10, on the same train / validation / test split (exported from innate), at the
# paper's settings and at those innate chose on validation. Each finished run is kept, so
# rerunning the script resumes. The transcription needs Debian's python3-torch (and is 10x
# faster with libopenblas0-pthread as the BLAS); innate's side at innate's settings is
# experiments/image_tables.sh's mnist_gn30_r10.
#   experiments/algorithm1_side_by_side.sh [BUILD] [RUNS] [PART]
# defaults: build, runs, all; PART "innate" or "transcription" runs one side (the two can
# run at once: the transcription takes one thread).
set -euo pipefail
build=${1:-build}
runs=${2:-runs}/side_by_side
part=${3:-all}
mkdir -p "$runs"
[[ -f $runs/split/split.json ]] || "$build/export_split" mnist "$runs/split"

paper=(--network-learning-rate 0.001 --fit-learning-rate 0.001 --samples '[100000, 10000]')
innate=(--network-learning-rate 0.0003 --fit-learning-rate 0.0001 --samples '[400000, 40000]')

# innate at the paper's settings; the arms after the fit are cut short (they do not touch
# the decoded network's score).
if [[ $part != transcription && ! -f $runs/innate_paper/summary.json ]]; then
  if [[ -d $runs/innate_paper ]]; then
    "$build/innate" resume "$runs/innate_paper"
  else
    "$build/innate" run scenarios/mnist_gnet.toml --replicates 10 --out "$runs/innate_paper" \
      --set optimizer.network_learning_rate=0.001 --set optimizer.fit_learning_rate=0.001 \
      --set 'optimizer.samples=[100000, 10000]' \
      --set task.direct_epochs=0 --set task.nurture_steps=10 --set task.curve_points=2
  fi
fi

[[ $part == innate ]] && exit 0
for seed in $(seq 1 10); do
  for name in innate paper; do
    out=$runs/transcription_$name/seed$seed.json
    [[ -f $out ]] && continue
    mkdir -p "$(dirname "$out")"
    declare -n settings=$name
    OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} /usr/bin/python3 tests/reference/algorithm1.py run "$runs/split" "$out.tmp" \
      --seed "$seed" "${settings[@]}"
    mv "$out.tmp" "$out"
  done
done
