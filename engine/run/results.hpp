#pragma once
// The results writer: a finished run's result.json (sizes, the final genome's scores, the
// nature fraction, budgets, the last metrics row) and genome.cereal, and resources.json
// (what the session used: wall time, threads, processes, the machine and the build).
#include <cstdint>
#include <filesystem>
#include <string>

#include "engine/components/components.hpp"
#include "engine/formats/serialization.hpp"
#include "engine/run/bound.hpp"
#include "engine/run/checkpoint.hpp"
#include "engine/run/communicator.hpp"

namespace innate {

// result.json and genome.cereal of the finished run `b` in `dir`: the genome kept (or the
// optimizer's recommendation) scored afresh by the task.
void write_results(const std::filesystem::path& dir, const Bound& b, const RunState& state);

// resources.json of this session: `evaluations` and `wall_seconds` are its own.
void write_resources(const std::filesystem::path& dir, int threads, const Communicator& comm, double wall_seconds,
                     std::uint64_t evaluations, std::uint64_t resumed_from);

// inputs.json: the files the task's data came from (absolute paths, content hashes).
void write_inputs(const std::filesystem::path& dir, const Task& task);
// Throws InputError when the task now reads other data than the run recorded at its start
// (a relative path resolved from another directory, a changed file): a resume must not
// finish a run on data it did not start on. A run directory without inputs.json passes.
void check_inputs(const std::filesystem::path& dir, const Task& task);

// result[prefix + "nature_fraction"] = (nature - floor) / (full - floor) when
// result[prefix + "scores"] has the three declared scores (null when full equals floor).
void add_nature_fraction(Json& result, const NatureFraction& fraction, const std::string& prefix = "");

// result.json's "data_equivalent": examples (null when not reached), reached, budget,
// level (the nature arm's validation score), nature, nurture.
Json data_equivalent_json(const DataEquivalent& equivalent);

}  // namespace innate
