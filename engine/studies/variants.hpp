#pragma once
// The scenarios of sub-runs: an arm (the scenario with the arm's sections set), a
// replicate (seed + k), a sweep value (one key set to one value), and the folder each runs in.
#include <cstddef>
#include <string>
#include <vector>

#include "engine/components/catalog.hpp"
#include "engine/formats/config.hpp"
#include "engine/formats/serialization.hpp"

namespace innate {

// task.arms of the scenario, each one its task declares; empty when it names none.
std::vector<std::string> requested_arms(const Scenario& scenario, const Catalog& catalog);
// Arm `name` of `base`: its sections set, no arms of its own, run.name "<name>-<arm>";
// InputError when the arm cannot start from `base`.
Scenario arm_scenario(const Scenario& base, const std::string& name, const Catalog& catalog);
// The scenario whose genome a run measures: the nature arm's when `scenario` runs arms
// (else its first arm's), otherwise `scenario` itself.
Scenario nature_scenario(const Scenario& scenario, const Catalog& catalog);

// run.replicates of a resolved scenario, and replicate k (from 0): seed + k, one replicate.
std::size_t replicate_count(const Scenario& scenario);
Scenario replicate_scenario(const Scenario& base, std::size_t k, const Catalog& catalog);

// `--vary 'key=v1;v2;...'`: TOML literals, ';'-separated at the top level, so
// '[30, 10];[10, 5]' is two values.
struct Vary {
  std::string key;                  // section.key
  std::vector<std::string> values;  // TOML literals
};
Vary parse_vary(const std::string& spec);  // throws InputError
// A sweep's sweep.json, {"key": ..., "values": [...]}, and back (InputError naming `where`).
Json vary_json(const Vary& vary);
Vary vary_from_json(const std::string& text, const std::string& where);
// Value i's scenario: `base` (as TOML text) with vary.key set to vary.values[i] and
// run.name "<name>-<folder>"; sweep_value() also builds the genome, so a value its
// encoding refuses is an InputError before anything runs.
Scenario value_scenario(const std::string& base_text, const std::string& origin, const Vary& vary, std::size_t i,
                        const Catalog& catalog);
Scenario sweep_value(const Scenario& base, const Vary& vary, std::size_t i, const Catalog& catalog);
// Every value of `vary` valid for `base`, its genome built (InputError otherwise).
void check_values(const Scenario& base, const Vary& vary, const Catalog& catalog);

// Every run `scenario` stands for bound as a run binds it (each arm of its first replicate;
// the other replicates differ only in their seeds, each checked): the one check that
// `innate run`, `info`, `sweep`, `atlas` and `atlas --plan` share, so none refuses late
// what another accepted.
void check_runs(const Scenario& scenario, const Catalog& catalog);

// "<i + 1>_<text>": the letters, digits and `keep` characters of `text` (other runs of
// characters become one '_'), at most 40 of them.
std::string numbered_folder(std::size_t index, const std::string& text, const std::string& keep);
// The folder of sweep value i.
std::string value_folder(std::size_t index, const std::string& value);

}  // namespace innate
