#include "engine/studies/summary.hpp"

#include <fmt/format.h>

#include <cmath>
#include <span>

#include "engine/base/rng.hpp"
#include "engine/base/text.hpp"

namespace innate {
namespace fs = std::filesystem;

namespace {

// Values of result[block][key] over the results that have a number there.
std::vector<double> values_of(const std::vector<Json>& results, const std::string& block, const std::string& key) {
  std::vector<double> v;
  for (const Json& r : results)
    if (r.contains(block) && r[block].contains(key) && r[block][key].is_number())
      v.push_back(r[block][key].get<double>());
  return v;
}

Json number_or_null(double x) { return std::isfinite(x) ? Json(x) : Json(nullptr); }

}  // namespace

bool is_replicate_set(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "replicates.json", ec);
}

std::vector<std::pair<std::string, Interval>> summarise(const std::vector<Json>& results,
                                                        const NatureFraction& fraction, std::uint64_t seed) {
  std::vector<std::pair<std::string, Interval>> rows;
  if (results.empty()) return rows;
  auto block = [&](const std::string& name, const std::string& prefix) {
    if (!results.front().contains(name)) return;
    for (const auto& [key, value] : results.front()[name].items())
      rows.push_back({prefix + key, t_interval(values_of(results, name, key))});
  };
  block("scores", "");
  block("validation_scores", "validation.");
  if (fraction.declared()) {
    const auto floor = values_of(results, "scores", fraction.floor),
               nature = values_of(results, "scores", fraction.nature),
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
    if (r["data_equivalent"]["examples"].is_number())
      equivalents.push_back(r["data_equivalent"]["examples"].get<double>());
  }
  if (measured) rows.push_back({"data_equivalent", t_interval(equivalents)});
  return rows;
}

std::vector<std::pair<std::string, Interval>> write_replicate_summary(const fs::path& dir, const std::string& scenario,
                                                                      std::uint64_t seed,
                                                                      const std::vector<Json>& results,
                                                                      const NatureFraction& fraction) {
  const auto rows = summarise(results, fraction, seed);
  std::string csv = "score,n,mean,std,ci95_low,ci95_high\n";
  Json table = Json::object();
  for (const auto& [name, i] : rows) {
    csv += fmt::format("{},{},{},{},{},{}\n", name, i.n, format_number(i.mean), format_number(i.std),
                       format_number(i.low), format_number(i.high));
    table[name] = Json{{"n", i.n},
                       {"mean", number_or_null(i.mean)},
                       {"std", number_or_null(i.std)},
                       {"ci95_low", number_or_null(i.low)},
                       {"ci95_high", number_or_null(i.high)}};
  }
  Json summary;
  summary["scenario"] = scenario;
  summary["seed"] = seed;
  summary["replicates"] = results.size();
  summary["method"] = fmt::format(
      "mean, sample std and mean +- t(0.975, n-1) std/sqrt(n) per score; nature_fraction: the ratio of the mean scores "
      "with a percentile bootstrap over replicates ({} resamples); data_equivalent: over the replicates that reached "
      "the "
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

}  // namespace innate
