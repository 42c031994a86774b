#pragma once
// run/: one run of a scenario. The run loop: ask (serial) -> evaluate (parallel over
// individuals) -> tell (serial), writing the run directory: scenario.toml, measures.json,
// metrics.csv, result.json, resources.json, genome.cereal and checkpoints/.
#include <cstring>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "engine/base/error.hpp"
#include "engine/components/components.hpp"
#include "engine/formats/serialization.hpp"
#include "engine/run/communicator.hpp"

namespace innate {

struct RunOptions {
  std::filesystem::path out;   // empty: runs/<name>-seed<seed>, numbered if taken
  std::optional<int> threads;  // overrides run.threads
  bool quiet = false;
  Communicator* communicator = nullptr;  // null: a single process
  // Called on every rank after each generation's metrics row, before its checkpoint
  // (tests use it to kill a run at a chosen point); empty: nothing.
  std::function<void(std::uint64_t generation, int rank)> after_generation = {};
};

// The processes of a run: the given communicator, or a single process.
Communicator& communicator(const RunOptions& options);

// Runs `setup` on rank 0 and shares its outcome, so a failure there (an existing output
// directory, a damaged checkpoint) ends every rank with the same one-line message.
template <class F>
void on_leader(Communicator& comm, F&& setup) {
  std::string error;
  if (comm.leader()) {
    try {
      setup();
    } catch (const std::exception& e) {
      error = e.what();
    }
  }
  comm.broadcast(error);
  if (!error.empty()) throw InputError(error);
}

// What rank 0 reads (a file's text, a directory's state) for every rank: `read` runs on
// rank 0 alone and its value, a string or a trivially copyable value, is broadcast; a
// failure there ends every rank with its one line, as on_leader() does.
template <class F>
auto leader_value(Communicator& comm, F&& read) {
  using T = std::decay_t<decltype(read())>;
  T value{};
  on_leader(comm, [&] { value = read(); });
  if constexpr (std::is_same_v<T, std::string>) {
    comm.broadcast(value);
  } else {
    static_assert(std::is_trivially_copyable_v<T>, "leader_value(): a string or plain bytes");
    std::string bytes(sizeof(T), '\0');
    std::memcpy(bytes.data(), &value, sizeof(T));
    comm.broadcast(bytes);
    std::memcpy(&value, bytes.data(), sizeof(T));
  }
  return value;
}

// Exit codes besides 0 (done) and 2 (bad input).
inline constexpr int kExitInterrupted = 130;

// A new or empty directory for a run: `requested` if given (refused when not empty),
// else runs/<name>-seed<seed>, numbered if taken.
std::filesystem::path choose_output_dir(const std::filesystem::path& requested, const std::string& name,
                                        std::uint64_t seed);

// DIR/scenario.toml (the resolved scenario) and DIR/measures.json (what its task
// declares, measures_json()): what a run or a study keeps of what it is.
void write_scenario_files(const std::filesystem::path& dir, const Scenario& scenario, const Catalog& catalog);

// Starts a run of a resolved scenario. `name` becomes run.name when that is empty.
int run_scenario(const Scenario& scenario, const Catalog& catalog, const RunOptions& options);

// Continues the run in `dir` from its last checkpoint; ends byte-identical to an
// uninterrupted run.
int resume_run(const std::filesystem::path& dir, const Catalog& catalog, const RunOptions& options);

// Parallel evaluation by index of individuals [begin, end): each genome of `population`
// (encoding genes, then lifetime genes) is developed through `encoding`, lives through
// `lifetime` and is scored by `task`; row i of `results` gets individual i's score
// (column 0) and the task's columns (1..), each individual with its own keyed random
// stream, so the result is independent of threads and ranks.
void evaluate_population(const Task& task, const Encoding& encoding, const Lifetime& lifetime,
                         const Population& population, std::uint64_t seed, std::uint64_t generation, std::size_t begin,
                         std::size_t end, MetricsTable& results);

}  // namespace innate
