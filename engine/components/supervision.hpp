#pragma once
// Labelled examples a task offers for learning by gradient, with its loss: all that an
// optimizer fitting a genome by gradient needs of a task, whatever the task is.
#include <cstddef>
#include <span>
#include <vector>

#include "engine/base/rng.hpp"
#include "engine/components/budget.hpp"

namespace innate {

class Supervision {
 public:
  virtual ~Supervision() = default;
  // `steps` minibatch steps of the task's own training on the network `params`, at
  // `learning_rate`, from a fresh optimizer state; the minibatch order drawn from `order`.
  virtual void train(std::span<float> params, double learning_rate, std::size_t steps, Rng& order) const = 0;
  // The examples such a train() sees, in order (steps x its batch indices into the
  // task's training set): what a reference implementation needs to replay it.
  virtual std::vector<std::size_t> training_examples(std::size_t steps, Rng order) const = 0;
  // The mean loss of `params` on one minibatch drawn from `order` (with replacement);
  // adds dLoss/dParams to `grad`.
  virtual double gradient(std::span<const float> params, Rng& order, std::span<float> grad) const = 0;
  // What one minibatch step of train() or gradient() consumes.
  virtual Budget step_cost() const = 0;
};

}  // namespace innate
