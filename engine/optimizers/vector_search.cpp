#include "engine/optimizers/vector_search.hpp"

#include <fmt/format.h>
#include <boost/random/normal_distribution.hpp>

#include <algorithm>
#include <cmath>

#include "engine/base/error.hpp"
#include "engine/base/text.hpp"

namespace innate {

void VectorGenome::initialise(std::span<float> genome, Rng& rng) const {
  boost::random::normal_distribution<double> normal;
  for (std::size_t i = 0; i < genome.size(); ++i) {
    const auto x = static_cast<double>(x0_[Eigen::Index(i)]);
    genome[i] = spread_ > 0 ? static_cast<float>(x + spread_ * normal(rng)) : x0_[Eigen::Index(i)];
  }
}

void VectorGenome::decode(GenomeView genome, std::span<float> phenotype, Rng&) const {
  std::copy(genome.begin(), genome.end(), phenotype.begin());
}

const OptimizerEntry& optimizer_entry(const Catalog& catalog, const std::string& kind) {
  std::vector<std::string> names;
  for (const auto& e : catalog.optimizers) {
    if (e.choice.name == kind) return e;
    names.push_back(e.choice.name);
  }
  const std::string near = nearest(kind, names);
  throw InputError(fmt::format("Optimizer: unknown kind '{}'{}; known: {}", kind,
                               near.empty() ? "" : fmt::format(" (did you mean '{}'?)", near), fmt::join(names, ", ")));
}

VectorSearch make_vector_search(const VectorSearchSettings& s, const Catalog& catalog) {
  const OptimizerEntry& entry = optimizer_entry(catalog, s.kind);
  if (s.dim < 1) throw InputError("Optimizer: dim must be at least 1");
  if (s.x0 && static_cast<std::size_t>(s.x0->size()) != s.dim)
    throw InputError(fmt::format("Optimizer: x0 has {} values, dim is {}", s.x0->size(), s.dim));
  if (s.x0 && !s.x0->allFinite()) throw InputError("Optimizer: x0 holds a non-finite value");
  if (s.sigma && !(std::isfinite(*s.sigma) && *s.sigma > 0))
    throw InputError("Optimizer: sigma must be finite and positive");
  // sigma is the optimizer's own key where it has one; otherwise (the GA) the spread of
  // its first population around x0.
  const bool own_sigma = std::any_of(entry.choice.keys.begin(), entry.choice.keys.end(),
                                     [](const KeySpec& k) { return k.name == "sigma"; });
  std::vector<std::string> sets = s.sets;
  if (own_sigma && s.sigma) sets.push_back(fmt::format("optimizer.sigma={}", format_number(*s.sigma)));
  VectorSearch out;
  out.popsize = s.popsize.value_or(entry.default_population ? entry.default_population(s.dim) : 100);
  if (out.popsize < 1) throw InputError("Optimizer: popsize must be at least 1");
  sets.push_back(fmt::format("optimizer.kind=\"{}\"", s.kind));
  const Scenario scenario = Scenario::from_text("", "innate.Optimizer", sets, catalog.schema());
  auto genome = std::make_shared<VectorGenome>(s.x0 ? *s.x0 : Eigen::VectorXf::Zero(Eigen::Index(s.dim)),
                                               own_sigma ? 0.0 : s.sigma.value_or(0.1));
  out.optimizer = entry.make(scenario.section("optimizer"), OptimizerContext{*genome, out.popsize, s.seed});
  out.genome = std::move(genome);
  return out;
}

}  // namespace innate
