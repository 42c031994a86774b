#include "engine/studies/arms.hpp"

#include <fmt/format.h>

#include "engine/studies/tables.hpp"
#include "engine/studies/variants.hpp"

namespace innate {
namespace fs = std::filesystem;

Arms::Arms(Scenario base, const Catalog& catalog)
    : base_(std::move(base)), catalog_(catalog), arms_(requested_arms(base_, catalog)) {
  for (const auto& arm : arms_) (void)arm_scenario(base_, arm, catalog_);  // every arm valid before any runs
}

bool Arms::holds(const fs::path& dir, const Catalog& catalog) {
  std::error_code ec;
  if (!fs::is_regular_file(dir / "scenario.toml", ec) || fs::exists(dir / "checkpoints", ec)) return false;
  return !requested_arms(Scenario::from_file(dir / "scenario.toml", {}, catalog.schema()), catalog).empty();
}

std::unique_ptr<Study> Arms::open(const fs::path& dir, const Catalog& catalog, Communicator& comm) {
  return std::make_unique<Arms>(study_scenario(dir, catalog, comm), catalog);
}

std::vector<SubRun> Arms::sub_runs() const {
  std::vector<SubRun> subs;
  for (const auto& arm : arms_) subs.push_back({arm, [this, arm] { return arm_scenario(base_, arm, catalog_); }});
  return subs;
}

void Arms::prepare(const fs::path& dir, bool) const { write_scenario_files(dir, base_, catalog_); }

void Arms::gather(const fs::path& dir, bool quiet) const {
  write_arms_result(dir, base_, arms_, task_measures(base_, catalog_).fraction);
  if (quiet) return;
  const Json r = read_json(dir / "result.json");
  fmt::print("{}: arms {}; scores {}{}\n", dir.string(), fmt::join(arms_, ", "), r["scores"].dump(),
             r.contains("nature_fraction") ? fmt::format("; nature fraction {}", r["nature_fraction"].dump()) : "");
}

}  // namespace innate
