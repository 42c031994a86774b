#pragma once
// Fitting one genome by gradient on the labelled examples a task offers (Supervision),
// as optimizers like the others: ask() returns the current genome (pure), the run loop
// scores it, and tell() does the iteration that yields the next genome.
//   intermittent  Shuvaev et al.'s "Algorithm 1", Lamarckian: train the network
//                 `batches` steps on the data (nurture), regress the genome by MSE onto
//                 random samples of the trained weights (`samples` per weight layer, one
//                 pass) and onto every bias (`bias_passes` passes), batches of
//                 `fit_batch`, Adam (the learned weights written back into the genome),
//                 then regenerate the network from the genome. Each part of the genome
//                 (a g-net, a bias net) has its own Adam, stepped only by the batches
//                 that reach it, as one PyTorch optimizer per g-net: one Adam over the
//                 whole genome (genome_adam = "shared") moves every part on its
//                 momentum at every step, fitted or not. The network learns on from
//                 one regeneration to the next (the first iteration from a standard
//                 init).
//   gradient      end to end: `batches` Adam steps on the genome with the task's loss
//                 carried back through the decoder.
// Both step the genome at fit_learning_rate, raised linearly over the first `fit_warmup`
// iterations and annealed on a half cosine to `fit_anneal` of it by the last.
// quantise_bits = b (1 to 16) fits quantisation-aware: every decode (and the genome
// scored) is the genome stored at b bits a gene (engine/information/quantise.hpp), its
// gradient applied to the float genes beneath (straight through), so what is fitted is
// what a b-bit genome can hold.
// The last generation's tell does nothing: no genome follows it, and the genome it
// scored is the result.
#include "engine/components/components.hpp"
#include "engine/components/supervision.hpp"
#include "engine/nn/adam.hpp"

namespace innate {

struct FitSettings {
  int batches = 100;
  double fit_learning_rate = 1e-3;
  double fit_anneal = 1.0;  // the last iteration's step size / fit_learning_rate (cosine; 1 = constant)
  int fit_warmup = 0;       // iterations over which the step size rises linearly to its schedule (0 = none)
  // intermittent only
  std::vector<std::int64_t> samples{100000, 10000};
  int bias_passes = 3;
  int fit_batch = 1000;
  double network_learning_rate = 1e-3;  // Adam step of the network's training
  bool adam_per_part = true;            // one Adam per genome part (Encoding::genome_parts), or one for all
  int quantise_bits = 0;                // 0: float genome; 1-16: quantisation-aware
};

// The step size of iteration `iteration` (1 ... iterations): `start` at the first,
// start * final_fraction at the last, on a half cosine between.
double cosine_annealed(double start, double final_fraction, std::uint64_t iteration, std::uint64_t iterations);

// The genome's step size in iteration `iteration` of `iterations`: the cosine schedule,
// times iteration / fit_warmup during the warm-up (a decoded start whose first full-size
// steps would kill the network's hidden units takes small ones until it has left it).
double genome_step_size(const FitSettings& settings, std::uint64_t iteration, std::uint64_t iterations);

// What both share: one genome (population 1), its Adam, the schedule.
class GenomeFitting : public Optimizer {
 public:
  GenomeFitting(const FitSettings& settings, const OptimizerContext& context, const char* kind);

  const Population& ask(std::uint64_t generation) override;
  void tell(std::span<const double> scores) override;
  Eigen::VectorXf recommendation() const override;  // the genome as decoded (quantised where fitted so)
  // The iterations that produced the current genome, `batches` steps on the data each.
  Budget consumed() const override;
  void save(cereal::PortableBinaryOutputArchive& archive) const override;
  void load(cereal::PortableBinaryInputArchive& archive) override;

 protected:
  // One iteration (1 ... iterations): genome_ becomes the next genome.
  virtual void iterate(std::uint64_t iteration) = 0;
  virtual void save_more(cereal::PortableBinaryOutputArchive&) const {}
  virtual void load_more(cereal::PortableBinaryInputArchive&) {}
  // The genome every decode sees: the float genes, or their b-bit version (recomputed from
  // the float genes at each call, as they move every step).
  GenomeView genome();
  void quantised_into(Eigen::VectorXf& out) const;  // the float genes stored at quantise_bits

  FitSettings settings_;
  const Encoding& encoding_;
  const Supervision& data_;
  MlpShape network_;
  std::uint64_t seed_, iterations_, generation_ = 0;
  Eigen::VectorXf genome_;
  Adam<float> adam_;

 private:
  Population population_;
  std::vector<Encoding::Part> tensors_;  // what quantisation ranges over
  Eigen::VectorXf quantised_;
};

class Intermittent final : public GenomeFitting {
 public:
  Intermittent(const FitSettings& settings, const OptimizerContext& context);
  static OptimizerEntry entry();

  // What iteration `iteration` (1 ...) draws, for a reference transcription to replay:
  // the training examples of its network steps, in order, and the weight entries it
  // regresses, one list per weight layer.
  std::vector<std::size_t> training_examples(std::uint64_t iteration) const;
  Rng data_order(std::uint64_t iteration) const;  // the stream the examples are drawn from
  std::vector<std::vector<std::size_t>> weight_samples(std::uint64_t iteration) const;
  // The network as the current iteration's training left it / as regenerated.
  std::span<const float> network() const { return {params_.data(), static_cast<std::size_t>(params_.size())}; }

 private:
  void iterate(std::uint64_t iteration) override;
  void regress(const std::vector<std::size_t>& entries, double learning_rate, Rng& birth);
  void step_parts(std::span<const std::size_t> entries, double learning_rate);
  void save_more(cereal::PortableBinaryOutputArchive& archive) const override;
  void load_more(cereal::PortableBinaryInputArchive& archive) override;

  std::vector<Encoding::Part> parts_;  // with genome_adam = "shared": one, the whole genome
  std::vector<Adam<float>> part_adams_;
  std::vector<char> reached_;        // the parts this batch reaches (reused)
  Eigen::VectorXf params_;           // the network, learning on between regenerations
  std::vector<std::size_t> biases_;  // the network's bias entries, all fitted each iteration
  std::vector<float> values_, grads_;
  Eigen::VectorXf grad_;
};

class Gradient final : public GenomeFitting {
 public:
  Gradient(const FitSettings& settings, const OptimizerContext& context);
  static OptimizerEntry entry();

 private:
  void iterate(std::uint64_t iteration) override;
  Eigen::VectorXf params_, grad_params_, grad_;
};

}  // namespace innate
