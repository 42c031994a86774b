// One epoch of direct training, 784-256-10 (ReLU, softmax cross-entropy, Adam 1e-3,
// batch 128) on Fashion-MNIST's 60,000 training images, timed beside
//   - the machine's limit: Eigen's float32 GEMM rate with the same build flags and
//     thread count (a 1024^3 product split over the threads), and the epoch's FLOPs
//     divided by that rate;
//   - PyTorch (Debian's python3-torch through /usr/bin/python3, bench/torch_epoch.py),
//     skipped with a message when it is absent.
// Prints CSV: engine,threads,seconds,test_accuracy, then the limit and the ratios.
// Usage: bench_training [THREADS]   (run from the repository root)
#include <fmt/format.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "genomes/gnet.hpp"
#include "engine/genome_fitting.hpp"
#include "scenarios/images.hpp"
#include "scenarios/images/training.hpp"

using namespace innate;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// GFLOP/s of C = A B (1024^3), the columns of C split over the threads.
double gemm_rate(int threads) {
  const int n = 1024;
  const Matrix a = Matrix::Random(n, n), b = Matrix::Random(n, n);
  Matrix c(n, n);
  double best = 1e300;
  for (int r = 0; r < 5; ++r) {
    const auto t = Clock::now();
    tbb::parallel_for(0, threads, [&](int part) {
      const int first = n * part / threads, count = n * (part + 1) / threads - first;
      c.middleCols(first, count).noalias() = a * b.middleCols(first, count);
    });
    best = std::min(best, seconds_since(t));
  }
  return 2.0 * n * n * n / best / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  const int threads = argc > 1 ? std::atoi(argv[1]) : 2;
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  const Split data = load_fashion_mnist();
  // The epoch is the whole training file (60,000), as the PyTorch peer reads it: the
  // engine's train and validation splits together.
  Dataset train = data.train;
  train.images.conservativeResize(Eigen::NoChange, train.images.cols() + data.validation.images.cols());
  train.images.rightCols(data.validation.images.cols()) = data.validation.images;
  train.labels.insert(train.labels.end(), data.validation.labels.begin(), data.validation.labels.end());
  const MlpShape net{{784, 256, 10}, {Activation::relu, Activation::linear}};

  Eigen::VectorXf params(static_cast<Eigen::Index>(net.param_count()));
  Rng init = stream({1, 0, 0, Purpose::initialise});
  initialise_mlp(net, params.data(), init);
  TrainSettings settings;
  settings.batch = 128;
  Trainer trainer(net, settings);
  Rng order = stream({1, 0, 0, Purpose::evaluate});
  const std::size_t steps = train.size() / 128;
  const auto t = Clock::now();
  trainer.train({params.data(), std::size_t(params.size())}, train, steps, order);
  const double epoch = seconds_since(t);
  const double acc = accuracy(net, {params.data(), std::size_t(params.size())}, data.test);

  // FLOPs: forward 2(784*256 + 256*10), weight gradients as many, hidden gradient 2*256*10.
  const double per_sample = 2.0 * (784 * 256 + 256 * 10) * 2 + 2.0 * 256 * 10;
  const double flops = per_sample * double(steps * 128);
  const double rate = gemm_rate(threads);
  const double ideal = flops / (rate * 1e9);

  fmt::print("engine,threads,seconds,test_accuracy\n");
  fmt::print("innate,{},{:.4f},{:.4f}\n", threads, epoch, acc);
  std::fflush(stdout);
  double torch_seconds = 0;
  const std::string cmd = fmt::format("/usr/bin/python3 bench/torch_epoch.py {} 2>/dev/null", threads);
  if (std::FILE* p = ::popen(cmd.c_str(), "r")) {
    char line[512];
    std::string all;
    while (std::fgets(line, sizeof line, p)) all += line;
    if (::pclose(p) == 0 && all.rfind("pytorch,", 0) == 0) {
      fmt::print("{}", all);
      torch_seconds = std::stod(all.substr(all.find(',', 8) + 1));
    } else {
      fmt::print("# pytorch: skipped (/usr/bin/python3 with torch not found: apt-get install python3-torch)\n");
    }
  }
  fmt::print("# Eigen float32 GEMM (1024^3 over {} threads): {:.1f} GFLOP/s; epoch {:.2f} GFLOP -> limit {:.4f} s\n",
             threads, rate, flops / 1e9, ideal);
  fmt::print("# innate epoch / GEMM limit = {:.2f}\n", epoch / ideal);
  if (torch_seconds > 0) fmt::print("# pytorch epoch / innate epoch = {:.2f}\n", torch_seconds / epoch);

  // One GN30 decode of 784-800-10 and one iteration of Algorithm 1 (100 Adam steps of
  // 100 images, regression onto 100,000 + 10,000 sampled weights and the biases, decode).
  const MlpShape big{{784, 800, 10}, {Activation::relu, Activation::linear}};
  const GNet gn30(big, {28, 28}, {30, 10}, {5}, Activation::relu);
  ImagesTask task(big, data, ImageSettings{});
  FitSettings fit;
  fit.fit_learning_rate = 1e-4;
  Intermittent algorithm1(fit, OptimizerContext{gn30, 1, 1, 500, task.supervision(), big});
  algorithm1.ask(0);
  Eigen::VectorXf genome = algorithm1.recommendation(), decoded(static_cast<Eigen::Index>(big.param_count()));
  Rng birth = stream({1, 0, 0, Purpose::evaluate});
  auto t0 = Clock::now();
  gn30.decode({genome.data(), std::size_t(genome.size())}, {decoded.data(), std::size_t(decoded.size())}, birth);
  const double decode = seconds_since(t0);
  t0 = Clock::now();
  algorithm1.tell({});  // the iteration that yields generation 1's genome
  const double iteration = seconds_since(t0);
  fmt::print("# GN30 decode {:.4f} s; one Algorithm-1 iteration {:.3f} s ({} threads)\n", decode, iteration, threads);
}
