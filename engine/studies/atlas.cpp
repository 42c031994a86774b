#include "engine/studies/atlas.hpp"

#include <fmt/format.h>

#include "engine/base/files.hpp"
#include "engine/run/directory_lock.hpp"
#include "engine/studies/sweep.hpp"
#include "engine/studies/tables.hpp"

namespace innate {
namespace fs = std::filesystem;

AtlasStudy::AtlasStudy(Atlas atlas, const Catalog& catalog)
    : atlas_(std::move(atlas)), index_(atlas_index(*atlas_)), catalog_(catalog) {}

AtlasStudy::AtlasStudy(Json index, const Catalog& catalog) : index_(std::move(index)), catalog_(catalog) {}

bool AtlasStudy::holds(const fs::path& dir, const Catalog&) {
  std::error_code ec;
  return fs::is_regular_file(dir / "atlas.json", ec);
}

std::unique_ptr<Study> AtlasStudy::open(const fs::path& dir, const Catalog& catalog, Communicator& comm) {
  const std::string text = leader_value(comm, [&] { return read_file(dir / "atlas.json"); });
  return std::make_unique<AtlasStudy>(atlas_index_from_json(text, (dir / "atlas.json").string()), catalog);
}

std::vector<SubRun> AtlasStudy::sub_runs() const {
  std::vector<SubRun> subs;
  for (const auto& task : index_.at("tasks")) {
    const std::string folder = task.at("folder").get<std::string>();
    // Every sweep was prepared at the start, so each is resumed: from its beginning when
    // none of it ran, its finished values kept (a finished sweep only rewrites its table).
    subs.push_back({folder, [folder]() -> Scenario {
                      throw InputError(fmt::format("{}: the sweep's scenario.toml or sweep.json is missing", folder));
                    }});
  }
  return subs;
}

void AtlasStudy::prepare(const fs::path& dir, bool) const {
  for (std::size_t k = 0; k < atlas_->tasks.size(); ++k) {
    const AtlasTask& t = atlas_->tasks[k];
    const fs::path sub = dir / index_["tasks"][k]["folder"].get<std::string>();
    fs::create_directories(sub);
    Sweep(t.base.to_toml(), "--vary", t.vary, catalog_).prepare(sub, true);
  }
  write_file_atomic(dir / "atlas.json", index_.dump(2) + "\n");
}

void AtlasStudy::announce(const fs::path& dir, std::size_t k) const {
  const auto& tasks = index_.at("tasks");
  fmt::print("atlas {}: task {} of {}, {}\n", dir.string(), k + 1, tasks.size(),
             tasks[k].at("label").get<std::string>());
}

void AtlasStudy::gather(const fs::path& dir, bool quiet) const {
  write_atlas_table(dir, index_, catalog_);
  if (!quiet)
    fmt::print("atlas {}: {} tasks; table in {}, figure in {}\n", dir.string(), index_.at("tasks").size(),
               (dir / "atlas.csv").string(), (dir / "atlas.svg").string());
}

int run_atlas(const fs::path& file, const Catalog& catalog, const RunOptions& options) {
  Atlas atlas = read_atlas(file, catalog);  // every rank checks the same file
  std::optional<DirectoryLock> lock;        // rank 0 holds it for the whole atlas
  const fs::path dir = leader_value(communicator(options), [&] {
    const fs::path d = choose_output_dir(options.out, atlas.name, atlas.seed);
    lock.emplace(d);
    return d.string();
  });
  return start_study(dir, AtlasStudy(std::move(atlas), catalog), catalog, options);
}

}  // namespace innate
