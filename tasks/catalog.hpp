#pragma once
// Every built-in task, encoding, optimizer and lifetime, and the built-in scenarios.
#include <string>
#include <vector>

#include "engine/components/components.hpp"

namespace innate {

const Catalog& builtin_catalog();

// The scenario `innate run` uses when given none, as TOML text, and its name.
const std::string& default_scenario_text();
inline constexpr const char* kDefaultScenarioName = "fmnist_demo";

// A scenario file (empty `path`: the built-in default) resolved against the built-in
// catalog with overrides `sets` ("section.key=TOML literal"); an empty run.name becomes
// the file's stem. Throws InputError.
Scenario load_scenario(const std::string& path, const std::vector<std::string>& sets);
// The same from TOML text (`origin` names it in messages); an empty run.name becomes `stem`.
Scenario load_scenario_text(const std::string& text, const std::string& origin, const std::string& stem,
                            const std::vector<std::string>& sets);

}  // namespace innate
