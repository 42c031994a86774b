#pragma once
// Starting and continuing runs of every shape: a resolved scenario starts as a replicate
// set (run.replicates > 1), arms (task.arms) or a single run; a directory continues as
// the study or the run it holds (studies/study.hpp).
#include <filesystem>

#include "engine/studies/study.hpp"

namespace innate {

// Where start() writes: `requested` (refused when not empty), or when that is empty
// runs/<name>-seed<seed> (a set of N replicates: runs/<name>-x<N>-seed<seed>), numbered if taken.
std::filesystem::path output_dir(const Scenario& scenario, const std::filesystem::path& requested);

// A resolved scenario: its replicates, else its arms side by side, else one run.
int start(const Scenario& scenario, const Catalog& catalog, const RunOptions& options);

// Continues whatever `dir` holds (an atlas, a sweep, replicates, arms, one run) exactly
// where it stopped.
int resume(const std::filesystem::path& dir, const Catalog& catalog, const RunOptions& options);

}  // namespace innate
