#pragma once
// `innate sweep SCENARIO --vary 'key=v1;v2;...'`: one run per value (TOML literals,
// ';'-separated at the top level, so '[30, 10];[10, 5]' is two values) into DIR/<i>_<value>/,
// and DIR/sweep.csv with one row per value:
//   value,genome_params,genome_bits,compression,<the task's declared scores>[,nature_fraction][,data_equivalent]
// (a cell is empty where the run has no such measure); with replicates each measure m
// becomes m_mean,m_ci95_low,m_ci95_high from the value's summary. `innate resume DIR` finishes an
// interrupted sweep: completed values are kept, an interrupted one is resumed.
#include <filesystem>
#include <string>
#include <vector>

#include "engine/run.hpp"

namespace innate {

struct Vary {
  std::string key;                  // section.key
  std::vector<std::string> values;  // TOML literals
};

Vary parse_vary(const std::string& spec);  // throws InputError

// Where run_sweep() writes: `requested` (refused when not empty), or when that is empty
// runs/<name>-sweep-<key>-seed<seed>, numbered if taken.
std::filesystem::path sweep_output_dir(const Scenario& base, const Vary& vary, const std::filesystem::path& requested);
int run_sweep(const Scenario& base, const Vary& vary, const Catalog& catalog, const RunOptions& options);
// Value i's scenario: `base` with vary.key set to vary.values[i]; InputError if the
// scenario or the genome it builds refuses the value.
Scenario sweep_value(const Scenario& base, const Vary& vary, std::size_t i, const Catalog& catalog);
// Checks every value, then writes DIR/scenario.toml and DIR/sweep.json: a sweep that
// resume_sweep() runs from its start (a run of sweeps prepares them all before the first runs).
void prepare_sweep(const std::filesystem::path& dir, const Scenario& base, const Vary& vary, const Catalog& catalog);
bool is_sweep(const std::filesystem::path& dir);
int resume_sweep(const std::filesystem::path& dir, const Catalog& catalog, const RunOptions& options);

}  // namespace innate
