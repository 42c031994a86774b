#include "engine/studies/variants.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cctype>
#include <limits>
#include <optional>
#include <sstream>

#include "engine/base/error.hpp"
#include "engine/run/bound.hpp"

namespace innate {

namespace {

Arm declared_arm(const Scenario& scenario, const std::string& name, const Catalog& catalog) {
  for (const Arm& arm : task_measures(scenario, catalog).arms)
    if (arm.name == name) return arm;
  throw std::logic_error("declared_arm(): '" + name + "' was validated by requested_arms()");
}

std::string selector_of(const std::string& section, const Schema& schema) {
  for (const auto& spec : schema)
    if (spec.name == section) return spec.selector;
  throw std::logic_error("selector_of(): no section '" + section + "'");
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

Scenario arm_scenario(const Scenario& base, const std::string& name, const Catalog& catalog) {
  const Arm& arm = declared_arm(base, name, catalog);
  const Schema schema = catalog.schema();
  toml::table t = base.table();
  for (const auto& [section, value] : arm.refuses) {
    const std::string key = selector_of(section, schema);
    if (base.section(section).text(key) == value)
      throw InputError(
          fmt::format("task.arms: the {} arm cannot start from {}.{} = \"{}\"", name, section, key, value));
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

Scenario nature_scenario(const Scenario& scenario, const Catalog& catalog) {
  const auto arms = requested_arms(scenario, catalog);
  if (arms.empty()) return scenario;
  const std::string nature = task_measures(scenario, catalog).fraction.nature;
  return arm_scenario(scenario, std::find(arms.begin(), arms.end(), nature) != arms.end() ? nature : arms.front(),
                      catalog);
}

std::size_t replicate_count(const Scenario& scenario) {
  return static_cast<std::size_t>(scenario.section("run").integer("replicates", 1, 10'000));
}

Scenario replicate_scenario(const Scenario& base, std::size_t k, const Catalog& catalog) {
  const Section run = base.section("run");
  const auto seed = static_cast<std::uint64_t>(run.integer("seed", 0));
  if (seed + k > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    run.fail("seed", fmt::format("a seed whose {} replicates stay within 2^63 - 1", replicate_count(base)));
  return Scenario::from_text(base.to_toml(), fmt::format("(replicate {})", k + 1),
                             {"run.replicates=1", fmt::format("run.seed={}", seed + k)}, catalog.schema());
}

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
    if (value.find_first_not_of(" \t") == std::string::npos)
      throw InputError(fmt::format("--vary '{}': an empty value", spec));
  return v;
}

Json vary_json(const Vary& vary) { return Json{{"key", vary.key}, {"values", vary.values}}; }

Vary vary_from_json(const std::string& text, const std::string& where) {
  try {
    const Json j = Json::parse(text);
    return {j.at("key").get<std::string>(), j.at("values").get<std::vector<std::string>>()};
  } catch (const std::exception&) {
    throw InputError(fmt::format("{}: not a sweep description", where));
  }
}

std::string numbered_folder(std::size_t index, const std::string& text, const std::string& keep) {
  std::string clean;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) || keep.find(c) != std::string::npos)
      clean += c;
    else if (!clean.empty() && clean.back() != '_')
      clean += '_';
  }
  while (!clean.empty() && clean.back() == '_') clean.pop_back();
  return fmt::format("{}_{}", index + 1, clean.substr(0, 40));
}

std::string value_folder(std::size_t index, const std::string& value) { return numbered_folder(index, value, ".-"); }

Scenario value_scenario(const std::string& base_text, const std::string& origin, const Vary& vary, std::size_t i,
                        const Catalog& catalog) {
  Scenario value = Scenario::from_text(base_text, origin, {vary.key + "=" + vary.values[i]}, catalog.schema());
  value.set_text("run", "name", value.section("run").text("name") + "-" + value_folder(i, vary.values[i]));
  return value;
}

Scenario sweep_value(const Scenario& base, const Vary& vary, std::size_t i, const Catalog& catalog) {
  Scenario value = value_scenario(base.to_toml(), "--vary", vary, i, catalog);
  (void)genome_sizes(value, catalog);  // the genome's own keys are read when it is built
  return value;
}

void check_values(const Scenario& base, const Vary& vary, const Catalog& catalog) {
  for (std::size_t i = 0; i < vary.values.size(); ++i) check_runs(sweep_value(base, vary, i, catalog), catalog);
}

void check_runs(const Scenario& scenario, const Catalog& catalog) {
  const std::size_t n = replicate_count(scenario);
  for (std::size_t k = 1; k < n; ++k) (void)replicate_scenario(scenario, k, catalog);
  std::optional<Scenario> replicate;  // the scenario itself is not copied: a copy loses where each value came from
  if (n > 1) replicate = replicate_scenario(scenario, 0, catalog);
  const Scenario& first = replicate ? *replicate : scenario;
  const std::vector<std::string> arms = requested_arms(first, catalog);
  if (arms.empty()) (void)bind(first, catalog);
  for (const auto& arm : arms) (void)bind(arm_scenario(first, arm, catalog), catalog);
}

}  // namespace innate
