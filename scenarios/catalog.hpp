#pragma once
// Every built-in task, encoding, optimizer and lifetime, and the built-in scenarios.
#include <string>

#include "engine/components.hpp"

namespace innate {

const Catalog& builtin_catalog();

// The scenario `innate run` uses when given none, as TOML text, and its name.
const std::string& default_scenario_text();
inline constexpr const char* kDefaultScenarioName = "fmnist_demo";

}  // namespace innate
