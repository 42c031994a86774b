#pragma once
// The compiled half of the Python package (innate._core): thin bindings over the engine.
// The Pythonic API (keyword arguments, paths or TOML text, dicts of overrides, result
// directories read into numpy) is python/innate/; these functions take plain values.
#include <pybind11/pybind11.h>

#include <optional>
#include <string>
#include <vector>

#include "engine/formats/config.hpp"

namespace innate::python {

namespace py = pybind11;

// A scenario as Python names it: a file (`path`) or TOML text, with "section.key=literal"
// overrides, resolved against the built-in catalog as `innate run` resolves it.
struct ScenarioSource {
  std::string path;                 // empty: `text` is the scenario
  std::optional<std::string> text;  // TOML text; run.name defaults to "scenario"
  std::vector<std::string> sets;
  Scenario resolve() const;
};

void bind_scenarios(py::module_& m);     // run, sweep, resume, info, catalog, decode, read_genome
void bind_optimizer(py::module_& m);     // Optimizer
void bind_environments(py::module_& m);  // Environment

}  // namespace innate::python
