#include "engine/resume.hpp"

#include <fmt/format.h>

#include <optional>

#include "engine/arms.hpp"
#include "engine/atlas.hpp"
#include "engine/directory_lock.hpp"
#include "engine/error.hpp"
#include "engine/replicates.hpp"
#include "engine/sweep.hpp"

namespace innate {
namespace fs = std::filesystem;

namespace {

// A run of runs (arms) keeps its scenario at the top and no checkpoints of its own.
bool is_run_of_runs(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "scenario.toml", ec) && !fs::exists(dir / "checkpoints", ec);
}

}  // namespace

SubRunState sub_run_state(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir / "result.json", ec)) return SubRunState::finished;
  if (fs::exists(dir / "checkpoints" / "latest.ckpt", ec) || is_run_of_runs(dir)) return SubRunState::resumable;
  return SubRunState::fresh;
}

fs::path output_dir(const Scenario& scenario, const fs::path& requested) {
  const Section run = scenario.section("run");
  const std::size_t n = replicate_count(scenario);
  const std::string name = n > 1 ? fmt::format("{}-x{}", run.text("name"), n) : run.text("name");
  return choose_output_dir(requested, name, static_cast<std::uint64_t>(run.integer("seed")));
}

int start(const Scenario& scenario, const Catalog& catalog, const RunOptions& options) {
  // Rank 0 chooses the directory and holds its lock for the whole run.
  RunOptions o = options;
  std::optional<DirectoryLock> lock;
  bool created = false;
  on_leader(communicator(options), [&] {
    o.out = output_dir(scenario, options.out);
    std::error_code ec;
    created = !fs::exists(o.out, ec);
    lock.emplace(o.out);
  });
  try {
    if (replicate_count(scenario) > 1) return run_replicates(scenario, catalog, o);
    if (!requested_arms(scenario, catalog).empty()) return run_arms(scenario, catalog, o);
    return run_scenario(scenario, catalog, o);
  } catch (...) {
    // Refused before it wrote anything (a missing data set, too little memory): leave no
    // empty directory behind.
    lock.reset();
    std::error_code ec;
    if (created && holds_nothing(o.out)) {
      fs::remove(o.out / kLockFile, ec);
      fs::remove(o.out, ec);
    }
    throw;
  }
}

int resume(const fs::path& dir, const Catalog& catalog, const RunOptions& options) {
  std::optional<DirectoryLock> lock;
  on_leader(communicator(options), [&] {
    std::error_code ec;
    if (fs::is_directory(dir, ec)) lock.emplace(dir);
  });
  if (is_atlas(dir)) return resume_atlas(dir, catalog, options);
  if (is_sweep(dir)) return resume_sweep(dir, catalog, options);
  if (is_replicate_set(dir)) return resume_replicates(dir, catalog, options);
  if (is_run_of_runs(dir)) {
    const Scenario scenario = Scenario::from_file(dir / "scenario.toml", {}, catalog.schema());
    if (!requested_arms(scenario, catalog).empty()) return resume_arms(dir, scenario, catalog, options);
  }
  return resume_run(dir, catalog, options);
}

int finish_sub_runs(const std::vector<fs::path>& dirs, const std::function<Scenario(std::size_t)>& scenario_of,
                    const Catalog& catalog, const RunOptions& options) {
  Communicator& comm = communicator(options);
  for (std::size_t i = 0; i < dirs.size(); ++i) {
    std::string state = "fresh";  // rank 0 looks; every rank follows
    if (comm.leader()) {
      const SubRunState s = sub_run_state(dirs[i]);
      state = s == SubRunState::finished ? "finished" : s == SubRunState::resumable ? "resumable" : "fresh";
      std::error_code ec;
      if (s == SubRunState::fresh) fs::remove_all(dirs[i], ec);
    }
    comm.broadcast(state);
    if (state == "finished") continue;
    RunOptions o = options;
    o.out = dirs[i];
    const int code = state == "resumable" ? resume(dirs[i], catalog, o) : start(scenario_of(i), catalog, o);
    if (code != 0) return code;
  }
  return 0;
}

}  // namespace innate
