#include "engine/arms.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "engine/error.hpp"
#include "engine/resume.hpp"
#include "engine/serialization.hpp"
#include "engine/text.hpp"

namespace innate {
namespace fs = std::filesystem;

namespace {

const Arm& declared_arm(const Scenario& scenario, const std::string& name, const Catalog& catalog) {
  for (const Arm& arm : task_measures(scenario, catalog).arms)
    if (arm.name == name) return arm;
  throw std::logic_error("declared_arm(): '" + name + "' was validated by requested_arms()");
}

std::string selector_of(const std::string& section, const Schema& schema) {
  for (const auto& spec : schema)
    if (spec.name == section) return spec.selector;
  throw std::logic_error("selector_of(): no section '" + section + "'");
}

// The scenario of one arm: its sections set, no arms of its own.
Scenario arm_scenario(const Scenario& base, const std::string& name, const Catalog& catalog) {
  const Arm& arm = declared_arm(base, name, catalog);
  const Schema schema = catalog.schema();
  toml::table t = base.table();
  for (const auto& [section, value] : arm.refuses) {
    const std::string key = selector_of(section, schema);
    if (base.section(section).text(key) == value)
      throw InputError(fmt::format("task.arms: the {} arm cannot start from {}.{} = \"{}\"", name, section, key, value));
  }
  for (const auto& [section, value] : arm.sections) {
    const std::string key = selector_of(section, schema);
    if (base.section(section).text(key) != value) t.insert_or_assign(section, toml::table{{key, value}});
  }
  t.get_as<toml::table>("task")->insert_or_assign("arms", toml::array{});
  t.get_as<toml::table>("run")->insert_or_assign("name", base.section("run").text("name") + "-" + name);
  std::ostringstream text;
  text << t;
  return Scenario::from_text(text.str(), fmt::format("(arm {})", name), {}, schema);
}

// DIR/result.json: the floor score (chance) once, every other score under its arm's name.
void write_summary(const fs::path& dir, const Scenario& base, const std::vector<std::string>& arms,
                   const Catalog& catalog) {
  const NatureFraction& fraction = task_measures(base, catalog).fraction;
  Json result, per_arm = Json::object(), scores = Json::object();
  result["scenario"] = base.section("run").text("name");
  result["seed"] = base.section("run").integer("seed");
  std::uint64_t evaluations = 0;
  Json validation = Json::object(), budget = Json::object();
  for (const auto& arm : arms) {
    const Json r = read_result(dir / arm / "result.json");
    Json a;
    for (const char* key : {"genome_params", "genome_bits", "rule_params", "network_params", "compression", "evaluations"})
      if (r.contains(key)) a[key] = r[key];
    // Each arm's run scores the floor (chance) and its own arm, under the arm's name.
    const Json arm_scores = r.value("scores", Json::object()), arm_validation = r.value("validation_scores", Json::object());
    for (const auto& [name, value] : arm_scores.items()) {
      const bool floor = name == fraction.floor;
      const std::string as = floor ? name : arm;
      scores[as] = value;
      if (!floor) a["score"] = value;
      if (arm_validation.contains(name)) validation[as] = arm_validation[name];
      if (!floor && r.contains("budget") && r["budget"].contains(name)) budget[arm] = r["budget"][name];
    }
    evaluations += r.value("evaluations", std::uint64_t{0});
    per_arm[arm] = a;
  }
  result["scores"] = scores;
  if (!validation.empty()) result["validation_scores"] = validation;
  add_nature_fraction(result, fraction);
  add_nature_fraction(result, fraction, "validation_");
  if (!budget.empty()) result["budget"] = budget;
  result["arms"] = per_arm;
  result["evaluations"] = evaluations;
  write_file_atomic(dir / "result.json", result.dump(2) + "\n");

  Json resources = Json::object();
  for (const auto& arm : arms) resources[arm] = read_json(dir / arm / "resources.json");
  write_file_atomic(dir / "resources.json", resources.dump(2) + "\n");
}

int finish_arms(const fs::path& dir, const Scenario& base, const std::vector<std::string>& arms, const Catalog& catalog,
                const RunOptions& options) {
  std::vector<fs::path> subs;
  for (const auto& arm : arms) subs.push_back(dir / arm);
  const int code = finish_sub_runs(subs, [&](std::size_t i) { return arm_scenario(base, arms[i], catalog); }, catalog, options);
  if (code != 0 || !communicator(options).leader()) return code;
  reading_results(dir, [&] { write_summary(dir, base, arms, catalog); });
  if (!options.quiet) {
    const Json r = read_json(dir / "result.json");
    fmt::print("{}: arms {}; scores {}{}\n", dir.string(), fmt::join(arms, ", "), r["scores"].dump(),
               r.contains("nature_fraction") ? fmt::format("; nature fraction {}", r["nature_fraction"].dump()) : "");
  }
  return 0;
}

}  // namespace

std::vector<std::string> requested_arms(const Scenario& scenario, const Catalog& catalog) {
  const Section task = scenario.section("task");
  if (!task.has("arms")) return {};
  std::vector<std::string> declared;
  for (const Arm& arm : task_measures(scenario, catalog).arms) declared.push_back(arm.name);
  const auto arms = task.texts("arms", declared);
  for (std::size_t i = 0; i < arms.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (arms[i] == arms[j]) task.fail("arms", "each arm at most once");
  return arms;
}

Json result_sizes(const Json& result, const NatureFraction& fraction) {
  if (result.contains("genome_params") || !result.contains("arms") || result["arms"].empty()) return result;
  return result["arms"].contains(fraction.nature) ? result["arms"][fraction.nature] : result["arms"].begin().value();
}

Scenario nature_scenario(const Scenario& scenario, const Catalog& catalog) {
  const auto arms = requested_arms(scenario, catalog);
  if (arms.empty()) return scenario;
  const std::string& nature = task_measures(scenario, catalog).fraction.nature;
  return arm_scenario(scenario, std::find(arms.begin(), arms.end(), nature) != arms.end() ? nature : arms.front(), catalog);
}

int run_arms(const Scenario& scenario, const Catalog& catalog, const RunOptions& options) {
  const auto arms = requested_arms(scenario, catalog);
  for (const auto& arm : arms) (void)arm_scenario(scenario, arm, catalog);  // every arm valid before any runs
  Communicator& comm = communicator(options);
  const Section run = scenario.section("run");
  std::string where;
  on_leader(comm, [&] {
    const fs::path dir = output_dir(scenario, options.out);
    fs::create_directories(dir);
    write_file_atomic(dir / "scenario.toml", scenario.to_toml());
    where = dir.string();
  });
  comm.broadcast(where);
  return finish_arms(where, scenario, arms, catalog, options);
}

int resume_arms(const fs::path& dir, const Scenario& scenario, const Catalog& catalog, const RunOptions& options) {
  return finish_arms(dir, scenario, requested_arms(scenario, catalog), catalog, options);
}

}  // namespace innate
