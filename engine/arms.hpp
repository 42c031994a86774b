#pragma once
// The arms of SCIENCE.md side by side, at one evaluation budget: a scenario whose task
// names `arms = ["innate", "plastic", "direct"]` runs each arm as its own run in
// DIR/<arm>/ (the scenario with [genome] and [lifetime] set for that arm; the same
// network, task, optimizer and budget), then writes DIR/result.json with every arm's
// score, genome size and evaluations, and the nature fraction.
//   innate   the scenario's wiring genome, no plasticity
//   plastic  random weights at every birth + evolved Hebbian rules (the scenario's
//            [lifetime] if it is hebbian, else per-synapse rules)
//   direct   every weight in the genome (the reference for the nature fraction)
#include <filesystem>
#include <string>
#include <vector>

#include "engine/run.hpp"

namespace innate {

// task.arms of the scenario, when its task declares the key; empty otherwise.
std::vector<std::string> requested_arms(const Scenario& scenario);

int run_arms(const Scenario& scenario, const Catalog& catalog, const RunOptions& options);
// Finishes the arms of DIR: completed ones are kept, interrupted ones resumed.
int resume_arms(const std::filesystem::path& dir, const Scenario& scenario, const Catalog& catalog,
                const RunOptions& options);

}  // namespace innate
