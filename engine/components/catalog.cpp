#include <fmt/format.h>

#include "engine/base/error.hpp"
#include "engine/components/catalog.hpp"
#include "engine/components/run_settings.hpp"

namespace innate {
namespace {

template <class E>
std::vector<Choice> choices(const std::vector<E>& entries) {
  std::vector<Choice> out;
  for (const auto& e : entries) out.push_back(e.choice);
  return out;
}

// [network]: the phenotype network an encoding decodes into. A scenario without the
// section has none (kind = "none"); with it, an MLP.
SectionSpec network_section() {
  return {"network",
          "kind",
          "mlp",
          {},
          {{"mlp",
            "multilayer perceptron, float32",
            {{"layers", "[]", "units per layer, input first (at least two)"},
             {"activation", "\"relu\"", "hidden-layer activation: relu, tanh, sigmoid, linear, sin, gaussian, abs"},
             {"output_activation", "\"linear\"", "output-layer activation (linear: logits or raw actions)"}}},
           {"none", "no network: the genome is the phenotype (e.g. alleles)", {}}},
          "none"};
}

}  // namespace

Schema Catalog::schema() const {
  auto first = [](const auto& entries) { return entries.empty() ? std::string{} : entries.front().choice.name; };
  return {
      {"task", "name", first(tasks), {}, choices(tasks)},
      {"genome", "encoding", first(encodings), {}, choices(encodings)},
      network_section(),
      {"optimizer", "kind", first(optimizers), {}, choices(optimizers)},
      {"lifetime", "kind", "none", {}, choices(lifetimes)},
      {"run", "", "", run_keys(), {}},
  };
}

const TaskEntry& task_entry(const Scenario& scenario, const Catalog& catalog) {
  return find_entry(catalog.tasks, scenario.section("task").text("name"));
}

Measures task_measures(const Scenario& scenario, const Catalog& catalog) {
  const TaskEntry& entry = task_entry(scenario, catalog);
  return entry.measures_for ? entry.measures_for(scenario.section("task"), entry.measures) : entry.measures;
}

EncodingContext encoding_context(const Scenario& scenario, const Catalog& catalog) {
  EncodingContext context;
  const Section network = scenario.section("network");
  if (network.text("kind") == "mlp") {
    MlpShape shape;
    for (auto n : network.integers("layers", 1, 100'000'000)) shape.sizes.push_back(static_cast<int>(n));
    if (shape.sizes.size() < 2) network.fail("layers", "the units of every layer, input first (at least two layers)");
    const auto hidden = parse_activation(network.choice("activation", activation_names()));
    const auto output = parse_activation(network.choice("output_activation", activation_names()));
    for (std::size_t k = 0; k + 1 < shape.sizes.size(); ++k)
      shape.activations.push_back(k + 2 == shape.sizes.size() ? output : hidden);
    context.network = std::move(shape);
  }
  if (const auto& grid = task_entry(scenario, catalog).input_grid)
    context.input_grid = grid(scenario.section("task"), context.network);
  return context;
}

std::unique_ptr<Encoding> make_encoding(const Scenario& scenario, const Catalog& catalog) {
  const Section genome = scenario.section("genome");
  return find_entry(catalog.encodings, genome.text("encoding")).make(genome, encoding_context(scenario, catalog));
}

std::unique_ptr<Lifetime> make_lifetime(const Scenario& scenario, const Catalog& catalog, const Encoding& encoding) {
  const Section lifetime = scenario.section("lifetime");
  return find_entry(catalog.lifetimes, lifetime.text("kind"))
      .make(lifetime, encoding_context(scenario, catalog), encoding);
}

GenomeSizes genome_sizes(const Scenario& scenario, const Catalog& catalog) {
  const auto encoding = make_encoding(scenario, catalog);
  const auto lifetime = make_lifetime(scenario, catalog, *encoding);
  const GenomeLayout genome(*encoding, *lifetime);
  return {genome.name(), genome.genome_size(), lifetime->genome_size(), genome.genome_bits(), genome.network_params()};
}

}  // namespace innate
