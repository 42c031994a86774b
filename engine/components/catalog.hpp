#pragma once
// The catalog: every component's constructor by the name a scenario gives it, the
// scenario schema it implies, and what binding a scenario needs from it.
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/components/encoding.hpp"
#include "engine/components/lifetime.hpp"
#include "engine/components/measures.hpp"
#include "engine/components/optimizer.hpp"
#include "engine/components/task.hpp"
#include "engine/formats/config.hpp"

namespace innate {

template <class Product, class... Args>
struct Entry {
  Choice choice;  // name, summary, keys
  std::function<std::unique_ptr<Product>(const Section&, Args...)> make;
};

using EncodingEntry = Entry<Encoding, const EncodingContext&>;
using LifetimeEntry = Entry<Lifetime, const EncodingContext&, const Encoding&>;
struct OptimizerEntry : Entry<Optimizer, const OptimizerContext&> {
  // The population the method's authors recommend for `genes` genes, for callers that set
  // none (the Python API's popsize=None); null: run.population's default.
  std::function<std::size_t(std::size_t genes)> default_population = {};
  // Bytes of state beyond the population matrices (engine/run/memory.hpp); null: none.
  std::function<double(std::size_t genes, std::size_t population)> state_bytes = {};
};

struct TaskEntry : Entry<Task, const TaskContext&> {
  Measures measures;
  // Where what a task measures depends on its section (a score for each named test
  // body): `measures` with the section's additions. Unset: `measures` as declared.
  std::function<Measures(const Section& task, Measures declared)> measures_for = {};
  // The input layer's grid (height, width) when the task's inputs are images, read from
  // its section and checked against the network; null or empty: not a grid.
  std::function<std::vector<int>(const Section& task, const std::optional<MlpShape>& network)> input_grid = {};
};

LifetimeEntry no_lifetime_entry();

struct Catalog {
  std::vector<TaskEntry> tasks;
  std::vector<EncodingEntry> encodings;
  std::vector<OptimizerEntry> optimizers;
  std::vector<LifetimeEntry> lifetimes;

  // The scenario schema: [task] name, [genome] encoding, [network] kind,
  // [optimizer] kind, [lifetime] kind, and the engine's [run] keys.
  Schema schema() const;
};

// The network and input layout a resolved scenario describes, for its encoding.
EncodingContext encoding_context(const Scenario& scenario, const Catalog& catalog);
// The scenario's task entry (its declarations), and its declared measures.
const TaskEntry& task_entry(const Scenario& scenario, const Catalog& catalog);
Measures task_measures(const Scenario& scenario, const Catalog& catalog);

// Builds the scenario's encoding and lifetime (used by the run loop and `innate info`).
std::unique_ptr<Encoding> make_encoding(const Scenario& scenario, const Catalog& catalog);
std::unique_ptr<Lifetime> make_lifetime(const Scenario& scenario, const Catalog& catalog, const Encoding& encoding);

// What `innate info` reports: the searched genome's name and sizes, built without running.
struct GenomeSizes {
  std::string name;
  std::size_t genome_params = 0, rule_params = 0;  // rule_params: the lifetime's share
  double genome_bits = 0.0;
  std::optional<std::size_t> network_params;   // when the encoding decodes to a network
  std::optional<double> compression() const {  // network weights per genome parameter
    if (!network_params) return std::nullopt;
    return static_cast<double>(*network_params) / static_cast<double>(genome_params);
  }
};
GenomeSizes genome_sizes(const Scenario& scenario, const Catalog& catalog);

// Finds the entry `name` (validated by the schema before this is called).
template <class E>
const E& find_entry(const std::vector<E>& entries, const std::string& name) {
  for (const auto& e : entries)
    if (e.choice.name == name) return e;
  throw std::logic_error("find_entry(): '" + name + "' is not in the catalog");
}

}  // namespace innate
