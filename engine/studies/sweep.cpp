#include "engine/studies/sweep.hpp"

#include <fmt/format.h>

#include <optional>

#include "engine/base/files.hpp"
#include "engine/run/directory_lock.hpp"
#include "engine/studies/tables.hpp"

namespace innate {
namespace fs = std::filesystem;

Sweep::Sweep(std::string base_text, const std::string& origin, Vary vary, const Catalog& catalog)
    : base_text_(std::move(base_text)),
      origin_(origin),
      base_(Scenario::from_text(base_text_, origin_, {}, catalog.schema())),
      vary_(std::move(vary)),
      catalog_(catalog) {}

bool Sweep::holds(const fs::path& dir, const Catalog&) {
  std::error_code ec;
  return fs::is_regular_file(dir / "sweep.json", ec);
}

std::unique_ptr<Study> Sweep::open(const fs::path& dir, const Catalog& catalog, Communicator& comm) {
  const std::string base_text = leader_value(comm, [&] { return read_file(dir / "scenario.toml"); });
  const std::string sweep = leader_value(comm, [&] { return read_file(dir / "sweep.json"); });
  return std::make_unique<Sweep>(base_text, (dir / "scenario.toml").string(),
                                 vary_from_json(sweep, (dir / "sweep.json").string()), catalog);
}

std::vector<SubRun> Sweep::sub_runs() const {
  std::vector<SubRun> subs;
  for (std::size_t i = 0; i < vary_.values.size(); ++i)
    subs.push_back({value_folder(i, vary_.values[i]),
                    [this, i] { return value_scenario(base_text_, origin_, vary_, i, catalog_); }});
  return subs;
}

void Sweep::prepare(const fs::path& dir, bool) const {
  write_scenario_files(dir, base_, catalog_);
  write_file_atomic(dir / "sweep.json", vary_json(vary_).dump(2) + "\n");
}

void Sweep::gather(const fs::path& dir, bool quiet) const {
  std::vector<fs::path> subs;
  for (const SubRun& sub : sub_runs()) subs.push_back(dir / sub.dir);
  write_sweep_table(dir, subs, vary_, task_measures(base_, catalog_));
  if (!quiet) fmt::print("{}: {} runs; table in {}\n", dir.string(), vary_.values.size(), (dir / "sweep.csv").string());
}

fs::path sweep_output_dir(const Scenario& base, const Vary& vary, const fs::path& requested) {
  const Section run = base.section("run");
  const std::string key = vary.key.substr(vary.key.find('.') + 1);
  return choose_output_dir(requested, run.text("name") + "-sweep-" + key,
                           static_cast<std::uint64_t>(run.integer("seed")));
}

int run_sweep(const Scenario& base, const Vary& vary, const Catalog& catalog, const RunOptions& options) {
  check_values(base, vary, catalog);  // on every rank, before any directory exists
  const Sweep sweep(base.to_toml(), "--vary", vary, catalog);
  Communicator& comm = communicator(options);
  std::optional<DirectoryLock> lock;  // rank 0 holds it for the whole sweep
  const fs::path dir = leader_value(comm, [&] {
    const fs::path d = sweep_output_dir(base, vary, options.out);
    lock.emplace(d);
    return d.string();
  });
  return start_study(dir, sweep, catalog, options);
}

}  // namespace innate
