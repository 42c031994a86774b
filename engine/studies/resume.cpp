#include "engine/studies/resume.hpp"

#include <fmt/format.h>

#include <optional>

#include "engine/components/run_settings.hpp"
#include "engine/run/directory_lock.hpp"
#include "engine/studies/arms.hpp"
#include "engine/studies/atlas.hpp"
#include "engine/studies/replicates.hpp"
#include "engine/studies/sweep.hpp"
#include "engine/studies/variants.hpp"

namespace innate {
namespace fs = std::filesystem;

namespace {

// The kinds of study a directory may hold, in the order they are recognised.
struct StudyKind {
  bool (*holds)(const fs::path& dir, const Catalog& catalog);
  std::unique_ptr<Study> (*open)(const fs::path& dir, const Catalog& catalog, Communicator& comm);
};
constexpr StudyKind kStudyKinds[] = {
    {AtlasStudy::holds, AtlasStudy::open},
    {Sweep::holds, Sweep::open},
    {Replicates::holds, Replicates::open},
    {Arms::holds, Arms::open},
};
constexpr int kNoStudy = -1;

// The study `dir` holds, read from its files (rank 0 tells which kind); null: a single run.
std::unique_ptr<Study> open_study(const fs::path& dir, const Catalog& catalog, Communicator& comm) {
  const int kind = leader_value(comm, [&] {
    for (int k = 0; k < static_cast<int>(std::size(kStudyKinds)); ++k)
      if (kStudyKinds[k].holds(dir, catalog)) return k;
    return kNoStudy;
  });
  return kind == kNoStudy ? nullptr : kStudyKinds[kind].open(dir, catalog, comm);
}

// The study a scenario asks for: its replicates, else its arms; null: a single run.
std::unique_ptr<Study> scenario_study(const Scenario& scenario, const Catalog& catalog) {
  if (replicate_count(scenario) > 1) return std::make_unique<Replicates>(scenario, catalog);
  if (!requested_arms(scenario, catalog).empty()) return std::make_unique<Arms>(scenario, catalog);
  return nullptr;
}

// Whether `dir` holds anything a resume could continue from or a report could read: a
// checkpoint or a finished result, at any depth.
bool holds_progress(const fs::path& dir) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    const fs::path name = it->path().filename();
    if (name == "latest.ckpt" || name == "result.json") return true;
  }
  return false;
}

}  // namespace

fs::path output_dir(const Scenario& scenario, const fs::path& requested) {
  const Section run = scenario.section("run");
  (void)read_run_settings(run);  // run.name checked as a name before it names anything
  const std::size_t n = replicate_count(scenario);
  const std::string name = n > 1 ? fmt::format("{}-x{}", run.text("name"), n) : run.text("name");
  return choose_output_dir(requested, name, static_cast<std::uint64_t>(run.integer("seed")));
}

int start(const Scenario& scenario, const Catalog& catalog, const RunOptions& options) {
  const std::unique_ptr<Study> study = scenario_study(scenario, catalog);
  if (study) check_runs(scenario, catalog);  // every sub-run, on every rank, before the first starts
  RunOptions o = options;
  std::optional<DirectoryLock> lock;  // rank 0 chooses the directory and holds its lock throughout
  bool created = false;
  o.out = leader_value(communicator(options), [&] {
    const fs::path dir = output_dir(scenario, options.out);
    std::error_code ec;
    created = !fs::exists(dir, ec);
    lock.emplace(dir);
    return dir.string();
  });
  try {
    return study ? start_study(o.out, *study, catalog, o) : run_scenario(scenario, catalog, o);
  } catch (...) {
    // Refused or failed before a checkpoint was written (a missing data set, too little
    // memory, a write fault): remove the directory this command created, so that the same
    // command can run once the cause is gone. A directory with progress in it stays, to resume.
    std::error_code ec;
    if (created && !o.out.empty() && !holds_progress(o.out)) fs::remove_all(o.out, ec);
    lock.reset();
    throw;
  }
}

int resume(const fs::path& dir, const Catalog& catalog, const RunOptions& options) {
  Communicator& comm = communicator(options);
  std::optional<DirectoryLock> lock;
  on_leader(comm, [&] {
    std::error_code ec;
    if (fs::is_directory(dir, ec)) lock.emplace(dir);
  });
  if (const std::unique_ptr<Study> study = open_study(dir, catalog, comm))
    return finish_study(dir, *study, catalog, options);
  return resume_run(dir, catalog, options);
}

}  // namespace innate
