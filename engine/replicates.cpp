#include "engine/replicates.hpp"

#include <fmt/format.h>

#include <cmath>

#include "engine/resume.hpp"
#include "engine/serialization.hpp"
#include "engine/text.hpp"

namespace innate {
namespace fs = std::filesystem;

namespace {

Scenario replicate_scenario(const Scenario& base, std::size_t k, const Catalog& catalog) {
  const auto seed = static_cast<std::uint64_t>(base.section("run").integer("seed"));
  return Scenario::from_text(base.to_toml(), fmt::format("(replicate {})", k + 1),
                             {"run.replicates=1", fmt::format("run.seed={}", seed + k)}, catalog.schema());
}

std::vector<fs::path> replicate_dirs(const fs::path& dir, std::size_t n) {
  std::vector<fs::path> dirs;
  for (std::size_t k = 1; k <= n; ++k) dirs.push_back(dir / fmt::format("replicate-{}", k));
  return dirs;
}

// Values of result[block][key] over the results that have a number there.
std::vector<double> values_of(const std::vector<Json>& results, const std::string& block, const std::string& key) {
  std::vector<double> v;
  for (const Json& r : results)
    if (r.contains(block) && r[block].contains(key) && r[block][key].is_number()) v.push_back(r[block][key].get<double>());
  return v;
}

Json number_or_null(double x) { return std::isfinite(x) ? Json(x) : Json(nullptr); }

std::string short_number(double x) { return std::isfinite(x) ? fmt::format("{:.4g}", x) : "n/a"; }

// Writes summary.json and summary.csv; returns their rows.
std::vector<std::pair<std::string, Interval>> write_summary(const fs::path& dir, const Scenario& scenario,
                                                            const std::vector<Json>& results,
                                                            const NatureFraction& fraction) {
  const auto seed = static_cast<std::uint64_t>(scenario.section("run").integer("seed"));
  const auto rows = summarise(results, fraction, seed);
  std::string csv = "score,n,mean,std,ci95_low,ci95_high\n";
  Json table = Json::object();
  for (const auto& [name, i] : rows) {
    csv += fmt::format("{},{},{},{},{},{}\n", name, i.n, format_number(i.mean), format_number(i.std), format_number(i.low),
                       format_number(i.high));
    table[name] = Json{{"n", i.n}, {"mean", number_or_null(i.mean)}, {"std", number_or_null(i.std)},
                       {"ci95_low", number_or_null(i.low)}, {"ci95_high", number_or_null(i.high)}};
  }
  Json summary;
  summary["scenario"] = scenario.section("run").text("name");
  summary["seed"] = seed;
  summary["replicates"] = results.size();
  summary["method"] = fmt::format(
      "mean, sample std and mean +- t(0.975, n-1) std/sqrt(n) per score; nature_fraction: the ratio of the mean scores "
      "with a percentile bootstrap over replicates ({} resamples); data_equivalent: over the replicates that reached the "
      "level",
      kBootstrapResamples);
  summary["rows"] = table;
  std::size_t reached = 0, measured = 0;
  for (const Json& r : results)
    if (r.contains("data_equivalent")) ++measured, reached += r["data_equivalent"].value("reached", false) ? 1 : 0;
  if (measured) summary["data_equivalent"] = Json{{"reached", reached}, {"of", measured}};
  write_file_atomic(dir / "summary.json", summary.dump(2) + "\n");
  write_file_atomic(dir / "summary.csv", csv);
  return rows;
}

int finish_replicates(const fs::path& dir, const Scenario& scenario, const Catalog& catalog, const RunOptions& options) {
  const std::size_t n = replicate_count(scenario);
  const auto dirs = replicate_dirs(dir, n);
  const auto seed = static_cast<std::uint64_t>(scenario.section("run").integer("seed"));
  const int code = finish_sub_runs(
      dirs,
      [&](std::size_t k) {
        if (!options.quiet && communicator(options).leader())
          fmt::print(stderr, "innate: replicate {}/{} (seed {})\n", k + 1, n, seed + k);
        return replicate_scenario(scenario, k, catalog);
      },
      catalog, options);
  if (code != 0 || !communicator(options).leader()) return code;
  const auto rows = reading_results(dir, [&] {
    std::vector<Json> results;
    for (const auto& d : dirs) results.push_back(read_result(d / "result.json"));
    return write_summary(dir, scenario, results, task_measures(scenario, catalog).fraction);
  });
  if (!options.quiet)
    for (const auto& [name, i] : rows)
      fmt::print("{}: {} {} (95% CI {} to {}, n = {})\n", dir.string(), name, short_number(i.mean), short_number(i.low),
                 short_number(i.high), i.n);
  return 0;
}

}  // namespace

std::size_t replicate_count(const Scenario& scenario) {
  return static_cast<std::size_t>(scenario.section("run").integer("replicates", 1, 10'000));
}

std::vector<std::pair<std::string, Interval>> summarise(const std::vector<Json>& results, const NatureFraction& fraction,
                                                        std::uint64_t seed) {
  std::vector<std::pair<std::string, Interval>> rows;
  if (results.empty()) return rows;
  auto block = [&](const std::string& name, const std::string& prefix) {
    if (!results.front().contains(name)) return;
    for (const auto& [key, value] : results.front()[name].items()) rows.push_back({prefix + key, t_interval(values_of(results, name, key))});
  };
  block("scores", "");
  block("validation_scores", "validation.");
  if (fraction.declared()) {
    const auto floor = values_of(results, "scores", fraction.floor), nature = values_of(results, "scores", fraction.nature),
               full = values_of(results, "scores", fraction.full);
    if (!nature.empty() && floor.size() == nature.size() && full.size() == nature.size()) {
      // (mean nature - mean floor) / (mean full - mean floor) of a resample (weights: counts).
      auto ratio = [&](std::span<const double> w) {
        double f = 0, n = 0, u = 0;
        for (std::size_t i = 0; i < w.size(); ++i) f += w[i] * floor[i], n += w[i] * nature[i], u += w[i] * full[i];
        return (n - f) / (u - f);
      };
      Rng rng = stream({seed, 0, 0, Purpose::bootstrap});
      rows.push_back({"nature_fraction", bootstrap(nature.size(), ratio, kBootstrapResamples, rng)});
    }
  }
  std::vector<double> equivalents;
  bool measured = false;
  for (const Json& r : results) {
    if (!r.contains("data_equivalent")) continue;
    measured = true;
    if (r["data_equivalent"]["examples"].is_number()) equivalents.push_back(r["data_equivalent"]["examples"].get<double>());
  }
  if (measured) rows.push_back({"data_equivalent", t_interval(equivalents)});
  return rows;
}

int run_replicates(const Scenario& scenario, const Catalog& catalog, const RunOptions& options) {
  const std::size_t n = replicate_count(scenario);
  for (std::size_t k = 0; k < n; ++k) (void)replicate_scenario(scenario, k, catalog);  // every seed valid before any runs
  Communicator& comm = communicator(options);
  const Section run = scenario.section("run");
  std::string where;
  on_leader(comm, [&] {
    const fs::path dir = output_dir(scenario, options.out);
    fs::create_directories(dir);
    write_file_atomic(dir / "scenario.toml", scenario.to_toml());
    write_file_atomic(dir / "replicates.json", Json{{"replicates", n}}.dump(2) + "\n");
    if (!options.quiet) fmt::print(stderr, "innate: {} replicates of {} into {}\n", n, run.text("name"), dir.string());
    where = dir.string();
  });
  comm.broadcast(where);
  return finish_replicates(where, scenario, catalog, options);
}

bool is_replicate_set(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "replicates.json", ec);
}

int resume_replicates(const fs::path& dir, const Catalog& catalog, const RunOptions& options) {
  Communicator& comm = communicator(options);
  std::string text;
  on_leader(comm, [&] { text = read_file(dir / "scenario.toml"); });
  comm.broadcast(text);
  const Scenario scenario = Scenario::from_text(text, (dir / "scenario.toml").string(), {}, catalog.schema());
  return finish_replicates(dir, scenario, catalog, options);
}

}  // namespace innate
