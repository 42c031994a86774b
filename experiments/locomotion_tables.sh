#!/usr/bin/env bash
# The replicate sets behind docs/locomotion.md: HalfCheetah-v5 (scenarios/halfcheetah_hebbian.toml),
# four arms, each trained on the intact body and on the intact body plus a damaged one,
# 5 seeds each, scored on the intact body, the damage seen in training (the back leg at
# half its length: thigh, shin and foot) and one never seen (the front leg, likewise).
#   static     every weight evolved, no plasticity (task.arms = ["direct"])
#   plastic    random weights at every birth, one evolved ABCD rule per synapse
#   rules16    the same with 16 rules shared by all synapses
#   rules1     the same with one rule for every synapse
# Settings are chosen on validation only: the evolution strategy's step size and learning
# rate (and for the plastic arm whether weights are normalised after each update) on seed 1
# of the intact training, the trial whose kept genome scores best on validation episodes
# winning (run.keep = "validation"); the shared-rule arms take the plastic arm's choice.
# Each set is started or resumed where it stopped (rerun the script after an interruption).
#   experiments/locomotion_tables.sh [INNATE] [RUNS]     # defaults: build/innate, runs/
set -euo pipefail
shopt -s inherit_errexit  # a failed trial inside $(screen ...) ends the script
innate=${1:-build/innate}
runs=${2:-runs}/locomotion
mkdir -p "$runs"

tag=locomotion_tables
# shellcheck source=experiments/run_or_resume.sh
source "$(dirname "$0")/run_or_resume.sh"
scenario=scenarios/halfcheetah_hebbian.toml

static_arm='--set task.arms=["direct"]'
plastic=$(screen plastic "$scenario" "" \
  "norm_lr0.03=--set lifetime.normalise=true --set optimizer.learning_rate=0.03" \
  "norm_lr0.1=--set lifetime.normalise=true --set optimizer.learning_rate=0.1" \
  "raw_lr0.03=--set lifetime.normalise=false --set optimizer.learning_rate=0.03" \
  "raw_lr0.1=--set lifetime.normalise=false --set optimizer.learning_rate=0.1")
static=$(screen static "$scenario" "$static_arm" \
  "s0.1_lr0.03=--set optimizer.sigma=0.1 --set optimizer.learning_rate=0.03" \
  "s0.1_lr0.1=--set optimizer.sigma=0.1 --set optimizer.learning_rate=0.1" \
  "s0.03_lr0.03=--set optimizer.sigma=0.03 --set optimizer.learning_rate=0.03" \
  "s0.03_lr0.1=--set optimizer.sigma=0.03 --set optimizer.learning_rate=0.1")

damaged='task.bodies=["intact","limb:bthigh=0.5+limb:bshin=0.5+limb:bfoot=0.5"]'
# set NAME TRAINING ARGS...: the replicate set of one arm and one training condition.
set_of() {
  local name=$1 training=$2
  shift 2
  local extra=()
  [[ $training == damaged ]] && extra=(--set "$damaged")
  # shellcheck disable=SC2068  # the arguments split on spaces
  run_or_resume "$runs/${name}_$training" "$scenario" --replicates 5 $@ ${extra[@]+"${extra[@]}"}
}
# The plastic and static arms on both trainings first, then the rule bottleneck's ends,
# then its middle.
for training in intact damaged; do
  set_of plastic $training "$plastic"
  set_of static $training "$static_arm" "$static"
done
for rules in 1 16; do
  for training in intact damaged; do
    set_of rules$rules $training "$plastic" --set lifetime.rules=$rules
  done
done
echo "$tag: all sets done"
