#pragma once
// Supervised training of a network on labelled examples: softmax cross-entropy on linear outputs,
// minibatch Adam or SGD, accuracy. A batch runs as one forward/backward pass whose
// layers are split into fixed blocks of units, run in parallel (engine/nn/mlp.hpp), so
// training gives the same bytes for any thread count.
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "engine/base/rng.hpp"
#include "engine/formats/config.hpp"
#include "engine/nn/adam.hpp"
#include "engine/nn/mlp.hpp"
#include "tasks/supervised/labelled_data.hpp"

namespace innate {

// Mean cross-entropy of softmax(logits) (classes x batch) against labels; writes
// dLoss/dlogits = (softmax - onehot) / batch into `grad`.
double softmax_cross_entropy(const Matrix& logits, std::span<const int> labels, Matrix& grad);

// Fraction of `data` classified right (argmax of the outputs).
double accuracy(const MlpShape& shape, std::span<const float> params, const Dataset& data);

struct TrainSettings {
  std::string method = "adam";  // "adam" or "sgd"
  double learning_rate = 1e-3;
  int batch = 100;
  double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
  int row_block = 64;  // units per parallel block of a layer (fixed: results do not depend on threads)
};

// The [task] keys of every task that trains networks by minibatch (trainer, batch,
// learning_rate) and the settings they give.
std::vector<KeySpec> training_keys();
TrainSettings read_training(const Section& task);

// What a network trained from `seed` on `data` depends on, beyond the steps: its shape,
// the training settings and the data's content (fingerprint()), as a key for
// computed_once (engine/base/memo.hpp).
std::string training_key(const MlpShape& shape, const TrainSettings& training, const Dataset& data, std::uint64_t seed);

// Supervision::gradient() of a classifier on `data`: `training.batch` examples drawn with
// replacement from `order`, softmax cross-entropy, dLoss/dParams added to `grad`; returns
// the mean loss. The layers run in the trainer's fixed row blocks across the threads (an
// end-to-end fit calls this from one thread, so one object's buffers are its alone).
struct MinibatchGradient {
  double operator()(const MlpShape& shape, std::span<const float> params, const Dataset& data,
                    const TrainSettings& training, Rng& order, std::span<float> grad);
  Matrix x, grad_out;  // kept between calls: no allocation per step
  std::vector<std::size_t> columns;
  std::vector<int> labels;
  MlpWorkspace ws;
};

// Writes innate_network.cereal and, unless `direct` is empty, direct_network.cereal into
// the run directory `dir` (cereal portable binary, tagged network/<layer sizes>).
void save_networks(const std::filesystem::path& dir, const MlpShape& shape, std::span<const float> innate,
                   std::span<const float> direct);

// Where a trainer's time went, summed over its steps (seconds; a few clock reads a step).
struct StepProfile {
  double gather = 0, forward = 0, loss = 0, backward = 0, update = 0;
};

// Minibatches of a set of `examples` drawn without replacement, reshuffled (Fisher-Yates)
// at each epoch: the order every training of the tasks sees.
class EpochOrder {
 public:
  void next(std::size_t examples, Rng& rng, std::span<std::size_t> batch);

 private:
  std::vector<std::size_t> order_;  // the current epoch's shuffled order
  std::size_t cursor_ = 0;
};

// The example indices of `steps` batches of `batch` from a fresh EpochOrder on `order`:
// what Trainer::train with these arguments sees (Supervision::training_examples).
std::vector<std::size_t> epoch_batches(std::size_t examples, std::size_t batch, std::size_t steps, Rng order);

// First-order optimizer state on a flat parameter vector.
class Trainer {
 public:
  Trainer(const MlpShape& shape, TrainSettings settings);

  // One minibatch step on the columns `batch` of `data`; returns the batch's mean loss.
  double step(std::span<float> params, const Dataset& data, std::span<const std::size_t> batch);
  // `steps` minibatches drawn without replacement (reshuffled each epoch) from `rng`.
  void train(std::span<float> params, const Dataset& data, std::size_t steps, Rng& rng);

  const StepProfile& profile() const { return profile_; }

  // What train_early_stopping did: steps trained (its budget, the epochs after the best
  // included), the best epoch (0: the start) and its validation accuracy.
  struct Stopped {
    std::size_t steps = 0;
    int best_epoch = 0;
    double best_validation = 0;
  };
  // Epochs of data.size() / batch steps, at most `max_epochs`, each followed by the
  // accuracy on `validation`; stops once `patience` epochs in a row have not beaten the
  // best and leaves `params` at the best epoch's values (a direct arm trained to
  // convergence, chosen on validation only). patience 0: all epochs, the last values.
  Stopped train_early_stopping(std::span<float> params, const Dataset& data, const Dataset& validation, int max_epochs,
                               int patience, Rng& rng);

 private:
  MlpShape shape_;
  TrainSettings settings_;
  // The batch's inputs, passes and gradient, kept between steps (no allocation per step);
  // grad_ is zero between steps (the update clears what it used).
  Matrix x_, grad_out_;
  MlpWorkspace ws_;
  std::vector<int> labels_;
  Adam<float> adam_;
  Eigen::VectorXf grad_;
  EpochOrder order_;
  StepProfile profile_;
};

}  // namespace innate
