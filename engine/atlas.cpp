#include "engine/atlas.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>

#include "engine/arms.hpp"
#include "engine/charts.hpp"
#include "engine/components.hpp"
#include "engine/csv_table.hpp"
#include "engine/directory_lock.hpp"
#include "engine/error.hpp"
#include "engine/resume.hpp"
#include "engine/serialization.hpp"
#include "engine/sweep.hpp"
#include "engine/text.hpp"

namespace innate {
namespace fs = std::filesystem;

namespace {

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

// A key's value of an expected type, or one line naming the file, the key and the problem.
template <class T>
T value_of(const toml::table& table, const std::string& where, const std::string& key, std::optional<T> fallback) {
  const toml::node* node = table.get(key);
  if (!node) {
    if (fallback) return *fallback;
    throw InputError(fmt::format("{}: '{}' is missing", where, key));
  }
  if (const auto v = node->value<T>()) return *v;
  throw InputError(fmt::format("{}: '{}' has the wrong type", where, key));
}

void refuse_unknown(const toml::table& table, const std::string& where, const std::vector<std::string>& known) {
  for (const auto& [key, node] : table) {
    const std::string k(key.str());
    if (std::find(known.begin(), known.end(), k) != known.end()) continue;
    const std::string best = nearest(k, known);
    throw InputError(fmt::format("{}: unknown key '{}'{}", where, k, best.empty() ? "" : " (did you mean '" + best + "'?)"));
  }
}

// The folder of task k: "<k>_<label, letters and digits>".
std::string task_folder(std::size_t k, const std::string& label) {
  std::string clean;
  for (char c : label) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-') clean += c;
    else if (!clean.empty() && clean.back() != '_') clean += '_';
  }
  while (!clean.empty() && clean.back() == '_') clean.pop_back();
  return fmt::format("{}_{}", k + 1, clean.substr(0, 40));
}

// Reads and checks the whole atlas file: every task's scenario, overrides and sizes.
Atlas read_atlas(const fs::path& file, const Catalog& catalog) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) throw InputError(fmt::format("{}: atlas file not found", file.string()));
  toml::table table;
  try {
    table = toml::parse(read_file(file), file.string());
  } catch (const toml::parse_error& e) {
    throw InputError(fmt::format("{}:{}: TOML syntax error: {}", file.string(), e.source().begin.line, e.description()));
  }
  const std::string where = file.string();
  refuse_unknown(table, where, {"name", "seed", "replicates", "task"});
  Atlas atlas;
  atlas.name = value_of<std::string>(table, where, "name", file.stem().string());
  const auto seed = value_of<std::int64_t>(table, where, "seed", 1);
  if (seed < 0) throw InputError(fmt::format("{}: 'seed' must be >= 0", where));
  atlas.seed = static_cast<std::uint64_t>(seed);
  atlas.replicates = value_of<std::int64_t>(table, where, "replicates", 3);
  if (atlas.replicates < 1 || atlas.replicates > 10000) throw InputError(fmt::format("{}: 'replicates' must be 1 to 10000", where));
  const toml::array* tasks = table.get_as<toml::array>("task");
  if (!tasks || tasks->empty()) throw InputError(fmt::format("{}: no [[task]] entries", where));
  for (std::size_t k = 0; k < tasks->size(); ++k) {
    const toml::table* t = (*tasks)[k].as_table();
    const std::string at = fmt::format("{}: task {}", where, k + 1);
    if (!t) throw InputError(fmt::format("{}: not a table", at));
    refuse_unknown(*t, at, {"label", "scenario", "set", "vary"});
    const std::string label = value_of<std::string>(*t, at, "label", std::nullopt);
    for (const auto& other : atlas.tasks)
      if (other.label == label) throw InputError(fmt::format("{}: label '{}' is used twice", at, label));
    std::vector<std::string> sets{fmt::format("run.seed={}", atlas.seed), fmt::format("run.replicates={}", atlas.replicates)};
    if (const toml::node* s = t->get("set")) {
      const toml::array* a = s->as_array();
      if (!a) throw InputError(fmt::format("{}: 'set' must be an array of strings", at));
      for (const auto& e : *a) {
        if (!e.is_string()) throw InputError(fmt::format("{}: 'set' must be an array of strings", at));
        sets.insert(sets.end() - 2, e.as_string()->get());  // the atlas's seed and replicates last
      }
    }
    const fs::path scenario = file.parent_path() / value_of<std::string>(*t, at, "scenario", std::nullopt);
    Scenario base = Scenario::from_file(scenario, sets, catalog.schema());
    if (base.section("run").text("name").empty()) {  // named after its file, as `innate run` names it
      sets.push_back(fmt::format("run.name=\"{}\"", scenario.stem().string()));
      base = Scenario::from_file(scenario, sets, catalog.schema());
    }
    Vary vary = parse_vary(value_of<std::string>(*t, at, "vary", std::nullopt));
    for (std::size_t i = 0; i < vary.values.size(); ++i) (void)sweep_value(base, vary, i, catalog);
    atlas.tasks.push_back({label, std::move(base), std::move(vary)});
  }
  return atlas;
}

// One row of atlas.csv per size of every task, read from the task's sweep.csv.
// One task's finished sweep as the atlas reads it.
struct Part {
  std::string label, encoding;
  std::vector<std::string> values;
  Table table;  // its sweep.csv
  NatureFraction fraction;
};

// Every task's sweep, and the scores they declare beyond the fraction's (in order of
// appearance) into `others`.
std::vector<Part> read_parts(const fs::path& dir, const Json& index, const Catalog& catalog,
                             std::vector<std::string>& others) {
  std::vector<Part> parts;
  for (const auto& entry : index.at("tasks")) {
    const fs::path sub = dir / entry.at("folder").get<std::string>();
    const Scenario base = Scenario::from_file(sub / "scenario.toml", {}, catalog.schema());
    const Json sweep = read_json(sub / "sweep.json");
    Vary vary{sweep.at("key").get<std::string>(), sweep.at("values").get<std::vector<std::string>>()};
    const Measures measures = task_measures(base, catalog);
    const Scenario measured = nature_scenario(sweep_value(base, vary, 0, catalog), catalog);
    Part part{entry.at("label").get<std::string>(), measured.section("genome").text("encoding"),
              vary.values, read_table(sub / "sweep.csv"), measures.fraction};
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

void write_outputs(const fs::path& dir, const Json& index, const Catalog& catalog) {
  std::vector<std::string> others;
  const std::vector<Part> parts = read_parts(dir, index, catalog, others);
  std::string csv =
      "task,encoding,value,genome_params,genome_bits,compression,innate_mean,innate_ci95_low,innate_ci95_high,"
      "direct_mean,floor_mean,nature_fraction_mean,nature_fraction_ci95_low,nature_fraction_ci95_high,"
      "data_equivalent_mean";
  for (const auto& o : others) csv += "," + o + "_mean";
  csv += "\n";
  std::vector<Series> curves;
  for (const auto& p : parts) {
    const Table& t = p.table;
    Series curve{p.label, {}, {}};
    bool intervals = true;
    for (std::size_t r = 0; r < p.values.size(); ++r) {
      const auto stat = [&](const std::string& score, const char* what) { return statistic(t, score, what, r); };
      csv += fmt::format("{},{},{}", csv_quote(p.label), csv_quote(p.encoding), csv_quote(p.values[r]));
      // (cell by cell, not "," + text: GCC 12 warns falsely on that concatenation, -Wrestrict)
      const auto add = [&](double v) { csv += ','; csv += csv_number(v); };
      for (const char* size : {"genome_params", "genome_bits", "compression"}) add(value_at(t, size, r));
      const NatureFraction& f = p.fraction;
      for (const double v : {stat(f.nature, "mean"), stat(f.nature, "ci95_low"), stat(f.nature, "ci95_high"),
                             stat(f.full, "mean"), stat(f.floor, "mean"), stat("nature_fraction", "mean"),
                             stat("nature_fraction", "ci95_low"), stat("nature_fraction", "ci95_high"),
                             stat("data_equivalent", "mean")})
        add(v);
      for (const auto& o : others) add(stat(o, "mean"));
      csv += "\n";
      const double bits = value_at(t, "genome_bits", r), fraction = stat("nature_fraction", "mean");
      if (!std::isfinite(bits) || !std::isfinite(fraction)) continue;
      curve.x.push_back(bits);
      curve.y.push_back(fraction);
      curve.low.push_back(stat("nature_fraction", "ci95_low"));
      curve.high.push_back(stat("nature_fraction", "ci95_high"));
      intervals = intervals && std::isfinite(curve.low.back()) && std::isfinite(curve.high.back());
    }
    if (!intervals) curve.low.clear(), curve.high.clear();  // one run per size: no error bars
    if (!curve.x.empty()) curves.push_back(std::move(curve));
  }
  write_file_atomic(dir / "atlas.csv", csv);
  write_file_atomic(dir / "atlas.svg", standalone_svg(line_chart("Compressibility atlas: nature fraction against genome size",
                                                                  "genome bits (log scale)",
                                                                  "nature fraction (mean, 95% interval)", curves, true)));
}

}  // namespace

std::string atlas_plan(const fs::path& file, const Catalog& catalog) {
  const Atlas atlas = read_atlas(file, catalog);
  std::string text = fmt::format("{:<16} {:<12} {:<14} {:>13} {:>13} {:>5}\n", "task", "encoding", "value", "genome_params",
                                 "genome_bits", "runs");
  std::size_t runs = 0;
  for (const auto& t : atlas.tasks)
    for (std::size_t i = 0; i < t.vary.values.size(); ++i) {
      const GenomeSizes sizes = genome_sizes(nature_scenario(sweep_value(t.base, t.vary, i, catalog), catalog), catalog);
      text += fmt::format("{:<16} {:<12} {:<14} {:>13} {:>13} {:>5}\n", t.label, sizes.name, t.vary.values[i],
                          sizes.genome_params, format_number(sizes.genome_bits), atlas.replicates);
      runs += static_cast<std::size_t>(atlas.replicates);
    }
  return text + fmt::format("{} runs ({} tasks, seeds {} to {})\n", runs, atlas.tasks.size(), atlas.seed,
                            atlas.seed + static_cast<std::uint64_t>(atlas.replicates) - 1);
}

int run_atlas(const fs::path& file, const Catalog& catalog, const RunOptions& options) {
  const Atlas atlas = read_atlas(file, catalog);  // every rank checks the same file
  Communicator& comm = communicator(options);
  std::string where;
  std::optional<DirectoryLock> lock;  // rank 0 holds it for the whole atlas
  on_leader(comm, [&] {
    const fs::path dir = choose_output_dir(options.out, atlas.name, atlas.seed);
    lock.emplace(dir);
    Json index{{"name", atlas.name}, {"tasks", Json::array()}};
    for (std::size_t k = 0; k < atlas.tasks.size(); ++k) {
      const AtlasTask& t = atlas.tasks[k];
      const std::string folder = task_folder(k, t.label);
      prepare_sweep(dir / folder, t.base, t.vary, catalog);
      index["tasks"].push_back({{"label", t.label}, {"folder", folder}});
    }
    write_file_atomic(dir / "atlas.json", index.dump(2) + "\n");
    where = dir.string();
  });
  comm.broadcast(where);
  return resume_atlas(where, catalog, options);
}

bool is_atlas(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "atlas.json", ec);
}

int resume_atlas(const fs::path& dir, const Catalog& catalog, const RunOptions& options) {
  Communicator& comm = communicator(options);
  std::string text;
  if (comm.leader()) text = read_file(dir / "atlas.json");
  comm.broadcast(text);
  Json index;
  try {
    index = Json::parse(text);
    (void)index.at("tasks").size();
  } catch (const std::exception&) {
    throw InputError(fmt::format("{}: not an atlas description", (dir / "atlas.json").string()));
  }
  const auto& tasks = index.at("tasks");
  for (std::size_t k = 0; k < tasks.size(); ++k) {
    const fs::path sub = dir / tasks[k].at("folder").get<std::string>();
    if (!options.quiet && comm.leader())
      fmt::print("atlas {}: task {} of {}, {}\n", dir.string(), k + 1, tasks.size(), tasks[k].at("label").get<std::string>());
    // Every sweep was prepared at the start, so each is resumed: from its beginning when
    // none of it ran, its finished values kept (a finished sweep only rewrites its table).
    const int code = finish_sub_runs({sub}, [&](std::size_t) -> Scenario {
      throw InputError(fmt::format("{}: the sweep's scenario.toml or sweep.json is missing", sub.string()));
    }, catalog, options);
    if (code != 0) return code;
  }
  if (!comm.leader()) return 0;
  reading_results(dir, [&] { write_outputs(dir, index, catalog); });
  if (!options.quiet)
    fmt::print("atlas {}: {} tasks; table in {}, figure in {}\n", dir.string(), tasks.size(),
               (dir / "atlas.csv").string(), (dir / "atlas.svg").string());
  return 0;
}

}  // namespace innate
