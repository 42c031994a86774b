#include "engine/studies/tables.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>

#include "engine/base/files.hpp"
#include "engine/base/statistics.hpp"
#include "engine/base/text.hpp"
#include "engine/formats/charts.hpp"
#include "engine/formats/csv_table.hpp"
#include "engine/run/results.hpp"
#include "engine/studies/summary.hpp"
#include "engine/studies/variants.hpp"

namespace innate {
namespace fs = std::filesystem;

namespace {

// The measures of sweep.csv after the sizes: the declared scores, the nature fraction
// and the data equivalent where a run has one.
std::vector<std::string> measure_names(const Measures& measures, bool equivalent, bool information) {
  std::vector<std::string> names = measures.scores;
  if (measures.fraction.declared()) names.push_back("nature_fraction");
  if (equivalent) names.push_back("data_equivalent");
  if (information) names.push_back("effective_bits");
  return names;
}

// One task's finished sweep as the atlas reads it.
struct Part {
  std::string label, encoding;
  std::vector<std::string> values;
  Table table;  // its sweep.csv
  NatureFraction fraction;
  Json bounds = Json::object();  // its bounds.json: trivial upper bounds on the bits, by name
};

// Every task's sweep, and the scores they declare beyond the fraction's (in order of
// appearance) into `others`.
std::vector<Part> read_parts(const fs::path& dir, const Json& index, const Catalog& catalog,
                             std::vector<std::string>& others) {
  std::vector<Part> parts;
  for (const auto& entry : index.at("tasks")) {
    const fs::path sub = dir / entry.at("folder").get<std::string>();
    const Scenario base = Scenario::from_file(sub / "scenario.toml", {}, catalog.schema());
    const Vary vary = vary_from_json(read_file(sub / "sweep.json"), (sub / "sweep.json").string());
    const Measures measures = task_measures(base, catalog);
    const Scenario measured = nature_scenario(sweep_value(base, vary, 0, catalog), catalog);
    Part part{entry.at("label").get<std::string>(), measured.section("genome").text("encoding"), vary.values,
              read_table(sub / "sweep.csv"), measures.fraction};
    std::error_code ec;
    if (fs::is_regular_file(sub / "bounds.json", ec)) part.bounds = read_json(sub / "bounds.json");
    for (const auto& score : measures.scores)
      if (score != part.fraction.nature && score != part.fraction.full && score != part.fraction.floor &&
          std::find(others.begin(), others.end(), score) == others.end())
        others.push_back(score);
    parts.push_back(std::move(part));
  }
  return parts;
}

// A column's value at `row` of a sweep table; NaN where the column or the row is absent.
double value_at(const Table& t, const std::string& column, std::size_t row) {
  const auto* c = t.column(column);
  return c && row < c->size() ? (*c)[row] : std::nan("");
}

// A statistic ("mean", "ci95_low", "ci95_high") of a score in a sweep table: with
// replicates its own column; without them the plain column is the mean and there is no
// interval. NaN where absent (and for an unnamed score).
double statistic(const Table& t, const std::string& score, const std::string& what, std::size_t row) {
  if (score.empty()) return std::nan("");
  if (t.column(score + "_" + what)) return value_at(t, score + "_" + what, row);
  return what == "mean" ? value_at(t, score, row) : std::nan("");
}

std::string csv_number(double v) { return std::isfinite(v) ? format_number(v) : std::string{}; }

}  // namespace

Json result_sizes(const Json& result, const NatureFraction& fraction) {
  if (result.contains("genome_params") || !result.contains("arms") || result["arms"].empty()) return result;
  return result["arms"].contains(fraction.nature) ? result["arms"][fraction.nature] : result["arms"].begin().value();
}

// DIR/result.json: the floor score (chance) once, every other score under its arm's name.
void write_arms_result(const fs::path& dir, const Scenario& base, const std::vector<std::string>& arms,
                       const NatureFraction& fraction) {
  Json result, per_arm = Json::object(), scores = Json::object();
  result["scenario"] = base.section("run").text("name");
  result["seed"] = base.section("run").integer("seed");
  std::uint64_t evaluations = 0;
  Json validation = Json::object(), budget = Json::object(), information;
  for (const auto& arm : arms) {
    const Json r = read_result(dir / arm / "result.json");
    Json a;
    for (const char* key :
         {"genome_params", "genome_bits", "rule_params", "network_params", "compression", "evaluations"})
      if (r.contains(key)) a[key] = r[key];
    // Each arm's run scores the floor (chance) and its own arm (its first other score),
    // gathered under the arm's name; scores of more conditions (a test body: "chance_seen",
    // "plastic_seen") keep their suffix: "chance_seen", "ARM_seen".
    const Json arm_scores = r.value("scores", Json::object()),
               arm_validation = r.value("validation_scores", Json::object());
    std::string own;
    for (const auto& [name, value] : arm_scores.items()) {
      const bool floor = name == fraction.floor || name.rfind(fraction.floor + "_", 0) == 0;
      if (!floor && own.empty()) own = name;
      const std::string as = floor || own.empty()            ? name
                             : name == own                   ? arm
                             : name.rfind(own + "_", 0) == 0 ? arm + name.substr(own.size())
                                                             : name;
      scores[as] = value;
      if (name == own) a["score"] = value;
      if (arm_validation.contains(name)) validation[as] = arm_validation[name];
      if (name == own && r.contains("budget") && r["budget"].contains(name)) budget[arm] = r["budget"][name];
    }
    evaluations += r.value("evaluations", std::uint64_t{0});
    if (r.contains("information")) {
      a["effective_bits"] = r["information"]["effective_bits"];
      if (arm == fraction.nature) information = r["information"];  // the genome's, as a run's
    }
    per_arm[arm] = a;
  }
  result["scores"] = scores;
  if (!validation.empty()) result["validation_scores"] = validation;
  add_nature_fraction(result, fraction);
  add_nature_fraction(result, fraction, "validation_");
  if (!budget.empty()) result["budget"] = budget;
  result["arms"] = per_arm;
  result["evaluations"] = evaluations;
  if (!information.is_null()) result["information"] = information;
  write_file_atomic(dir / "result.json", result.dump(2) + "\n");

  Json resources = Json::object();
  for (const auto& arm : arms) resources[arm] = read_json(dir / arm / "resources.json");
  write_file_atomic(dir / "resources.json", resources.dump(2) + "\n");
}

void write_sweep_table(const fs::path& dir, const std::vector<fs::path>& subs, const Vary& vary,
                       const Measures& measures) {
  // One result.json per value (a replicate set's first replicate, for the sizes).
  std::vector<Json> results, summaries;
  bool replicates = false, equivalent = false, information = false;
  for (const auto& sub : subs) {
    const bool set = is_replicate_set(sub);
    replicates = replicates || set;
    results.push_back(read_result(set ? sub / "replicate-1" / "result.json" : sub / "result.json"));
    summaries.push_back(set ? read_json(sub / "summary.json") : Json::object());
    equivalent = equivalent || results.back().contains("data_equivalent");
    information = information || results.back().contains("information");
  }
  const auto names = measure_names(measures, equivalent, information);
  std::string csv = "value,genome_params,genome_bits,compression";
  // A data equivalent over replicates is a censored median: its value (a lower bound where
  // median_censored is 1) and how many replicates were censored, no mean or interval.
  for (const auto& name : names)
    csv += !replicates ? fmt::format(",{}", name)
           : name == "data_equivalent"
               ? ",data_equivalent_median,data_equivalent_median_censored,data_equivalent_censored"
               : fmt::format(",{0}_mean,{0}_ci95_low,{0}_ci95_high", name);
  csv += "\n";
  auto get = [](const Json& j, const std::string& key) { return j.contains(key) ? csv_cell(j[key]) : std::string{}; };
  // cell by cell, not "," + text: GCC 12 warns falsely on that concatenation (-Wrestrict)
  const auto add = [&](const std::string& cell) {
    csv += ',';
    csv += cell;
  };
  for (std::size_t i = 0; i < subs.size(); ++i) {
    const Json& r = results[i];
    const Json sizes = result_sizes(r, measures.fraction);
    csv += fmt::format("{},{},{},{}", csv_quote(vary.values[i]), get(sizes, "genome_params"), get(sizes, "genome_bits"),
                       get(sizes, "compression"));
    for (const auto& name : names) {
      if (replicates) {
        const Json row =
            summaries[i].contains("rows") ? summaries[i]["rows"].value(name, Json::object()) : Json::object();
        if (name == "data_equivalent")
          csv += fmt::format(",{},{},{}", get(row, "median"),
                             row.value("median_censored", false) ? "1" : (row.contains("median") ? "0" : ""),
                             get(row, "censored"));
        else
          csv += fmt::format(",{},{},{}", get(row, "mean"), get(row, "ci95_low"), get(row, "ci95_high"));
      } else if (name == "nature_fraction") {
        add(get(r, name));
      } else if (name == "data_equivalent") {
        add(r.contains(name) ? get(r[name], "examples") : std::string{});
      } else if (name == "effective_bits") {
        add(r.contains("information") ? get(r["information"], name) : std::string{});
      } else {
        add(get(r.value("scores", Json::object()), name));
      }
    }
    csv += "\n";
  }
  write_file_atomic(dir / "sweep.csv", csv);
  if (results.front().contains("bit_bounds"))  // the task's, the same for every value
    write_file_atomic(dir / "bounds.json", results.front()["bit_bounds"].dump(2) + "\n");
}

std::optional<double> bits_at_level(const std::vector<double>& bits, const std::vector<double>& y, double level) {
  std::vector<double> log_bits, kept;
  for (std::size_t i = 0; i < bits.size() && i < y.size() && std::isfinite(y[i]); ++i) {
    log_bits.push_back(std::log(bits[i]));
    kept.push_back(y[i]);
  }
  const auto x = first_reach(log_bits, kept, level);
  return x ? std::optional<double>(std::exp(*x)) : std::nullopt;
}

SeedCrossings seed_crossings(const std::vector<std::vector<double>>& bits,
                             const std::vector<std::vector<double>>& fraction, double level) {
  SeedCrossings out;
  out.seeds = bits.size();
  std::vector<double> logs;
  for (std::size_t k = 0; k < bits.size() && k < fraction.size(); ++k) {
    std::vector<std::size_t> order(std::min(bits[k].size(), fraction[k].size()));
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return bits[k][a] < bits[k][b]; });
    std::vector<double> x, y;
    for (const std::size_t i : order) x.push_back(bits[k][i]), y.push_back(fraction[k][i]);
    if (const auto at = bits_at_level(x, y, level)) logs.push_back(std::log(*at));
  }
  out.reached = logs.size();
  if (out.reached == 0 || out.reached < out.seeds) return out;
  const Interval i = t_interval(logs);
  out.mean = std::exp(i.mean);
  if (out.reached >= 2) out.low = std::exp(i.low), out.high = std::exp(i.high);
  return out;
}

namespace {

// A task's nature fraction against its genome bits: the effective bits where its runs
// measured them (their mean), else the nominal bits; sorted by bits.
struct AtlasCurve {
  std::vector<double> bits, mean, low, high;
  bool effective = false;
};

AtlasCurve atlas_curve(const Part& p) {
  AtlasCurve c;
  c.effective = p.table.column("effective_bits_mean") != nullptr;
  const auto bits_of = [&](std::size_t r) {
    return c.effective ? statistic(p.table, "effective_bits", "mean", r) : value_at(p.table, "genome_bits", r);
  };
  std::vector<std::size_t> rows;
  for (std::size_t r = 0; r < p.values.size(); ++r)
    if (std::isfinite(bits_of(r)) && bits_of(r) > 0 && std::isfinite(statistic(p.table, "nature_fraction", "mean", r)))
      rows.push_back(r);
  std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) { return bits_of(a) < bits_of(b); });
  for (const std::size_t r : rows) {
    c.bits.push_back(bits_of(r));
    c.mean.push_back(statistic(p.table, "nature_fraction", "mean", r));
    c.low.push_back(statistic(p.table, "nature_fraction", "ci95_low", r));
    c.high.push_back(statistic(p.table, "nature_fraction", "ci95_high", r));
  }
  return c;
}

// Seed k's curve over a task's sizes: each size's replicate k (a single run: its one
// result), its effective bits (nominal where not measured) and its nature fraction.
void read_seed_curves(const fs::path& sub, const std::vector<std::string>& values,
                      std::vector<std::vector<double>>& bits, std::vector<std::vector<double>>& fraction) {
  std::size_t seeds = SIZE_MAX;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const fs::path set = sub / value_folder(i, values[i]);
    std::vector<fs::path> runs{set / "result.json"};
    if (is_replicate_set(set)) {
      runs.clear();
      for (std::size_t k = 1; fs::is_regular_file(set / fmt::format("replicate-{}", k) / "result.json"); ++k)
        runs.push_back(set / fmt::format("replicate-{}", k) / "result.json");
    }
    seeds = std::min(seeds, runs.size());
    bits.resize(std::max(bits.size(), runs.size()));
    fraction.resize(bits.size());
    for (std::size_t k = 0; k < runs.size(); ++k) {
      const Json r = read_result(runs[k]);
      const bool measured = r.contains("information") && r["information"].contains("effective_bits");
      bits[k].push_back(measured ? r["information"]["effective_bits"].get<double>() : r.value("genome_bits", NAN));
      fraction[k].push_back(r.contains("nature_fraction") && r["nature_fraction"].is_number()
                                ? r["nature_fraction"].get<double>()
                                : std::nan(""));
    }
  }
  bits.resize(seeds == SIZE_MAX ? 0 : seeds);  // the seeds every size has
  fraction.resize(bits.size());
}

// atlas_crossings.csv: per task, the bits at which the nature fraction first reaches
// kAtlasLevel seed by seed (the geometric mean and t interval over the seeds, when every
// seed reaches it), how many seeds do, where the mean curve (the figure's) reaches it,
// the largest size measured, and the trivial bounds.
std::string crossings_csv(const fs::path& dir, const Json& index, const std::vector<Part>& parts,
                          const std::vector<AtlasCurve>& curves) {
  std::string csv =
      "task,bits,level,bits_at_level,bits_at_level_low,bits_at_level_high,seeds,seeds_reached,"
      "mean_curve_bits_at_level,largest_bits,bounds\n";
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const AtlasCurve& c = curves[k];
    std::vector<std::vector<double>> bits, fraction;
    read_seed_curves(dir / index.at("tasks").at(k).at("folder").get<std::string>(), parts[k].values, bits, fraction);
    const SeedCrossings s = seed_crossings(bits, fraction, kAtlasLevel);
    const auto curve = bits_at_level(c.bits, c.mean, kAtlasLevel);
    std::vector<std::string> bounds;
    for (const auto& [name, b] : parts[k].bounds.items()) bounds.push_back(fmt::format("{}={}", name, csv_cell(b)));
    csv += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", csv_quote(parts[k].label),
                       c.effective ? "effective" : "nominal", kAtlasLevel, csv_number(s.mean), csv_number(s.low),
                       csv_number(s.high), s.seeds, s.reached, curve ? format_number(*curve) : "",
                       c.bits.empty() ? "" : format_number(c.bits.back()),
                       csv_quote(fmt::format("{}", fmt::join(bounds, "; "))));
  }
  return csv;
}

// atlas.svg: every task's curve (error bars where replicates give them) and its trivial
// bounds as dashed verticals in the task's colour.
std::string atlas_figure(const std::vector<Part>& parts, const std::vector<AtlasCurve>& curves) {
  std::vector<Series> series;
  bool effective = false;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const AtlasCurve& c = curves[k];
    if (c.bits.empty()) continue;
    effective = effective || c.effective;
    Series s{parts[k].label, c.bits, c.mean, {}, false, static_cast<int>(k)};
    const bool intervals = std::all_of(c.low.begin(), c.low.end(), [](double v) { return std::isfinite(v); }) &&
                           std::all_of(c.high.begin(), c.high.end(), [](double v) { return std::isfinite(v); });
    if (intervals) s.low = c.low, s.high = c.high;  // one run per size: no error bars
    series.push_back(std::move(s));
    for (const auto& [name, bits] : parts[k].bounds.items())
      series.push_back({fmt::format("{}: {}", parts[k].label, name),
                        {bits.get<double>(), bits.get<double>()},
                        {0.0, 1.0},
                        {},
                        true,
                        static_cast<int>(k)});
  }
  return standalone_svg(line_chart("Compressibility atlas: nature fraction against genome size",
                                   effective ? "effective genome bits (log scale)" : "genome bits (log scale)",
                                   "nature fraction (mean, 95% interval)", series, true));
}

}  // namespace

void write_atlas_table(const fs::path& dir, const Json& index, const Catalog& catalog) {
  std::vector<std::string> others;
  const std::vector<Part> parts = read_parts(dir, index, catalog, others);
  std::string csv =
      "task,encoding,value,genome_params,genome_bits,compression,nature_mean,nature_ci95_low,nature_ci95_high,"
      "full_mean,floor_mean,nature_fraction_mean,nature_fraction_ci95_low,nature_fraction_ci95_high,"
      "data_equivalent_median,data_equivalent_median_censored,effective_bits_mean,effective_bits_ci95_low,"
      "effective_bits_ci95_high";
  for (const auto& o : others) csv += fmt::format(",{}_mean", o);
  csv += "\n";
  std::vector<AtlasCurve> curves;
  for (const auto& p : parts) {
    for (std::size_t r = 0; r < p.values.size(); ++r) {
      const auto stat = [&](const std::string& score, const char* what) { return statistic(p.table, score, what, r); };
      csv += fmt::format("{},{},{}", csv_quote(p.label), csv_quote(p.encoding), csv_quote(p.values[r]));
      // (cell by cell, not "," + text: GCC 12 warns falsely on that concatenation, -Wrestrict)
      const auto add = [&](double v) {
        csv += ',';
        csv += csv_number(v);
      };
      for (const char* size : {"genome_params", "genome_bits", "compression"}) add(value_at(p.table, size, r));
      const NatureFraction& f = p.fraction;
      for (const double v :
           {stat(f.nature, "mean"), stat(f.nature, "ci95_low"), stat(f.nature, "ci95_high"), stat(f.full, "mean"),
            stat(f.floor, "mean"), stat("nature_fraction", "mean"), stat("nature_fraction", "ci95_low"),
            stat("nature_fraction", "ci95_high"), stat("data_equivalent", "median"),
            stat("data_equivalent", "median_censored"), stat("effective_bits", "mean"),
            stat("effective_bits", "ci95_low"), stat("effective_bits", "ci95_high")})
        add(v);
      for (const auto& o : others) add(stat(o, "mean"));
      csv += "\n";
    }
    curves.push_back(atlas_curve(p));
  }
  write_file_atomic(dir / "atlas.csv", csv);
  write_file_atomic(dir / "atlas_crossings.csv", crossings_csv(dir, index, parts, curves));
  write_file_atomic(dir / "atlas.svg", atlas_figure(parts, curves));
}

}  // namespace innate
