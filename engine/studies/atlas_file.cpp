#include "engine/studies/atlas_file.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <optional>

#include "engine/base/error.hpp"
#include "engine/base/files.hpp"
#include "engine/base/text.hpp"
#include "engine/components/run_settings.hpp"

namespace innate {
namespace fs = std::filesystem;

namespace {

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
    throw InputError(
        fmt::format("{}: unknown key '{}'{}", where, k, best.empty() ? "" : " (did you mean '" + best + "'?)"));
  }
}

}  // namespace

Atlas read_atlas(const fs::path& file, const Catalog& catalog) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) throw InputError(fmt::format("{}: atlas file not found", file.string()));
  toml::table table;
  try {
    table = toml::parse(read_file(file), file.string());
  } catch (const toml::parse_error& e) {
    throw InputError(
        fmt::format("{}:{}: TOML syntax error: {}", file.string(), e.source().begin.line, e.description()));
  }
  const std::string where = file.string();
  refuse_unknown(table, where, {"name", "seed", "replicates", "task"});
  Atlas atlas;
  atlas.name = value_of<std::string>(table, where, "name", file.stem().string());
  check_entry_name(atlas.name, where + ": name");  // it names the atlas's directory
  const auto seed = value_of<std::int64_t>(table, where, "seed", 1);
  if (seed < 0) throw InputError(fmt::format("{}: 'seed' must be >= 0", where));
  atlas.seed = static_cast<std::uint64_t>(seed);
  atlas.replicates = value_of<std::int64_t>(table, where, "replicates", 3);
  if (atlas.replicates < 1 || atlas.replicates > 10000)
    throw InputError(fmt::format("{}: 'replicates' must be 1 to 10000", where));
  const toml::array* tasks = table.get_as<toml::array>("task");
  if (!tasks || tasks->empty()) throw InputError(fmt::format("{}: no [[task]] entries", where));
  for (std::size_t k = 0; k < tasks->size(); ++k) {
    const toml::table* t = (*tasks)[k].as_table();
    const std::string at = fmt::format("{}: task {}", where, k + 1);
    if (!t) throw InputError(fmt::format("{}: not a table", at));
    refuse_unknown(*t, at, {"label", "scenario", "set", "vary"});
    const std::string label = value_of<std::string>(*t, at, "label", std::nullopt);
    check_entry_name(label, at + ": label");
    for (const auto& other : atlas.tasks)
      if (other.label == label) throw InputError(fmt::format("{}: label '{}' is used twice", at, label));
    std::vector<std::string> sets{fmt::format("run.seed={}", atlas.seed),
                                  fmt::format("run.replicates={}", atlas.replicates)};
    if (const toml::node* s = t->get("set")) {
      const toml::array* a = s->as_array();
      if (!a) throw InputError(fmt::format("{}: 'set' must be an array of strings", at));
      for (const auto& e : *a) {
        if (!e.is_string()) throw InputError(fmt::format("{}: 'set' must be an array of strings", at));
        sets.insert(sets.end() - 2, e.as_string()->get());  // the atlas's seed and replicates last
      }
    }
    const fs::path scenario = file.parent_path() / value_of<std::string>(*t, at, "scenario", std::nullopt);
    // Named after its file when unnamed, as `innate run` names it.
    Scenario base =
        named_scenario([&] { return Scenario::from_file(scenario, sets, catalog.schema()); }, scenario.stem().string());
    if (!task_measures(base, catalog).fraction.declared())
      throw InputError(fmt::format("{}: task '{}' declares no nature fraction, which the atlas reads", at,
                                   base.section("task").text("name")));
    Vary vary = parse_vary(value_of<std::string>(*t, at, "vary", std::nullopt));
    check_values(base, vary, catalog);
    atlas.tasks.push_back({label, std::move(base), std::move(vary)});
  }
  return atlas;
}

Json atlas_index(const Atlas& atlas) {
  Json index{{"name", atlas.name}, {"tasks", Json::array()}};
  for (std::size_t k = 0; k < atlas.tasks.size(); ++k)
    index["tasks"].push_back(
        {{"label", atlas.tasks[k].label}, {"folder", numbered_folder(k, atlas.tasks[k].label, "-")}});
  return index;
}

Json atlas_index_from_json(const std::string& text, const std::string& where) {
  try {
    Json index = Json::parse(text);
    for (const auto& task : index.at("tasks"))
      (void)task.at("folder").get<std::string>(), (void)task.at("label").get<std::string>();
    return index;
  } catch (const Json::exception&) {
    throw InputError(fmt::format("{}: not an atlas description", where));
  }
}

std::string atlas_plan(const fs::path& file, const Catalog& catalog) {
  const Atlas atlas = read_atlas(file, catalog);
  std::string text = fmt::format("{:<16} {:<12} {:<14} {:>13} {:>13} {:>5}\n", "task", "encoding", "value",
                                 "genome_params", "genome_bits", "runs");
  std::size_t runs = 0;
  for (const auto& t : atlas.tasks)
    for (std::size_t i = 0; i < t.vary.values.size(); ++i) {
      const GenomeSizes sizes =
          genome_sizes(nature_scenario(sweep_value(t.base, t.vary, i, catalog), catalog), catalog);
      text += fmt::format("{:<16} {:<12} {:<14} {:>13} {:>13} {:>5}\n", t.label, sizes.name, t.vary.values[i],
                          sizes.genome_params, format_number(sizes.genome_bits), atlas.replicates);
      runs += static_cast<std::size_t>(atlas.replicates);
    }
  return text + fmt::format("{} runs ({} tasks, seeds {} to {})\n", runs, atlas.tasks.size(), atlas.seed,
                            atlas.seed + static_cast<std::uint64_t>(atlas.replicates) - 1);
}

}  // namespace innate
