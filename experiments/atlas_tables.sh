#!/usr/bin/env bash
# Copies what docs/atlas.md needs of a finished atlas into docs/results/NAME: atlas.csv,
# atlas_crossings.csv and atlas.svg as `innate atlas` wrote them, each task's sweep.csv
# and bounds.json (TASK_FOLDER/), and loop_seconds.csv: per task, its runs and the sum of
# their search loops' wall clocks (resources.json's wall_seconds: the final scores, the
# direct arm and the information measurement after the loop are not in it), and
# direct_plateau.csv: for tasks whose direct arm is a search (the control tasks' ES), the
# population's mean score over the second and the last fifth of its generations, mean
# over the seeds of the first size (the direct arm is the same run at every size).
#   experiments/atlas_tables.sh runs/atlas-effective atlas_effective
#   experiments/atlas_tables.sh runs/atlas-tictactoe-qat atlas_tictactoe_qat
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: experiments/atlas_tables.sh ATLAS_DIR NAME" >&2; exit 2; }
src=$1 dst=docs/results/$2
[[ -f $src/atlas.csv ]] || { echo "atlas_tables: $src has no atlas.csv (not a finished atlas)" >&2; exit 2; }
mkdir -p "$dst"
cp "$src/atlas.csv" "$src/atlas_crossings.csv" "$src/atlas.svg" "$dst/"
echo "task,runs,loop_seconds" > "$dst/loop_seconds.csv"
for task in "$src"/*/; do
  name=$(basename "$task")
  mkdir -p "$dst/$name"
  cp "$task/sweep.csv" "$dst/$name/"
  if [[ -f $task/bounds.json ]]; then cp "$task/bounds.json" "$dst/$name/"; fi
  python3 - "$task" "$name" >> "$dst/loop_seconds.csv" <<'PY'
import json, pathlib, sys
files = list(pathlib.Path(sys.argv[1]).glob("*/replicate-*/resources.json"))
def loop(r):  # a run's own, or the sum of its arms' (arms keep each arm's resources)
    return r["wall_seconds"] if "wall_seconds" in r else sum(arm["wall_seconds"] for arm in r.values())
print(f"{sys.argv[2]},{len(files)},{sum(loop(json.loads(f.read_text())) for f in files):.0f}")
PY
done
python3 - "$src" > "$dst/direct_plateau.csv" <<'PY'
import csv, pathlib, sys
print("task,seeds,generations,second_fifth_mean,last_fifth_mean")
for task in sorted(p for p in pathlib.Path(sys.argv[1]).iterdir() if p.is_dir()):
    sizes = sorted(p for p in task.iterdir() if p.is_dir())
    curves = [[float(r["mean"]) for r in csv.DictReader(f.open())] for f in sorted(sizes[0].glob("replicate-*/direct/metrics.csv"))] if sizes else []
    if not curves:
        continue
    g = len(curves[0])
    fifth = lambda a, b: sum(sum(c[a:b]) / (b - a) for c in curves) / len(curves)
    print(f"{task.name},{len(curves)},{g},{fifth(g // 5, 2 * g // 5):.2f},{fifth(4 * g // 5, g):.2f}")
PY
echo "atlas_tables: $src -> $dst"
