#pragma once
// An optimizer of the catalog searching plain real vectors: what drives innate.Optimizer
// from Python and the ask/tell benchmark, outside any scenario. The vector is its own
// phenotype; generation g's population comes from the engine's keyed streams, as in a run.
#include <Eigen/Core>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/components/components.hpp"

namespace innate {

// `dim` real genes starting at x0, spread around it by `spread` when initialised (a GA's
// first population; 0 for a strategy whose mean starts at x0).
class VectorGenome final : public Encoding {
 public:
  VectorGenome(Eigen::VectorXf x0, double spread) : x0_(std::move(x0)), spread_(spread) {}
  std::string name() const override { return "vector"; }
  std::size_t genome_size() const override { return static_cast<std::size_t>(x0_.size()); }
  double genome_bits() const override { return 32.0 * double(x0_.size()); }
  GeneDomain domain() const override { return {}; }
  void initialise(std::span<float> genome, Rng& rng) const override;
  std::size_t phenotype_size() const override { return genome_size(); }
  void decode(GenomeView genome, std::span<float> phenotype, Rng& birth) const override;

 private:
  Eigen::VectorXf x0_;
  double spread_;
};

struct VectorSearchSettings {
  std::string kind;  // an optimizer of the catalog
  std::size_t dim = 0;
  std::optional<std::size_t> popsize;  // none: the entry's default_population, else 100
  std::optional<double> sigma;         // the optimizer's `sigma` key, or the GA's spread (0.1)
  std::uint64_t seed = 0;
  std::optional<Eigen::VectorXf> x0;  // none: zeros
  std::vector<std::string> sets;      // "optimizer.key=literal" for its other keys
};

struct VectorSearch {
  std::shared_ptr<const VectorGenome> genome;  // outlives the optimizer that refers to it
  std::unique_ptr<Optimizer> optimizer;
  std::size_t popsize = 0;
};

// Throws InputError (an unknown kind, a bad key, sizes that disagree, a non-finite value).
VectorSearch make_vector_search(const VectorSearchSettings& settings, const Catalog& catalog);

// The catalog's optimizer `kind`, or InputError naming the nearest and all known.
const OptimizerEntry& optimizer_entry(const Catalog& catalog, const std::string& kind);

}  // namespace innate
