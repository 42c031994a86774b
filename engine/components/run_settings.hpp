#pragma once
// The engine's own [run] keys (name, seed, generations, population, threads, checkpoints,
// which genome to keep, replicates) and the settings a run loop reads from them.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/formats/config.hpp"

namespace innate {

struct RunSettings {
  std::string name;
  std::uint64_t seed = 0;
  std::uint64_t generations = 0;
  std::size_t population = 0;
  int threads = 0;
  std::uint64_t checkpoint_every = 1;
  bool keep_validation = false;  // run.keep = "validation"
  std::uint64_t validate_every = 10;
};

std::vector<KeySpec> run_keys();

// A scenario loaded by `load` whose empty run.name becomes `stem` (a file's stem).
Scenario named_scenario(const std::function<Scenario()>& load, const std::string& stem);

// The [run] section's settings (each key checked against its range).
RunSettings read_run_settings(const Section& run);

}  // namespace innate
