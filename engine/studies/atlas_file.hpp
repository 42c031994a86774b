#pragma once
// The atlas file of `innate atlas FILE` (studies/atlas.hpp), read and checked whole:
//
//   name = "atlas"              # output directory runs/<name>-seed<seed> unless --out
//   seed = 1                    # every task's run.seed (replicates: seed ... seed+N-1)
//   replicates = 3
//   [[task]]
//   label = "tic-tac-toe"       # the task's name in the table and the figure
//   scenario = "../scenarios/tictactoe.toml"   # relative to FILE
//   set = ["task.direct_epochs=1000"]          # optional overrides (--set syntax)
//   vary = "genome.genes=2;4;8;16"             # the sizes (--vary syntax)
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/components/catalog.hpp"
#include "engine/formats/serialization.hpp"
#include "engine/studies/variants.hpp"

namespace innate {

struct AtlasTask {
  std::string label;
  Scenario base;
  Vary vary;
};

struct Atlas {
  std::string name;
  std::uint64_t seed = 1;
  std::int64_t replicates = 3;
  std::vector<AtlasTask> tasks;
};

// Every task's scenario, overrides and sizes checked (InputError naming the file and the
// entry otherwise).
Atlas read_atlas(const std::filesystem::path& file, const Catalog& catalog);

// DIR/atlas.json of an atlas: {"name", "tasks": [{"label", "folder"}, ...]}, task k's
// sweep in the folder "<k>_<label, letters, digits and '-'>".
Json atlas_index(const Atlas& atlas);
// atlas.json's text read back, every task with its label and folder (InputError naming `where`).
Json atlas_index_from_json(const std::string& text, const std::string& where);

// What the atlas would run, checked as it checks it, and nothing run: one line per task
// and size (encoding, genome parameters and bits, runs), then the total of runs.
std::string atlas_plan(const std::filesystem::path& file, const Catalog& catalog);

}  // namespace innate
