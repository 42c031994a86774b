#pragma once
// Replicates: `run.replicates = N` (or --replicates N) runs the scenario N times into
// DIR/replicate-1/ ... DIR/replicate-N/, replicate k with seed run.seed + k - 1, each an
// ordinary run (or arms) directory byte-identical to `innate run --seed` of that seed,
// then summarises them in DIR/summary.json and DIR/summary.csv (studies/summary.hpp).
// `innate resume DIR` finishes a partly done set.
#include <filesystem>
#include <memory>

#include "engine/studies/study.hpp"

namespace innate {

class Replicates final : public Study {
 public:
  Replicates(Scenario base, const Catalog& catalog);                            // every replicate's scenario checked
  static bool holds(const std::filesystem::path& dir, const Catalog& catalog);  // replicates.json
  static std::unique_ptr<Study> open(const std::filesystem::path& dir, const Catalog& catalog, Communicator& comm);

  std::vector<SubRun> sub_runs() const override;
  void prepare(const std::filesystem::path& dir, bool quiet) const override;
  void gather(const std::filesystem::path& dir, bool quiet) const override;
  void announce(const std::filesystem::path& dir, std::size_t k) const override;

 private:
  Scenario base_;
  const Catalog& catalog_;
  std::size_t n_;
  std::uint64_t seed_;
};

}  // namespace innate
