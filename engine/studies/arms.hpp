#pragma once
// Arms side by side at one budget: a scenario whose task names `arms = [...]` (arms its
// task declares, Measures::arms) runs each arm as its own run in DIR/<arm>/ (the scenario
// with the arm's sections set; the same network, task, optimizer and budget), then writes
// DIR/result.json with every arm's score, genome size and evaluations, and the nature
// fraction the task declares.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "engine/studies/study.hpp"

namespace innate {

class Arms final : public Study {
 public:
  Arms(Scenario base, const Catalog& catalog);  // every arm checked
  // A directory of arms: scenario.toml naming arms, and no checkpoints/ (rank 0).
  static bool holds(const std::filesystem::path& dir, const Catalog& catalog);
  static std::unique_ptr<Study> open(const std::filesystem::path& dir, const Catalog& catalog, Communicator& comm);

  std::vector<SubRun> sub_runs() const override;
  void prepare(const std::filesystem::path& dir, bool quiet) const override;
  void gather(const std::filesystem::path& dir, bool quiet) const override;

 private:
  Scenario base_;
  const Catalog& catalog_;
  std::vector<std::string> arms_;
};

}  // namespace innate
