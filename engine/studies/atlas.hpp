#pragma once
// `innate atlas FILE`: the compressibility atlas (Lillicrap & Kording 2019), several tasks
// each swept over genome sizes with replicates, as one resumable study of sweeps (the
// file: studies/atlas_file.hpp). DIR/<k>_<label>/ is task k's sweep, every one prepared
// before the first runs so a bad entry is refused before hours are spent; `innate resume
// DIR` finishes an interrupted atlas (finished sweeps kept). At the end DIR/atlas.csv and
// DIR/atlas.svg (studies/tables.hpp).
#include <filesystem>
#include <memory>
#include <optional>

#include "engine/studies/atlas_file.hpp"
#include "engine/studies/study.hpp"

namespace innate {

class AtlasStudy final : public Study {
 public:
  AtlasStudy(Atlas atlas, const Catalog& catalog);                              // a new atlas, from its file
  AtlasStudy(Json index, const Catalog& catalog);                               // a prepared one, from its atlas.json
  static bool holds(const std::filesystem::path& dir, const Catalog& catalog);  // atlas.json
  static std::unique_ptr<Study> open(const std::filesystem::path& dir, const Catalog& catalog, Communicator& comm);

  std::vector<SubRun> sub_runs() const override;
  void prepare(const std::filesystem::path& dir, bool quiet) const override;
  void gather(const std::filesystem::path& dir, bool quiet) const override;
  void announce(const std::filesystem::path& dir, std::size_t k) const override;

 private:
  std::optional<Atlas> atlas_;  // only while it is new
  Json index_;                  // {"name", "tasks": [{"label", "folder"}, ...]}
  const Catalog& catalog_;
};

int run_atlas(const std::filesystem::path& file, const Catalog& catalog, const RunOptions& options);

}  // namespace innate
