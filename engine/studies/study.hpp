#pragma once
// studies/: runs of runs. A study is a list of sub-runs, each a scenario run into a
// directory below the study's; one rule says what each directory holds (finished,
// resumable, fresh), and once every sub-run is finished one gather step writes the
// study's own files. Arms, replicates, sweeps and atlases are declarations over it; they
// nest (a sub-run may itself be a study) and resume through it.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <vector>

#include "engine/run/run.hpp"

namespace innate {

// What a directory below a study holds: result.json -> finished (kept); a checkpoint, or
// a study of its own (scenario.toml and no checkpoints/) -> resumable; else fresh.
enum class SubRunState { fresh, resumable, finished };
SubRunState sub_run_state(const std::filesystem::path& dir);

struct SubRun {
  std::filesystem::path dir;           // relative to the study's directory
  std::function<Scenario()> scenario;  // what it starts from when fresh
};

class Study {
 public:
  virtual ~Study() = default;
  // The sub-runs, in the order they run.
  virtual std::vector<SubRun> sub_runs() const = 0;
  // Writes what the study's directory needs to be reopened (rank 0, before any sub-run).
  virtual void prepare(const std::filesystem::path& dir, bool quiet) const = 0;
  // Writes the study's own files from its finished sub-runs (rank 0).
  virtual void gather(const std::filesystem::path& dir, bool quiet) const = 0;
  // A progress line before sub-run i starts or resumes (rank 0, unless quiet); nothing by default.
  virtual void announce(const std::filesystem::path& dir, std::size_t i) const { (void)dir, (void)i; }
};

// A study's scenario.toml, read on rank 0 for every rank.
Scenario study_scenario(const std::filesystem::path& dir, const Catalog& catalog, Communicator& comm);

// Prepares `dir` for `study` on rank 0 (its sub-runs already checked), then finishes it.
int start_study(const std::filesystem::path& dir, const Study& study, const Catalog& catalog,
                const RunOptions& options);

// Brings every sub-run to finished, in order (finished ones kept, resumable ones resumed,
// the others emptied and started afresh), then gathers. Rank 0 looks at the files and
// every rank follows. Returns the first non-zero exit code.
int finish_study(const std::filesystem::path& dir, const Study& study, const Catalog& catalog,
                 const RunOptions& options);

}  // namespace innate
