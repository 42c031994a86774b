#pragma once
// Genetic algorithm: fitness-proportional or tournament parents, single-point or uniform
// crossover, per-locus mutation, optional elitism. With the defaults it is the GA of
// Hinton & Nowlan (1987): each offspring from its own pair of fitness-proportional
// parents, one crossover point, no mutation.
#include <vector>

#include "engine/components/components.hpp"

namespace innate {

struct GaSettings {
  enum class Selection { proportional, tournament };
  enum class Crossover { single_point, uniform, none };
  Selection selection = Selection::proportional;
  int tournament_size = 2;
  Crossover crossover = Crossover::single_point;
  double crossover_rate = 1.0;
  double mutation_rate = 0.0;   // per locus
  double mutation_sigma = 0.1;  // Gaussian step for real-valued genes
  int elite = 0;                // best individuals copied unchanged
};

class GeneticAlgorithm final : public Optimizer {
 public:
  GeneticAlgorithm(const GaSettings& settings, const OptimizerContext& context);

  const Population& ask(std::uint64_t generation) override;
  void tell(std::span<const double> scores) override;
  Eigen::VectorXf recommendation() const override;
  void save(cereal::PortableBinaryOutputArchive& archive) const override;
  void load(cereal::PortableBinaryInputArchive& archive) override;

  static OptimizerEntry entry();

 private:
  std::size_t pick_parent(Rng& rng) const;
  void breed(std::uint64_t generation);

  GaSettings settings_;
  const Encoding& encoding_;
  std::uint64_t seed_;
  Population population_;
  Population next_;
  std::vector<double> scores_;      // of population_, non-finite replaced by -inf
  std::vector<double> cumulative_;  // selection weights, running sum
  bool initialised_ = false;
  bool told_ = false;
};

}  // namespace innate
