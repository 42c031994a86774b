#pragma once
// `innate sweep SCENARIO --vary 'key=v1;v2;...'`: one run per value (studies/variants.hpp)
// into DIR/<i>_<value>/, then DIR/sweep.csv with one row per value (studies/tables.hpp).
// `innate resume DIR` finishes an interrupted sweep: completed values are kept, an
// interrupted one is resumed.
#include <filesystem>
#include <memory>
#include <string>

#include "engine/studies/study.hpp"
#include "engine/studies/variants.hpp"

namespace innate {

class Sweep final : public Study {
 public:
  // `base_text`: the base scenario as TOML (what DIR/scenario.toml holds); `origin` names it in messages.
  Sweep(std::string base_text, const std::string& origin, Vary vary, const Catalog& catalog);
  static bool holds(const std::filesystem::path& dir, const Catalog& catalog);  // sweep.json
  static std::unique_ptr<Study> open(const std::filesystem::path& dir, const Catalog& catalog, Communicator& comm);

  std::vector<SubRun> sub_runs() const override;
  void prepare(const std::filesystem::path& dir, bool quiet) const override;
  void gather(const std::filesystem::path& dir, bool quiet) const override;

 private:
  std::string base_text_, origin_;
  Scenario base_;
  Vary vary_;
  const Catalog& catalog_;
};

// Where run_sweep() writes: `requested` (refused when not empty), or when that is empty
// runs/<name>-sweep-<key>-seed<seed>, numbered if taken.
std::filesystem::path sweep_output_dir(const Scenario& base, const Vary& vary, const std::filesystem::path& requested);
int run_sweep(const Scenario& base, const Vary& vary, const Catalog& catalog, const RunOptions& options);

}  // namespace innate
