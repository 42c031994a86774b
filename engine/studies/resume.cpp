#include "engine/studies/resume.hpp"

#include <fmt/format.h>

#include <optional>

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

}  // namespace

fs::path output_dir(const Scenario& scenario, const fs::path& requested) {
  const Section run = scenario.section("run");
  const std::size_t n = replicate_count(scenario);
  const std::string name = n > 1 ? fmt::format("{}-x{}", run.text("name"), n) : run.text("name");
  return choose_output_dir(requested, name, static_cast<std::uint64_t>(run.integer("seed")));
}

int start(const Scenario& scenario, const Catalog& catalog, const RunOptions& options) {
  const std::unique_ptr<Study> study = scenario_study(scenario, catalog);  // its sub-runs checked on every rank
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
