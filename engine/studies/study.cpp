#include "engine/studies/study.hpp"

#include "engine/base/files.hpp"
#include "engine/studies/resume.hpp"

namespace innate {
namespace fs = std::filesystem;

SubRunState sub_run_state(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir / "result.json", ec)) return SubRunState::finished;
  if (fs::exists(dir / "checkpoints" / "latest.ckpt", ec)) return SubRunState::resumable;
  const bool study = fs::is_regular_file(dir / "scenario.toml", ec) && !fs::exists(dir / "checkpoints", ec);
  return study ? SubRunState::resumable : SubRunState::fresh;
}

Scenario study_scenario(const fs::path& dir, const Catalog& catalog, Communicator& comm) {
  const std::string text = leader_value(comm, [&] { return read_file(dir / "scenario.toml"); });
  return Scenario::from_text(text, (dir / "scenario.toml").string(), {}, catalog.schema());
}

int start_study(const fs::path& dir, const Study& study, const Catalog& catalog, const RunOptions& options) {
  on_leader(communicator(options), [&] {
    fs::create_directories(dir);
    study.prepare(dir, options.quiet);
  });
  return finish_study(dir, study, catalog, options);
}

int finish_study(const fs::path& dir, const Study& study, const Catalog& catalog, const RunOptions& options) {
  Communicator& comm = communicator(options);
  const std::vector<SubRun> subs = study.sub_runs();
  for (std::size_t i = 0; i < subs.size(); ++i) {
    RunOptions o = options;
    o.out = dir / subs[i].dir;
    const SubRunState state = leader_value(comm, [&] {
      const SubRunState s = sub_run_state(o.out);
      std::error_code ec;
      if (s == SubRunState::fresh) fs::remove_all(o.out, ec);
      return s;
    });
    if (state == SubRunState::finished) continue;
    if (comm.leader() && !options.quiet) study.announce(dir, i);
    const int code =
        state == SubRunState::resumable ? resume(o.out, catalog, o) : start(subs[i].scenario(), catalog, o);
    if (code != 0) return code;
  }
  if (comm.leader()) reading_results(dir, [&] { study.gather(dir, options.quiet); });
  return 0;
}

}  // namespace innate
