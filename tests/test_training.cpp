#include <doctest/doctest.h>

#include <oneapi/tbb/global_control.h>
#include <boost/random/normal_distribution.hpp>

#include <cmath>
#include <cstring>

#include "engine/nn/gemm.hpp"
#include "genomes/network_encoding.hpp"
#include "tasks/supervised/training.hpp"

using namespace innate;

namespace {

// Three Gaussian blobs in 5 dimensions, one per class.
Dataset blobs(std::size_t n, std::uint64_t seed) {
  Dataset d;
  d.height = 1, d.width = 5, d.classes = 3;
  d.images.resize(5, static_cast<Eigen::Index>(n));
  Rng rng = stream({seed, 0, 0, Purpose::task});
  boost::random::normal_distribution<float> noise(0.0f, 0.5f);
  for (std::size_t i = 0; i < n; ++i) {
    const int c = static_cast<int>(i % 3);
    for (int k = 0; k < 5; ++k) d.images(k, static_cast<Eigen::Index>(i)) = (k == c ? 2.0f : 0.0f) + noise(rng);
    d.labels.push_back(c);
  }
  return d;
}

MlpShape classifier() { return {{5, 16, 3}, {Activation::relu, Activation::linear}}; }

}  // namespace

TEST_CASE("softmax cross-entropy: a hand-computed value and a finite-difference gradient") {
  Matrix logits(2, 1), grad;
  logits << 0.0f, std::log(3.0f);  // softmax = (1/4, 3/4)
  const int label[1] = {1};
  CHECK(softmax_cross_entropy(logits, label, grad) == doctest::Approx(-std::log(0.75)));
  CHECK(grad(0, 0) == doctest::Approx(0.25));
  CHECK(grad(1, 0) == doctest::Approx(-0.25));

  Matrix z(4, 3);
  z << 0.1f, -0.3f, 2.0f, 0.5f, 0.0f, -1.0f, 1.5f, 0.2f, 0.3f, -0.7f, 0.9f, 0.4f;
  const int labels[3] = {2, 0, 3};
  softmax_cross_entropy(z, labels, grad);
  for (Eigen::Index i = 0; i < z.size(); ++i) {
    Matrix up = z, down = z, unused;
    up.data()[i] += 1e-3f;
    down.data()[i] -= 1e-3f;
    const double fd = (softmax_cross_entropy(up, labels, unused) - softmax_cross_entropy(down, labels, unused)) / 2e-3;
    CHECK(grad.data()[i] == doctest::Approx(fd).epsilon(1e-2));
  }
}

TEST_CASE("Adam training learns a separable problem, and gives the same bytes on 1 and 2 threads") {
  const Dataset train = blobs(600, 1), test = blobs(300, 2);
  auto run = [&](int threads) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    // Eigen storage: aligned alike in every run (a std::vector's alignment varies, and
    // with it the order of Eigen's vectorised sums in small products).
    Eigen::VectorXf params(static_cast<Eigen::Index>(classifier().param_count()));
    Rng init = stream({3, 0, 0, Purpose::initialise});
    initialise_mlp(classifier(), params.data(), init);
    TrainSettings s;
    s.batch = 50;
    s.row_block = 4;
    s.learning_rate = 0.01;
    Trainer trainer(classifier(), s);
    Rng order = stream({3, 0, 0, Purpose::evaluate});
    trainer.train({params.data(), std::size_t(params.size())}, train, 60, order);
    return params;
  };
  const Eigen::VectorXf one = run(1);
  CHECK(run(1) == one);
  CHECK(run(2) == one);
  CHECK(accuracy(classifier(), {one.data(), std::size_t(one.size())}, test) > 0.95);
}

TEST_CASE("SGD takes exactly -lr * gradient") {
  const Dataset d = blobs(4, 5);
  std::vector<float> params(classifier().param_count(), 0.1f), before = params;
  TrainSettings s;
  s.method = "sgd";
  s.learning_rate = 0.5;
  s.batch = 4;
  Trainer trainer(classifier(), s);
  const std::vector<std::size_t> batch{0, 1, 2, 3};
  trainer.step(params, d, batch);
  // Recompute the gradient independently: one forward/backward over the whole batch.
  MlpWorkspace ws;
  Matrix grad_out;
  const Matrix& out = mlp_forward(classifier(), before.data(), d.images, ws);
  softmax_cross_entropy(out, d.labels, grad_out);
  std::vector<float> grad(before.size(), 0.0f);
  mlp_backward(classifier(), before.data(), d.images, ws, grad_out, grad.data());
  for (std::size_t i = 0; i < params.size(); ++i)
    CHECK(params[i] == doctest::Approx(before[i] - 0.5f * grad[i]).epsilon(1e-4));
}

TEST_CASE("Adam's square root is the correctly rounded one (not a CPU's RSQRTPS estimate)") {
  // Eigen's fast float sqrt starts from RSQRTPS, whose bits differ between Intel and AMD
  // and lose a bit or two after its Newton step; std::sqrt is IEEE's correctly rounded one.
  Eigen::ArrayXf x(4096);
  Rng rng = stream({5, 0, 0, Purpose::task});
  boost::random::normal_distribution<float> exponent(0.0f, 12.0f);
  for (float& v : x) v = std::exp2(exponent(rng));
  const Eigen::ArrayXf root = exact_sqrt(x);
  int differ = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) differ += root(i) != std::sqrt(x(i));
  CHECK(differ == 0);
}

TEST_CASE("Adam's one-pass float update gives the bits of its Eigen expressions on every kernel path") {
  // A strided map sends the same numbers down the expression path: every path's one pass
  // must agree with it on every bit, over ragged lengths (the 8- and 16-wide loops' tails),
  // zero and tiny gradients included.
  const KernelPath saved = kernel_path();
  int paths = 0;
  for (KernelPath path : kernel_paths()) {
    if (!kernel_path_supported(path)) continue;
    set_kernel_path(path);
    ++paths;
    Rng rng = stream({6, 0, 0, Purpose::task});
    boost::random::normal_distribution<float> normal(0.0f, 1.0f);
    for (const Eigen::Index n : {1, 7, 8, 9, 15, 16, 17, 31, 1003}) {
      Eigen::VectorXf fast = Eigen::VectorXf::Zero(n), slow = fast, grad(n);
      Adam<float> fast_adam(n), slow_adam(n);
      for (int step = 0; step < 5; ++step) {
        for (Eigen::Index i = 0; i < n; ++i) grad(i) = i % 5 == 4 ? 0.0f : normal(rng) * std::exp2(-float(i % 40));
        fast_adam.step(fast, grad, 1e-3);
        using Strided = Eigen::Map<const Eigen::VectorXf, 0, Eigen::InnerStride<>>;
        slow_adam.step(slow, Strided(grad.data(), n, Eigen::InnerStride<>(1)), 1e-3);
      }
      CAPTURE(kernel_path_name(path));
      CAPTURE(n);
      CHECK(std::memcmp(fast.data(), slow.data(), sizeof(float) * std::size_t(n)) == 0);
      CHECK(fast.cwiseAbs().maxCoeff() > 0.0f);
    }
  }
  set_kernel_path(saved);
  CHECK(paths >= 1);
}

TEST_CASE("early stopping keeps the best validation epoch and stops after `patience` epochs without one") {
  const Dataset train = blobs(300, 7), validation = blobs(90, 8);
  TrainSettings s;
  s.batch = 30;  // 10 steps an epoch
  s.row_block = 4;
  s.learning_rate = 0.003;
  auto fresh = [&] {
    std::vector<float> params(classifier().param_count());
    Rng init = stream({9, 0, 0, Purpose::initialise});
    initialise_mlp(classifier(), params.data(), init);
    return params;
  };
  const int max_epochs = 40, patience = 3;
  std::vector<float> stopped_params = fresh();
  Rng order = stream({9, 1, 0, Purpose::evaluate});
  const Trainer::Stopped stopped =
      Trainer(classifier(), s).train_early_stopping(stopped_params, train, validation, max_epochs, patience, order);

  // The rule replayed by hand: plain epochs from the same start and order, scored after each.
  std::vector<float> params = fresh(), best = params;
  Rng replay = stream({9, 1, 0, Purpose::evaluate});
  Trainer trainer(classifier(), s);
  double best_score = accuracy(classifier(), params, validation);
  int best_epoch = 0, epochs = 0;
  while (epochs < max_epochs && epochs - best_epoch < patience) {
    trainer.train(params, train, 10, replay);
    ++epochs;
    if (const double a = accuracy(classifier(), params, validation); a > best_score)
      best_score = a, best_epoch = epochs, best = params;
  }
  CHECK(epochs < max_epochs);  // the case stops early (else it would not test the rule)
  CHECK(best_epoch > 0);
  CHECK(stopped.best_epoch == best_epoch);
  CHECK(stopped.steps == static_cast<std::size_t>(10 * epochs));
  CHECK(stopped.best_validation == best_score);
  CHECK(stopped_params == best);

  // patience 0: every epoch, the last values, as plain training.
  std::vector<float> all = fresh(), plain = fresh();
  Rng a = stream({9, 1, 0, Purpose::evaluate}), b = a;
  CHECK(Trainer(classifier(), s).train_early_stopping(all, train, validation, 4, 0, a).steps == 40);
  Trainer(classifier(), s).train(plain, train, 40, b);
  CHECK(all == plain);
}
