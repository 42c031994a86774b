#pragma once
// Genome fitting by gradient for the image task, as optimizers of one genome:
//   intermittent  Shuvaev et al.'s "Algorithm 1": each iteration trains the network
//                 `batches` Adam steps on the images, fits the genome by MSE regression to
//                 random samples of the trained weights (`samples` per weight layer, one
//                 pass) and to every bias (`bias_passes` passes), batches of `fit_batch`,
//                 Adam; then regenerates the network from the genome. The genome's step
//                 size can be annealed (cosine) to `fit_anneal` of its start by the last
//                 iteration, so the genome settles instead of chasing each iteration's
//                 freshly trained weights.
//   gradient      end to end: each iteration takes `batches` Adam steps on the genome
//                 with the classification loss carried back through the decoder.
// Each ask() runs one iteration and returns the genome (population 1); the run loop
// scores it (the task's evaluation) and writes the row.
#include "engine/adam.hpp"
#include "engine/components.hpp"
#include "scenarios/images/classify.hpp"

namespace innate {

struct FitSettings {
  bool end_to_end = false;
  int batches = 100;
  std::vector<std::int64_t> samples{100000, 10000};
  int bias_passes = 3;
  int fit_batch = 1000;
  double fit_learning_rate = 1e-3;
  double fit_anneal = 1.0;  // the last iteration's step size / fit_learning_rate (cosine; 1 = constant)
  std::uint64_t iterations = 0;  // the run's iterations (run.generations), for the schedule
  double network_learning_rate = 1e-3;  // Adam step of the network's training (intermittent)
};

// The step size of iteration `iteration` (1 ... iterations): `start` at the first,
// start * final_fraction at the last, on a half cosine between.
double cosine_annealed(double start, double final_fraction, std::uint64_t iteration, std::uint64_t iterations);

class GenomeFitting final : public Optimizer {
 public:
  GenomeFitting(const FitSettings& settings, const ImageTask& task, const OptimizerContext& context);

  const Population& ask(std::uint64_t generation) override;
  void tell(std::span<const double>) override {}
  Eigen::VectorXf recommendation() const override { return genome_; }
  void save(cereal::PortableBinaryOutputArchive& archive) const override;
  void load(cereal::PortableBinaryInputArchive& archive) override;

  static OptimizerEntry entry(bool end_to_end);

 private:
  void intermittent_iteration(std::uint64_t generation);
  void end_to_end_iteration(std::uint64_t generation);

  FitSettings settings_;
  const ImageTask& task_;
  std::uint64_t seed_;
  Eigen::VectorXf genome_, params_;
  Adam<float> adam_;  // the genome's
  bool initialised_ = false;
  Population population_;
  std::vector<std::size_t> biases_;  // the network's bias entries, all fitted each iteration
  std::vector<std::size_t> sample_;  // this iteration's sampled weight entries (reused)
};

}  // namespace innate
