#include "engine/sweep.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <cctype>
#include <optional>

#include "engine/arms.hpp"
#include "engine/csv_table.hpp"
#include "engine/directory_lock.hpp"
#include "engine/replicates.hpp"
#include "engine/resume.hpp"
#include "engine/serialization.hpp"
#include "engine/error.hpp"
#include "engine/text.hpp"

namespace innate {
namespace fs = std::filesystem;

Vary parse_vary(const std::string& spec) {
  const auto eq = spec.find('=');
  Vary v;
  if (eq == std::string::npos || eq == 0) throw InputError(fmt::format("--vary '{}': expected key=v1;v2;...", spec));
  v.key = spec.substr(0, eq);
  std::string current;
  int depth = 0;
  char quote = 0;
  for (char c : spec.substr(eq + 1)) {
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      --depth;
    } else if (c == ';' && depth == 0) {
      v.values.push_back(current);
      current.clear();
      continue;
    }
    current += c;
  }
  v.values.push_back(current);
  for (const auto& value : v.values)
    if (value.find_first_not_of(" \t") == std::string::npos) throw InputError(fmt::format("--vary '{}': an empty value", spec));
  return v;
}

namespace {

std::string folder_name(std::size_t index, const std::string& value) {
  std::string clean;
  for (char c : value) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-') clean += c;
    else if (!clean.empty() && clean.back() != '_') clean += '_';
  }
  while (!clean.empty() && clean.back() == '_') clean.pop_back();
  return fmt::format("{}_{}", index + 1, clean.substr(0, 40));
}

Scenario value_scenario(const std::string& base_text, const std::string& origin, const Vary& vary, std::size_t i,
                        const Catalog& catalog) {
  const Scenario base = Scenario::from_text(base_text, origin, {}, catalog.schema());
  const std::string name = base.section("run").text("name") + "-" + folder_name(i, vary.values[i]);
  return Scenario::from_text(base_text, origin, {vary.key + "=" + vary.values[i], "run.name=\"" + name + "\""},
                             catalog.schema());
}

// The measures of sweep.csv after the sizes: the declared scores, the nature fraction
// and the data equivalent where a run has one.
std::vector<std::string> measure_names(const Measures& measures, bool equivalent) {
  std::vector<std::string> names = measures.scores;
  if (measures.fraction.declared()) names.push_back("nature_fraction");
  if (equivalent) names.push_back("data_equivalent");
  return names;
}

// sweep.csv of the finished value directories `subs` (in the order of vary.values).
void write_table(const fs::path& dir, const std::vector<fs::path>& subs, const Vary& vary, const Measures& measures) {
  // One result.json per value (a replicate set's first replicate, for the sizes).
  std::vector<Json> results, summaries;
  bool replicates = false, equivalent = false;
  for (const auto& sub : subs) {
    const bool set = is_replicate_set(sub);
    replicates = replicates || set;
    results.push_back(read_result(set ? sub / "replicate-1" / "result.json" : sub / "result.json"));
    summaries.push_back(set ? read_json(sub / "summary.json") : Json::object());
    equivalent = equivalent || results.back().contains("data_equivalent");
  }
  const auto names = measure_names(measures, equivalent);
  std::string csv = "value,genome_params,genome_bits,compression";
  for (const auto& name : names)
    csv += replicates ? fmt::format(",{0}_mean,{0}_ci95_low,{0}_ci95_high", name) : "," + name;
  csv += "\n";
  auto get = [](const Json& j, const std::string& key) { return j.contains(key) ? csv_cell(j[key]) : std::string{}; };
  for (std::size_t i = 0; i < subs.size(); ++i) {
    const Json& r = results[i];
    const Json sizes = result_sizes(r, measures.fraction);
    csv += fmt::format("{},{},{},{}", csv_quote(vary.values[i]), get(sizes, "genome_params"), get(sizes, "genome_bits"),
                       get(sizes, "compression"));
    for (const auto& name : names) {
      if (replicates) {
        const Json row = summaries[i].contains("rows") ? summaries[i]["rows"].value(name, Json::object()) : Json::object();
        csv += fmt::format(",{},{},{}", get(row, "mean"), get(row, "ci95_low"), get(row, "ci95_high"));
      } else if (name == "nature_fraction") {
        csv += "," + get(r, name);
      } else if (name == "data_equivalent") {
        csv += "," + (r.contains(name) ? get(r[name], "examples") : std::string{});
      } else {
        csv += "," + get(r.value("scores", Json::object()), name);
      }
    }
    csv += "\n";
  }
  write_file_atomic(dir / "sweep.csv", csv);
}

int finish_sweep(const fs::path& dir, const std::string& base_text, const Vary& vary, const Catalog& catalog,
                 const RunOptions& options) {
  const std::string origin = (dir / "scenario.toml").string();
  std::vector<fs::path> subs;
  for (std::size_t i = 0; i < vary.values.size(); ++i) subs.push_back(dir / folder_name(i, vary.values[i]));
  const int code = finish_sub_runs(subs, [&](std::size_t i) { return value_scenario(base_text, origin, vary, i, catalog); },
                                   catalog, options);
  if (code != 0 || !communicator(options).leader()) return code;
  const Scenario base = Scenario::from_text(base_text, origin, {}, catalog.schema());
  reading_results(dir, [&] { write_table(dir, subs, vary, task_measures(base, catalog)); });
  if (!options.quiet) fmt::print("{}: {} runs; table in {}\n", dir.string(), vary.values.size(), (dir / "sweep.csv").string());
  return 0;
}

}  // namespace

fs::path sweep_output_dir(const Scenario& base, const Vary& vary, const fs::path& requested) {
  const Section run = base.section("run");
  const std::string key = vary.key.substr(vary.key.find('.') + 1);
  return choose_output_dir(requested, run.text("name") + "-sweep-" + key, static_cast<std::uint64_t>(run.integer("seed")));
}

Scenario sweep_value(const Scenario& base, const Vary& vary, std::size_t i, const Catalog& catalog) {
  Scenario value = value_scenario(base.to_toml(), "--vary", vary, i, catalog);
  (void)genome_sizes(value, catalog);  // the genome's own keys are read when it is built
  return value;
}

void prepare_sweep(const fs::path& dir, const Scenario& base, const Vary& vary, const Catalog& catalog) {
  for (std::size_t i = 0; i < vary.values.size(); ++i)  // every value valid before anything runs
    (void)sweep_value(base, vary, i, catalog);
  const std::string base_text = base.to_toml();
  fs::create_directories(dir);
  write_file_atomic(dir / "scenario.toml", base_text);
  write_file_atomic(dir / "sweep.json", Json{{"key", vary.key}, {"values", vary.values}}.dump(2) + "\n");
}

int run_sweep(const Scenario& base, const Vary& vary, const Catalog& catalog, const RunOptions& options) {
  for (std::size_t i = 0; i < vary.values.size(); ++i)  // checked on every rank, before any directory exists
    (void)sweep_value(base, vary, i, catalog);
  Communicator& comm = communicator(options);
  std::string where;
  std::optional<DirectoryLock> lock;  // rank 0 holds it for the whole sweep
  on_leader(comm, [&] {
    const fs::path dir = sweep_output_dir(base, vary, options.out);
    lock.emplace(dir);
    prepare_sweep(dir, base, vary, catalog);
    where = dir.string();
  });
  comm.broadcast(where);
  return resume_sweep(where, catalog, options);
}

bool is_sweep(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "sweep.json", ec);
}

int resume_sweep(const fs::path& dir, const Catalog& catalog, const RunOptions& options) {
  Communicator& comm = communicator(options);
  std::string base_text, sweep;
  if (comm.leader()) {
    base_text = read_file(dir / "scenario.toml");
    sweep = read_file(dir / "sweep.json");
  }
  comm.broadcast(base_text);
  comm.broadcast(sweep);
  Vary vary;
  try {
    const Json j = Json::parse(sweep);
    vary.key = j.at("key").get<std::string>();
    vary.values = j.at("values").get<std::vector<std::string>>();
  } catch (const std::exception&) {
    throw InputError(fmt::format("{}: not a sweep description", (dir / "sweep.json").string()));
  }
  return finish_sweep(dir, base_text, vary, catalog, options);
}

}  // namespace innate
