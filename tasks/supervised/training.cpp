#include "tasks/supervised/training.hpp"

#include "engine/base/files.hpp"
#include "engine/nn/fixed_blocks.hpp"
#include "engine/run/checkpoint.hpp"

#include <oneapi/tbb/parallel_for.h>
#include <boost/random/uniform_int_distribution.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

namespace innate {

double softmax_cross_entropy(const Matrix& logits, std::span<const int> labels, Matrix& grad) {
  grad.resize(logits.rows(), logits.cols());
  double loss = 0;
  for (Eigen::Index j = 0; j < logits.cols(); ++j) {
    const float top = logits.col(j).maxCoeff();  // shift for a stable exp
    grad.col(j) = (logits.col(j).array() - top).exp().matrix();
    const float total = grad.col(j).sum();
    grad.col(j) /= total;
    const auto y = static_cast<Eigen::Index>(labels[static_cast<std::size_t>(j)]);
    loss -= std::log(std::max(double(grad(y, j)), 1e-30));
    grad(y, j) -= 1.0f;
  }
  grad /= static_cast<float>(logits.cols());
  return loss / static_cast<double>(logits.cols());
}

namespace {

// Asks for a column's cache lines ahead of its copy: a batch's columns lie apart in a data
// set larger than the cache, and the hardware's prefetcher follows a column only once
// its copy has begun, so each copy would first wait on memory.
void prefetch_column(const Matrix& m, std::size_t column) {
  constexpr Eigen::Index kCacheLineBytes = 64;
  const auto* start = reinterpret_cast<const char*>(m.col(static_cast<Eigen::Index>(column)).data());
  for (Eigen::Index byte = 0; byte < m.rows() * Eigen::Index(sizeof(float)); byte += kCacheLineBytes)
    __builtin_prefetch(start + byte);
}

// Copies the columns `columns` of data.images into x's columns first, first + 1, ... and
// their labels into labels[first], ...: each column asked for two copies ahead.
void gather_columns(const Dataset& data, std::span<const std::size_t> columns, Eigen::Index first, Matrix& x,
                    std::vector<int>& labels) {
  constexpr std::size_t kAhead = 2;
  for (std::size_t j = 0; j < std::min(kAhead, columns.size()); ++j) prefetch_column(data.images, columns[j]);
  for (std::size_t j = 0; j < columns.size(); ++j) {
    if (j + kAhead < columns.size()) prefetch_column(data.images, columns[j + kAhead]);
    x.col(first + static_cast<Eigen::Index>(j)) = data.images.col(static_cast<Eigen::Index>(columns[j]));
    labels[static_cast<std::size_t>(first) + j] = data.labels[columns[j]];
  }
}

}  // namespace

double MinibatchGradient::operator()(const MlpShape& shape, std::span<const float> params, const Dataset& data,
                                     const TrainSettings& training, Rng& order, std::span<float> grad) {
  boost::random::uniform_int_distribution<Eigen::Index> pick(0, static_cast<Eigen::Index>(data.size()) - 1);
  columns.resize(static_cast<std::size_t>(training.batch));
  for (std::size_t& column : columns) column = static_cast<std::size_t>(pick(order));
  x.resize(data.images.rows(), training.batch);
  labels.resize(columns.size());
  gather_columns(data, columns, 0, x, labels);
  const Eigen::Index blocks = training.row_block;
  const double loss = softmax_cross_entropy(mlp_forward(shape, params.data(), x, ws, blocks), labels, grad_out);
  mlp_backward(shape, params.data(), x, ws, grad_out, grad.data(), nullptr, blocks);
  return loss;
}

std::vector<KeySpec> training_keys() {
  return {{"trainer", "\"adam\"", "how the task trains networks: \"adam\" or \"sgd\" (minibatch, cross-entropy)"},
          {"batch", "100", "minibatch of every training in the task"},
          {"learning_rate", "0.001", "step size of every training in the task"}};
}

std::string training_key(const MlpShape& shape, const TrainSettings& t, const Dataset& data, std::uint64_t seed) {
  std::vector<int> activations;
  for (const Activation a : shape.activations) activations.push_back(static_cast<int>(a));
  return fmt::format("{} {} {} {} {} {} {} {} {} {} {}", fmt::join(shape.sizes, ","), fmt::join(activations, ","),
                     t.method, t.learning_rate, t.batch, t.beta1, t.beta2, t.epsilon, t.row_block, fingerprint(data),
                     seed);
}

TrainSettings read_training(const Section& task) {
  TrainSettings s;
  s.method = task.choice("trainer", {"adam", "sgd"});
  s.batch = static_cast<int>(task.integer("batch", 1, 100'000));
  s.learning_rate = task.real("learning_rate", 0.0);
  return s;
}

void save_networks(const std::filesystem::path& dir, const MlpShape& shape, std::span<const float> innate,
                   std::span<const float> direct) {
  const std::string tag = fmt::format("network/{}", fmt::join(shape.sizes, "-"));
  write_file_atomic(dir / "innate_network.cereal", genome_archive(tag, innate));
  if (!direct.empty()) write_file_atomic(dir / "direct_network.cereal", genome_archive(tag, direct));
}

double accuracy(const MlpShape& shape, std::span<const float> params, const Dataset& data) {
  const auto n = static_cast<Eigen::Index>(data.size()), block = Eigen::Index{1000};
  std::vector<int> right(static_cast<std::size_t>(fixed_block_count(n, block)));
  for_fixed_blocks(n, block, [&](Eigen::Index b, Eigen::Index first, Eigen::Index count) {
    MlpWorkspace ws;
    const Matrix& out = mlp_forward(shape, params.data(), data.images.middleCols(first, count), ws);
    for (Eigen::Index j = 0; j < count; ++j) {
      Eigen::Index best = 0;
      out.col(j).maxCoeff(&best);
      right[static_cast<std::size_t>(b)] += best == data.labels[static_cast<std::size_t>(first + j)];
    }
  });
  return double(std::accumulate(right.begin(), right.end(), 0)) / double(n);
}

Trainer::Trainer(const MlpShape& shape, TrainSettings settings) : shape_(shape), settings_(settings) {
  const auto n = static_cast<Eigen::Index>(shape.param_count());
  adam_ = Adam<float>(n, {settings_.beta1, settings_.beta2, settings_.epsilon});
  grad_.setZero(n);
}

namespace {

// Adds the seconds since the last call to `phase` (a phase clock for one step).
class PhaseClock {
 public:
  void lap(double& phase) {
    const auto now = std::chrono::steady_clock::now();
    phase += std::chrono::duration<double>(now - last_).count();
    last_ = now;
  }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

}  // namespace

double Trainer::step(std::span<float> params, const Dataset& data, std::span<const std::size_t> batch) {
  PhaseClock clock;
  const auto n = static_cast<Eigen::Index>(batch.size());
  x_.resize(data.images.rows(), n);
  labels_.resize(batch.size());
  // Columns in blocks of 32: a task per column cost more than the copy.
  for_fixed_blocks(n, 32, [&](Eigen::Index, Eigen::Index first, Eigen::Index count) {
    gather_columns(data, batch.subspan(static_cast<std::size_t>(first), static_cast<std::size_t>(count)), first, x_,
                   labels_);
  });
  clock.lap(profile_.gather);
  const Matrix& out = mlp_forward(shape_, params.data(), x_, ws_, settings_.row_block);
  clock.lap(profile_.forward);
  const double loss = softmax_cross_entropy(out, labels_, grad_out_);
  clock.lap(profile_.loss);
  mlp_backward(shape_, params.data(), x_, ws_, grad_out_, grad_.data(), nullptr, settings_.row_block, false);
  clock.lap(profile_.backward);
  const bool sgd = settings_.method == "sgd";
  if (!sgd) adam_.next_step(settings_.learning_rate);
  const auto lr = static_cast<float>(settings_.learning_rate);
  // Elementwise over fixed parameter blocks (the backward overwrites the gradient, so
  // nothing needs clearing).
  for_fixed_blocks(
      grad_.size(), 16384,
      [&](Eigen::Index, Eigen::Index first, Eigen::Index count) {
        auto g = grad_.segment(first, count);
        auto p = Eigen::Map<Eigen::VectorXf>(params.data() + first, count);
        if (sgd)
          p -= lr * g;
        else
          adam_.update(p, g, first);
      },
      tbb::static_partitioner());
  clock.lap(profile_.update);
  return loss;
}

void Trainer::train(std::span<float> params, const Dataset& data, std::size_t steps, Rng& rng) {
  std::vector<std::size_t> indices(static_cast<std::size_t>(settings_.batch));
  for (std::size_t s = 0; s < steps; ++s) {
    order_.next(data.size(), rng, indices);
    step(params, data, indices);
  }
}

Trainer::Stopped Trainer::train_early_stopping(std::span<float> params, const Dataset& data, const Dataset& validation,
                                               int max_epochs, int patience, Rng& rng) {
  const std::size_t epoch = std::max<std::size_t>(1, data.size() / static_cast<std::size_t>(settings_.batch));
  Stopped out;
  if (patience == 0) {
    train(params, data, epoch * static_cast<std::size_t>(max_epochs), rng);
    out.steps = epoch * static_cast<std::size_t>(max_epochs);
    out.best_epoch = max_epochs;
    out.best_validation = accuracy(shape_, params, validation);
    return out;
  }
  std::vector<float> best(params.begin(), params.end());
  out.best_validation = accuracy(shape_, params, validation);
  for (int e = 1; e <= max_epochs && e - out.best_epoch <= patience; ++e) {
    train(params, data, epoch, rng);
    out.steps += epoch;
    const double score = accuracy(shape_, params, validation);
    if (score > out.best_validation) {
      out.best_validation = score;
      out.best_epoch = e;
      std::copy(params.begin(), params.end(), best.begin());
    }
  }
  std::copy(best.begin(), best.end(), params.begin());
  return out;
}

void EpochOrder::next(std::size_t examples, Rng& rng, std::span<std::size_t> batch) {
  for (std::size_t& index : batch) {
    if (cursor_ == order_.size()) {  // a new epoch: reshuffle
      order_.resize(examples);
      std::iota(order_.begin(), order_.end(), 0);
      for (std::size_t i = order_.size(); i > 1; --i)
        std::swap(order_[i - 1], order_[boost::random::uniform_int_distribution<std::size_t>(0, i - 1)(rng)]);
      cursor_ = 0;
    }
    index = order_[cursor_++];
  }
}

std::vector<std::size_t> epoch_batches(std::size_t examples, std::size_t batch, std::size_t steps, Rng order) {
  EpochOrder epochs;
  std::vector<std::size_t> indices(steps * batch);
  for (std::size_t s = 0; s < steps; ++s) epochs.next(examples, order, {indices.data() + s * batch, batch});
  return indices;
}

}  // namespace innate
