#pragma once
// Nature vs nurture on images (registered as "images"). The genome decodes into a
// classifier; an evaluation is its accuracy on `eval_images` training images (what an
// evolution strategy selects on, and what a fitting run reports per iteration): the first
// ones, or with `fitness_images = "generation"` a sample drawn afresh each generation and
// shared by all its individuals. With lifetime.kind = "learning" the network first
// trains on the training set (its minibatches shared by the generation too) and the
// trained network is scored (Baldwinian); the genome is unchanged.
// The task offers its training set and loss to optimizers that fit by gradient
// (Supervision). The final genome is scored as the arms of docs/science.md, on the
// validation set and, once, on the test set:
//   chance      1 / classes
//   innate      the decoded network, no learning
//   hot_start   the decoded network after `nurture_steps` Adam steps on the training set
//   cold_start  the same network from random init after the same steps
//   direct      from random init, trained to convergence: epochs until `direct_patience`
//               in a row do not beat the best validation accuracy (at most
//               `direct_epochs`), kept at the best; its budget counts every epoch trained
// curve.csv holds hot and cold start on validation at `curve_points` log-spaced points
// of the nurture budget (and at 0); the data equivalent is read from its cold start.
// innate_network.cereal and direct_network.cereal keep both networks.
#include <oneapi/tbb/enumerable_thread_specific.h>

#include <optional>

#include "engine/components/components.hpp"
#include "engine/components/supervision.hpp"
#include "tasks/images/dataset.hpp"
#include "tasks/supervised/training.hpp"

namespace innate {

// The training steps at which curve.csv scores the hot and cold starts: 0, then
// min(points, budget) distinct, roughly log-spaced steps ending at `budget`.
std::vector<int> curve_steps(int budget, int points);

struct ImageSettings {
  int eval_images = 2000;
  int nurture_steps = 600;  // one epoch of Fashion-MNIST at batch 100
  int direct_epochs = 200;
  int direct_patience = 5;
  int curve_points = 20;
  bool fitness_per_generation = false;  // fitness_images = "generation"
  TrainSettings training;               // batch, learning rate of every training in the task
};

class ImagesTask final : public Task, public Supervision {
 public:
  // `learning_steps`: the minibatch steps of the lifetime's learning in an evaluation.
  ImagesTask(MlpShape network, Split data, ImageSettings settings, std::uint64_t learning_steps = 0);

  double evaluate(const Individual& individual, const Draws& draws, std::span<double> metrics) const override;
  Budget evaluation_cost(std::span<const double> metrics) const override;
  FinalScores final_scores(const Individual& individual, const Budget& run, std::uint64_t seed,
                           const std::filesystem::path& dir) const override;
  const Supervision* supervision() const override { return this; }
  std::vector<InputFile> inputs() const override { return data_.read; }
  bool scores_validation() const override { return data_.validation.size() > 0; }
  // The decoded network's accuracy on the validation images, after the lifetime's
  // learning where it has one (Baldwin: the genome is kept for how well it learns).
  double validation_score(const Individual& individual, std::uint64_t seed) const override;
  Budget validation_cost() const override { return life_cost(); }
  ScoreInterval validation_interval(const Individual& individual, std::uint64_t seed) const override;  // binomial

  // Supervision: the training set, softmax cross-entropy, the task's trainer and batch.
  void train(std::span<float> params, double learning_rate, std::size_t steps, Rng& order) const override;
  std::vector<std::size_t> training_examples(std::size_t steps, Rng order) const override;
  double gradient(std::span<const float> params, Rng& order, std::span<float> grad) const override;
  Budget step_cost() const override;

  static TaskEntry entry();

 private:
  // Hot and cold start: the same nurture budget, batches in the same order, from the
  // innate network and from a random init, scored on validation at log-spaced points
  // (what the data equivalent is read from); curve.csv's text.
  struct Starts {
    Eigen::VectorXf hot, cold;
    std::vector<double> examples, cold_curve;
    std::string curve;
  };
  Starts train_from_starts(const Eigen::VectorXf& innate, const Eigen::VectorXf& random_init, std::uint64_t seed) const;

  // The direct arm: the network trained from `random_init` (seed `seed`'s) with early
  // stopping on validation, and the steps it took. It depends on the seed, the network,
  // the training settings and the data, never on the genome: one process (a sweep, an
  // atlas) trains it once per seed and shares it (computed_once).
  struct Direct {
    Eigen::VectorXf params;
    std::size_t steps = 0;
  };
  Direct direct_arm(const Eigen::VectorXf& random_init, std::uint64_t seed) const;

  // The individual's network as born from `birth`, after its lifetime's learning (its
  // minibatches drawn from `order`) where it learns; in this thread's buffer.
  std::span<float> live(const Individual& individual, Rng& birth, Rng order) const;
  // What one life's learning consumes: its minibatch steps.
  Budget life_cost() const { return step_cost().times(learning_steps_); }

  MlpShape network_;
  Split data_;
  // The images an evaluation of `generation` scores: eval_ or this generation's sample.
  const Dataset& fitness_images(const Draws& draws) const;

  Dataset eval_;  // the first eval_images training images
  ImageSettings settings_;
  std::uint64_t learning_steps_;
  struct Sample {  // per thread: the last generation's sample, drawn once for all its individuals
    std::optional<std::pair<std::uint64_t, std::uint64_t>> key;  // Draws::common_key() it was drawn for
    Dataset images;
    std::vector<Eigen::Index> order;
  };
  mutable tbb::enumerable_thread_specific<Sample> samples_;
  mutable tbb::enumerable_thread_specific<Eigen::VectorXf> params_;         // per thread: decoded network
  mutable tbb::enumerable_thread_specific<MinibatchGradient> minibatches_;  // per thread: gradient()'s buffers
};

}  // namespace innate
