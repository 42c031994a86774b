#pragma once
// Optimizer: ask/tell search over a population of genomes, checkpointed through cereal.
#include <Eigen/Core>

#include <cstdint>
#include <optional>
#include <span>

#include "engine/base/genome.hpp"
#include "engine/components/budget.hpp"
#include "engine/components/encoding.hpp"
#include "engine/nn/mlp.hpp"

namespace cereal {
class PortableBinaryOutputArchive;
class PortableBinaryInputArchive;
}  // namespace cereal

namespace innate {

class Supervision;

// Ask/tell search over genome vectors. ask() must be a pure function of the optimizer's
// state and the generation, so a checkpointed optimizer resumes exactly.
class Optimizer {
 public:
  virtual ~Optimizer() = default;
  virtual const Population& ask(std::uint64_t generation) = 0;
  // Scores of the population from the last ask(); non-finite scores rank worst.
  virtual void tell(std::span<const double> scores) = 0;
  // The genome the search recommends now: the best of the last scored population for a
  // GA, the distribution's mean for an evolution strategy. (Eigen storage: aligned the
  // same way in every run, so what is computed from it has the same bits.)
  virtual Eigen::VectorXf recommendation() const = 0;
  // What the optimizer's own work (beyond the run loop's evaluations) consumed to produce
  // the current genome: the gradient steps of a genome fitting. Nothing by default.
  virtual Budget consumed() const { return {}; }
  virtual void save(cereal::PortableBinaryOutputArchive& archive) const = 0;
  virtual void load(cereal::PortableBinaryInputArchive& archive) = 0;
};

struct OptimizerContext {
  const Encoding& encoding;  // the searched genome (a GenomeLayout)
  std::size_t population;
  std::uint64_t seed;
  std::uint64_t generations = 0;             // run.generations, for optimizers with a schedule
  const Supervision* supervision = nullptr;  // the task's labelled examples, if it offers any
  std::optional<MlpShape> network = {};      // the network the genome decodes into, if any
};

}  // namespace innate
