#include "engine/arms.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <sstream>

#include "engine/error.hpp"
#include "engine/serialization.hpp"
#include "engine/text.hpp"

namespace innate {
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kArms{"innate", "plastic", "direct"};

// The scenario of one arm: [genome] and [lifetime] replaced, no arms of its own.
Scenario arm_scenario(const Scenario& base, const std::string& arm, const Catalog& catalog) {
  toml::table t = base.table();
  const std::string encoding = base.section("genome").text("encoding");
  const std::string lifetime = base.section("lifetime").text("kind");
  auto replace = [&](const char* section, toml::table with) { t.insert_or_assign(section, std::move(with)); };
  if (arm == "innate") {
    if (encoding == "random") throw InputError("task.arms: the innate arm needs a wiring genome, not genome.encoding = \"random\"");
    replace("lifetime", toml::table{{"kind", "none"}});
  } else if (arm == "plastic") {
    if (encoding != "random") replace("genome", toml::table{{"encoding", "random"}});
    if (lifetime != "hebbian") replace("lifetime", toml::table{{"kind", "hebbian"}});
  } else {
    replace("genome", toml::table{{"encoding", "direct"}});
    replace("lifetime", toml::table{{"kind", "none"}});
  }
  t.get_as<toml::table>("task")->insert_or_assign("arms", toml::array{});
  t.get_as<toml::table>("run")->insert_or_assign("name", base.section("run").text("name") + "-" + arm);
  std::ostringstream text;
  text << t;
  return Scenario::from_text(text.str(), fmt::format("(arm {})", arm), {}, catalog.schema());
}

Json read_json(const fs::path& p) { return Json::parse(read_file(p)); }

void write_summary(const fs::path& dir, const Scenario& base, const std::vector<std::string>& arms) {
  Json result, per_arm = Json::object(), scores = Json::object();
  result["scenario"] = base.section("run").text("name");
  result["seed"] = base.section("run").integer("seed");
  std::uint64_t evaluations = 0;
  for (const auto& arm : arms) {
    const Json r = read_json(dir / arm / "result.json");
    Json a;
    for (const char* key : {"genome_params", "genome_bits", "rule_params", "network_params", "compression", "evaluations"})
      if (r.contains(key)) a[key] = r[key];
    if (r.contains("scores")) {
      for (const auto& [name, value] : r["scores"].items()) {
        if (name == "chance") scores["chance"] = value;
        else a["score"] = value, scores[arm] = value;
      }
    }
    evaluations += r.value("evaluations", std::uint64_t{0});
    per_arm[arm] = a;
  }
  result["scores"] = scores;
  add_nature_fraction(result);
  result["arms"] = per_arm;
  result["evaluations"] = evaluations;
  write_file_atomic(dir / "result.json", result.dump(2) + "\n");

  Json resources = Json::object();
  for (const auto& arm : arms) resources[arm] = read_json(dir / arm / "resources.json");
  write_file_atomic(dir / "resources.json", resources.dump(2) + "\n");
}

int finish_arms(const fs::path& dir, const Scenario& base, const std::vector<std::string>& arms, const Catalog& catalog,
                const RunOptions& options) {
  Communicator single;
  Communicator& comm = options.communicator ? *options.communicator : single;
  for (const auto& arm : arms) {
    const fs::path sub = dir / arm;
    std::string state = "new";  // rank 0 looks; every rank follows
    if (comm.leader()) {
      std::error_code ec;
      if (fs::exists(sub / "result.json", ec)) state = "done";
      else if (fs::exists(sub / "checkpoints" / "latest.ckpt", ec)) state = "resume";
      else fs::remove_all(sub, ec);
    }
    comm.broadcast(state);
    if (state == "done") continue;
    RunOptions o = options;
    o.out = sub;
    const int code = state == "resume" ? resume_run(sub, catalog, o) : run_scenario(arm_scenario(base, arm, catalog), catalog, o);
    if (code != 0) return code;
  }
  if (comm.leader()) {
    write_summary(dir, base, arms);
    if (!options.quiet) {
      const Json r = read_json(dir / "result.json");
      fmt::print("{}: arms {}; scores {}{}\n", dir.string(), fmt::join(arms, ", "), r["scores"].dump(),
                 r.contains("nature_fraction") ? fmt::format("; nature fraction {}", r["nature_fraction"].dump()) : "");
    }
  }
  return 0;
}

}  // namespace

std::vector<std::string> requested_arms(const Scenario& scenario) {
  const Section task = scenario.section("task");
  if (!task.has("arms")) return {};
  const auto arms = task.texts("arms", kArms);
  for (std::size_t i = 0; i < arms.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (arms[i] == arms[j]) task.fail("arms", "each arm at most once");
  return arms;
}

int run_arms(const Scenario& scenario, const Catalog& catalog, const RunOptions& options) {
  const auto arms = requested_arms(scenario);
  for (const auto& arm : arms) (void)arm_scenario(scenario, arm, catalog);  // every arm valid before any runs
  Communicator single;
  Communicator& comm = options.communicator ? *options.communicator : single;
  const Section run = scenario.section("run");
  std::string where;
  on_leader(comm, [&] {
    const fs::path dir = choose_output_dir(options.out, run.text("name"), static_cast<std::uint64_t>(run.integer("seed")));
    fs::create_directories(dir);
    write_file_atomic(dir / "scenario.toml", scenario.to_toml());
    where = dir.string();
  });
  comm.broadcast(where);
  return finish_arms(where, scenario, arms, catalog, options);
}

int resume_arms(const fs::path& dir, const Scenario& scenario, const Catalog& catalog, const RunOptions& options) {
  return finish_arms(dir, scenario, requested_arms(scenario), catalog, options);
}

}  // namespace innate
