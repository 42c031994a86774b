#pragma once
// `innate atlas FILE`: the compressibility atlas (Lillicrap & Kording 2019), several tasks
// each swept over genome sizes with replicates, as one resumable run of sweeps. FILE:
//
//   name = "atlas"              # output directory runs/<name>-seed<seed> unless --out
//   seed = 1                    # every task's run.seed (replicates: seed ... seed+N-1)
//   replicates = 3
//   [[task]]
//   label = "tic-tac-toe"       # the task's name in the table and the figure
//   scenario = "../scenarios/tictactoe.toml"   # relative to FILE
//   set = ["task.direct_epochs=1000"]          # optional overrides (--set syntax)
//   vary = "genome.genes=2;4;8;16"             # the sizes (--vary syntax)
//
// DIR/<k>_<label>/ is task k's sweep, every one prepared before the first runs so a bad
// entry is refused before hours are spent; `innate resume DIR` finishes an interrupted
// atlas (finished sweeps kept). At the end DIR/atlas.csv has one row per task and size:
//   task,encoding,value,genome_params,genome_bits,compression,
//   innate_mean,innate_ci95_low,innate_ci95_high,direct_mean,floor_mean,
//   nature_fraction_mean,nature_fraction_ci95_low,nature_fraction_ci95_high,
//   data_equivalent_mean[,<other score>_mean ...]
// (innate/direct/floor: the scores of the task's declared nature fraction; a cell is
// empty where a task has no such measure) and DIR/atlas.svg draws every task's nature
// fraction against genome bits on one log axis.
#include <filesystem>

#include "engine/run.hpp"

namespace innate {

int run_atlas(const std::filesystem::path& file, const Catalog& catalog, const RunOptions& options);
// What run_atlas() would run, checked as it checks it, and nothing run: one line per task
// and size (encoding, genome parameters and bits, runs), then the total of runs.
std::string atlas_plan(const std::filesystem::path& file, const Catalog& catalog);
bool is_atlas(const std::filesystem::path& dir);
int resume_atlas(const std::filesystem::path& dir, const Catalog& catalog, const RunOptions& options);

}  // namespace innate
