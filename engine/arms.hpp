#pragma once
// Arms side by side at one budget: a scenario whose task names `arms = [...]` (arms its
// task declares, Measures::arms) runs each arm as its own run in DIR/<arm>/ (the scenario
// with the arm's sections set; the same network, task, optimizer and budget), then writes
// DIR/result.json with every arm's score, genome size and evaluations, and the nature
// fraction the task declares.
#include <filesystem>
#include <string>
#include <vector>

#include "engine/run.hpp"

namespace innate {

// task.arms of the scenario, each one its task declares; empty when it names none.
std::vector<std::string> requested_arms(const Scenario& scenario, const Catalog& catalog);

// The sizes (genome_params, genome_bits, compression, ...) in a result.json: a single
// run's own, or those of its arms' nature arm (else the first arm).
Json result_sizes(const Json& result, const NatureFraction& fraction);

// The scenario whose genome a run measures: the nature arm's when `scenario` runs arms
// (else its first arm's), otherwise `scenario` itself.
Scenario nature_scenario(const Scenario& scenario, const Catalog& catalog);

int run_arms(const Scenario& scenario, const Catalog& catalog, const RunOptions& options);
// Finishes the arms of DIR: completed ones are kept, interrupted ones resumed.
int resume_arms(const std::filesystem::path& dir, const Scenario& scenario, const Catalog& catalog,
                const RunOptions& options);

}  // namespace innate
