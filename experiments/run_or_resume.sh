# Sourced by the experiment scripts (with json and screen, below): run_or_resume DIR ARGS... runs `$innate run ARGS
# --out DIR`, resumes DIR if a run or replicate set there stopped before its end, and
# skips it if finished (result.json or summary.json), so a script can be rerun after an
# interruption and picks up where it stopped. Needs $innate and a prefix for messages in
# $tag.
run_or_resume() {
  local dir=$1
  shift
  if [[ -f $dir/summary.json || -f $dir/result.json ]]; then
    echo "$tag: $dir done"
  elif [[ -d $dir ]]; then
    "$innate" resume "$dir"
  else
    "$innate" run "$@" --out "$dir"
  fi
}

# json FILE EXPRESSION: a value of a result.json (the expression in Python, on `r`).
json() {
  python3 -c 'import json,sys; r = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# screen LABEL SCENARIO BASE_ARGS NAME=ARGS...: runs (or resumes) each trial on seed 1 in
# $runs/screen_LABEL/NAME and prints the arguments of the one whose kept genome scores best
# on validation (result.json's kept.validation_score; an arms run's from its arm folder).
screen() {
  local label=$1 scenario=$2 base=$3 best="" best_score=-1e300
  shift 3
  for trial in "$@"; do
    local name=${trial%%=*} args=${trial#*=} dir result score
    dir=$runs/screen_$label/$name
    # shellcheck disable=SC2086  # the trial's arguments split on spaces
    run_or_resume "$dir" "$scenario" --seed 1 $base $args >&2
    result=$dir/result.json
    for arm in "$dir"/*/result.json; do [[ -f $arm ]] && result=$arm; done
    score=$(json "$result" 'r["kept"]["validation_score"]')
    echo "$tag: $label screen $name: kept validation $score" >&2
    if python3 -c 'import sys; sys.exit(not float(sys.argv[1]) > float(sys.argv[2]))' "$score" "$best_score"; then
      best=$args best_score=$score
    fi
  done
  echo "$tag: $label settings chosen on validation: $best ($best_score)" >&2
  echo "$best"
}
