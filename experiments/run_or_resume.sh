# Sourced by the experiment scripts (with json, below): run_or_resume DIR ARGS... runs `$innate run ARGS
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
