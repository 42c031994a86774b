#!/usr/bin/env bash
# Evaluations per second of one scenario for 1 and 2 MPI ranks (and threads per rank),
# side by side. Prints CSV: scenario,ranks,threads_per_rank,seconds,evaluations_per_second
# (best of 3, each read from the run's resources.json).
# Ranks are started with --bind-to none: Open MPI otherwise pins each rank to one core,
# which leaves a rank's extra threads idle.
# Usage: bench/mpi_ranks.sh [SCENARIO.toml] [--set ...]   (default: Baldwin, population 20000)
set -euo pipefail
cd "$(dirname "$0")/.."
innate=build/innate
scenario=${1:-scenarios/baldwin.toml}
shift || true
extra=("$@")
[ ${#extra[@]} -gt 0 ] || extra=(--set run.population=20000 --set run.generations=50 --set run.checkpoint_every=1000)
mpirun=$(command -v mpirun || true)
[ -n "$mpirun" ] || { echo "bench/mpi_ranks.sh: mpirun not found (apt-get install openmpi-bin)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "scenario,ranks,threads_per_rank,seconds,evaluations_per_second"
for config in "1 1" "1 2" "2 1"; do
  read -r ranks threads <<<"$config"
  best_s=""; best_e=""
  for repeat in 1 2 3; do
    out="$tmp/r$ranks-t$threads-$repeat"
    "$mpirun" --allow-run-as-root --oversubscribe --bind-to none -np "$ranks" "$innate" run "$scenario" --quiet \
      --threads "$threads" --out "$out" "${extra[@]}"
    s=$(sed -n 's/.*"wall_seconds": \([0-9.e+-]*\).*/\1/p' "$out/resources.json")
    e=$(sed -n 's/.*"evaluations_per_second": \([0-9.e+-]*\).*/\1/p' "$out/resources.json")
    if [ -z "$best_s" ] || awk -v a="$s" -v b="$best_s" 'BEGIN { exit !(a < b) }'; then best_s=$s; best_e=$e; fi
  done
  printf '%s,%s,%s,%.4f,%.0f\n' "$(basename "$scenario" .toml)" "$ranks" "$threads" "$best_s" "$best_e"
done
