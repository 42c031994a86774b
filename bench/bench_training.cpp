// One epoch of direct training, 784-256-10 (ReLU, softmax cross-entropy, Adam 1e-3,
// batch 128) on Fashion-MNIST's 60,000 training images, at each thread count (the fastest
// of three from the same start, each side), timed beside
//   - the machine's limit: the best float32 GEMM rate at the thread count (Eigen in this
//     build, innate's own product, Eigen built for this CPU: bench_support.hpp; best of 5
//     before and of 5 after the epoch), and the epoch's FLOPs divided by that rate;
//   - the peers (bench/peers/, after bench/setup): PyTorch from PyPI (MKL) and JAX on the
//     CPU through .bench-venv/bin/python (or $INNATE_BENCH_PYTHON), Debian's python3-torch
//     through /usr/bin/python3 where installed, each at every thread setting up to the
//     largest count; the best of each and the best overall are named.
// Prints CSV engine,threads,seconds,test_accuracy,gemm_gflops,limit_seconds,ratio_to_limit,
// efficiency, then the peers' rows and the summary lines for the largest thread count.
// Usage: bench_training [N | --threads 1,2,4]   (N: N threads only; run from the repository root)
#include <fmt/format.h>

#include <sstream>

#include "bench/bench_support.hpp"
#include "tasks/images/images.hpp"
#include "tasks/supervised/training.hpp"

using namespace innate;
using namespace innate::bench;

namespace {

struct PeerRow {
  std::string peer;
  int threads = 0, blas_threads = 0;
  double seconds = 0, accuracy = 0;
};

// One peer's rows at every setting up to `max_threads`, its comment lines echoed.
std::vector<PeerRow> run_peer(const std::string& python, const std::string& script, const std::string& label,
                              int max_threads) {
  std::vector<PeerRow> rows;
  const std::string module = label.rfind("jax", 0) == 0 ? "jax" : "torch";
  for (const std::string& line :
       run_peer_script(python, module, fmt::format("{} {} {}", script, max_threads, label), label)) {
    if (line.rfind(label + ",", 0) == 0) {
      std::istringstream in(line);
      PeerRow r;
      std::string field;
      std::getline(in, r.peer, ',');
      std::getline(in, field, ','), r.threads = std::stoi(field);
      std::getline(in, field, ','), r.blas_threads = std::stoi(field);
      std::getline(in, field, ','), r.seconds = std::stod(field);
      std::getline(in, field), r.accuracy = std::stod(field);
      rows.push_back(r);
      fmt::print("{}\n", line);
    } else if (line.rfind("peer,", 0) != 0) {
      fmt::print("# {}\n", line.rfind("# ", 0) == 0 ? line.substr(2) : line);
    }
  }
  return rows;
}

// One epoch from the same start kEpochRepeats times (the same bits each time), the fastest
// kept: a shared machine's hiccups lengthen single epochs, and the peers do the same
// (bench/peers/common.py's REPEATS).
constexpr int kEpochRepeats = 3;
struct TimedEpoch {
  double seconds = 0;
  StepProfile profile;
  Eigen::VectorXf params;
};
TimedEpoch fastest_epoch(const MlpShape& net, const Dataset& train, std::size_t steps, int threads) {
  TimedEpoch best;
  for (int r = 0; r < kEpochRepeats; ++r) {
    Eigen::VectorXf params(static_cast<Eigen::Index>(net.param_count()));
    Rng init = stream({1, 0, 0, Purpose::initialise});
    initialise_mlp(net, params.data(), init);
    TrainSettings settings;
    settings.batch = 128;
    Trainer trainer(net, settings);
    Rng order = stream({1, 0, 0, Purpose::evaluate});
    const double seconds = with_threads(threads, [&] {
      const auto t = Clock::now();
      trainer.train({params.data(), std::size_t(params.size())}, train, steps, order);
      return seconds_since(t);
    });
    if (r == 0 || seconds < best.seconds) best = {seconds, trainer.profile(), params};
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> threads_list = thread_list(argc, argv);
  if (argc == 2 && std::string_view(argv[1]) != "--threads") {
    const int n = std::atoi(argv[1]);
    if (n < 1) usage_error(argv[0], fmt::format("'{}': give a thread count >= 1 or --threads 1,2,4", argv[1]));
    threads_list = {n};
  }
  const Split data = load_fashion_mnist();
  // The epoch is the whole training file (60,000), as the peers read it: the engine's
  // train and validation splits together.
  Dataset train = data.train;
  train.images.conservativeResize(Eigen::NoChange, train.images.cols() + data.validation.images.cols());
  train.images.rightCols(data.validation.images.cols()) = data.validation.images;
  train.labels.insert(train.labels.end(), data.validation.labels.begin(), data.validation.labels.end());
  const MlpShape net{{784, 256, 10}, {Activation::relu, Activation::linear}};
  const std::size_t steps = train.size() / 128;
  // FLOPs: forward 2(784*256 + 256*10), weight gradients as many, hidden gradient 2*256*10.
  const double per_sample = 2.0 * (784 * 256 + 256 * 10) * 2 + 2.0 * 256 * 10;
  const double flops = per_sample * double(steps * 128);

  fmt::print("engine,threads,seconds,test_accuracy,gemm_gflops,limit_seconds,ratio_to_limit,efficiency\n");
  std::map<int, double> epoch_seconds;
  struct Phases {
    int threads;
    StepProfile profile;
    double rate;
  };
  std::vector<Phases> phases;
  double last_ratio = 0;
  for (int threads : threads_list) {
    const GemmRates before = gemm_rates(threads);
    const TimedEpoch timed = fastest_epoch(net, train, steps, threads);
    const Eigen::VectorXf& params = timed.params;
    const double epoch = timed.seconds;
    const GemmRates after = gemm_rates(threads);
    const GemmRates& best_rates = after.best() > before.best() ? after : before;
    const double rate = best_rates.best();
    const double acc = accuracy(net, {params.data(), std::size_t(params.size())}, data.test);
    const double limit = flops / (rate * 1e9);
    epoch_seconds[threads] = epoch;
    last_ratio = epoch / limit;
    fmt::print("innate,{},{:.4f},{:.4f},{:.1f},{:.4f},{:.2f},{}\n", threads, epoch, acc, rate, limit, last_ratio,
               efficiency(epoch_seconds, threads));
    fmt::print("# GEMM GFLOP/s on {} threads, the best of 5 before and of 5 after the epochs: {}\n", threads,
               best_rates.describe());
    phases.push_back({threads, timed.profile, rate});
    std::fflush(stdout);
  }
  const int top = threads_list.back();
  // Where the epoch's time went (the trainer's phase clocks), each GEMM phase beside its
  // own limit: the forward's FLOPs and the backward's at the same run's GEMM rate.
  const double forward_flops = 2.0 * (784 * 256 + 256 * 10) * double(steps * 128),
               backward_flops = flops - forward_flops;
  for (const auto& [threads, p, rate] : phases)
    fmt::print(
        "# phases, {} threads: gather {:.3f} s, forward {:.3f} s (limit {:.3f}), loss {:.3f} s, backward {:.3f} s "
        "(limit {:.3f}), update {:.3f} s\n",
        threads, p.gather, p.forward, forward_flops / (rate * 1e9), p.loss, p.backward, backward_flops / (rate * 1e9),
        p.update);

  const std::string python = peer_python();
  std::vector<PeerRow> peers;
  for (auto rows :
       {run_peer(python, "torch_epoch.py", "pytorch-pypi", top), run_peer(python, "jax_epoch.py", "jax", top),
        run_peer("/usr/bin/python3", "torch_epoch.py", "pytorch-debian", top)})
    peers.insert(peers.end(), rows.begin(), rows.end());

  fmt::print("# epoch {:.2f} GFLOP; GEMM limit measured beside each epoch\n", flops / 1e9);
  fmt::print("# innate epoch / GEMM limit = {:.2f} ({} threads)\n", last_ratio, top);
  std::map<std::string, PeerRow> best_of_peer;
  for (const PeerRow& r : peers)
    if (!best_of_peer.count(r.peer) || r.seconds < best_of_peer[r.peer].seconds) best_of_peer[r.peer] = r;
  const PeerRow* best = nullptr;
  for (const auto& [name, r] : best_of_peer) {
    fmt::print("# best {}: {:.4f} s at {} threads x {} BLAS threads = {:.2f} x innate's {}-thread epoch\n", name,
               r.seconds, r.threads, r.blas_threads, r.seconds / epoch_seconds[top], top);
    if (!best || r.seconds < best->seconds) best = &r;
  }
  if (best)
    fmt::print("# best peer / innate epoch = {:.2f} ({}, {} threads x {} BLAS threads)\n",
               best->seconds / epoch_seconds[top], best->peer, best->threads, best->blas_threads);
  else
    fmt::print("# best peer / innate epoch = n/a (no peer installed: bench/setup)\n");
  std::fflush(stdout);
}
