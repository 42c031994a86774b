#include "engine/studies/replicates.hpp"

#include <fmt/format.h>

#include "engine/base/files.hpp"
#include "engine/base/text.hpp"
#include "engine/studies/summary.hpp"
#include "engine/studies/variants.hpp"

namespace innate {
namespace fs = std::filesystem;

Replicates::Replicates(Scenario base, const Catalog& catalog)
    : base_(std::move(base)),
      catalog_(catalog),
      n_(replicate_count(base_)),
      seed_(static_cast<std::uint64_t>(base_.section("run").integer("seed"))) {
  for (std::size_t k = 0; k < n_; ++k)
    (void)replicate_scenario(base_, k, catalog_);  // every seed valid before any runs
}

bool Replicates::holds(const fs::path& dir, const Catalog&) { return is_replicate_set(dir); }

std::unique_ptr<Study> Replicates::open(const fs::path& dir, const Catalog& catalog, Communicator& comm) {
  return std::make_unique<Replicates>(study_scenario(dir, catalog, comm), catalog);
}

std::vector<SubRun> Replicates::sub_runs() const {
  std::vector<SubRun> subs;
  for (std::size_t k = 0; k < n_; ++k)
    subs.push_back({fmt::format("replicate-{}", k + 1), [this, k] { return replicate_scenario(base_, k, catalog_); }});
  return subs;
}

void Replicates::prepare(const fs::path& dir, bool quiet) const {
  write_scenario_files(dir, base_, catalog_);
  write_file_atomic(dir / "replicates.json", Json{{"replicates", n_}}.dump(2) + "\n");
  if (!quiet)
    fmt::print(stderr, "innate: {} replicates of {} into {}\n", n_, base_.section("run").text("name"), dir.string());
}

void Replicates::announce(const fs::path&, std::size_t k) const {
  fmt::print(stderr, "innate: replicate {}/{} (seed {})\n", k + 1, n_, seed_ + k);
}

void Replicates::gather(const fs::path& dir, bool quiet) const {
  std::vector<Json> results;
  for (const SubRun& sub : sub_runs()) results.push_back(read_result(dir / sub.dir / "result.json"));
  const auto rows =
      write_replicate_summary(dir, base_.section("run").text("name"), seed_, results, task_measures(base_, catalog_));
  if (quiet) return;
  for (const auto& row : rows)
    fmt::print("{}: {} {} (n = {}, {})\n", dir.string(), row.name, row_phrase(row), row.interval.n, row.method);
}

}  // namespace innate
