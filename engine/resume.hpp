#pragma once
// Starting and finishing runs of every shape (a single run, arms side by side, a sweep),
// and the one rule for the directories below a run of runs: a directory with result.json
// is finished; one with a checkpoint, or a run of runs of its own (scenario.toml and no
// checkpoints/), is resumed; anything else is started afresh.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <vector>

#include "engine/run.hpp"

namespace innate {

enum class SubRunState { fresh, resumable, finished };
SubRunState sub_run_state(const std::filesystem::path& dir);

// Where start() writes: `requested` (refused when not empty), or when that is empty
// runs/<name>-seed<seed> (a set of N replicates: runs/<name>-x<N>-seed<seed>), numbered if taken.
std::filesystem::path output_dir(const Scenario& scenario, const std::filesystem::path& requested);

// A resolved scenario: its arms side by side when its task names any, else one run.
int start(const Scenario& scenario, const Catalog& catalog, const RunOptions& options);

// Continues whatever `dir` holds (a sweep, arms, one run) exactly where it stopped.
int resume(const std::filesystem::path& dir, const Catalog& catalog, const RunOptions& options);

// Brings every directory of `dirs` to finished, in order: finished ones are kept,
// resumable ones resumed, the others (emptied) started from `scenario_of(i)` into dirs[i].
// Rank 0 looks at the files and every rank follows. Returns the first non-zero exit code.
int finish_sub_runs(const std::vector<std::filesystem::path>& dirs,
                    const std::function<Scenario(std::size_t)>& scenario_of, const Catalog& catalog,
                    const RunOptions& options);

}  // namespace innate
