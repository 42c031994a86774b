// Fitting a GN30 genome on Fashion-MNIST (784-800-10), the two ways the engine offers,
// at each thread count, beside their FLOPs at the same run's GEMM rate and beside their
// PyTorch transcriptions (bench/peers/torch_fitting.py, after bench/setup):
//   algorithm1_iteration  one iteration of Shuvaev et al.'s Algorithm 1 (optimizer
//                         "intermittent"): 100 Adam steps of the network on batches of
//                         100, the genome regressed onto 100,000 + 10,000 sampled weights
//                         and three passes over the biases in batches of 1,000, decode;
//   e2e_step              one end-to-end step (optimizer "gradient"): decode, a batch of
//                         100 forward and backward, the gradient carried back through
//                         the decoder, an Adam step on the genome.
// Prints CSV engine,threads,method,seconds,gflop,gemm_gflops,ratio_to_limit,efficiency
// (best of 3; efficiency against one thread).
// Usage: bench_fitting [--threads 1,2,4]   (run from the repository root)
#include <fmt/format.h>

#include "bench/bench_support.hpp"
#include "bench/flops.hpp"
#include "engine/optimizers/genome_fitting.hpp"
#include "tasks/images/images.hpp"

using namespace innate;
using namespace innate::bench;

int main(int argc, char** argv) {
  const std::vector<int> threads_list = thread_list(argc, argv);
  const MlpShape net{{784, 800, 10}, {Activation::relu, Activation::linear}};
  const GNet gn30(net, {28, 28}, {30, 10}, {5}, Activation::relu);
  const ImageSettings images;  // batch 100, as the scenarios train
  ImagesTask task(net, load_fashion_mnist(), images);
  const double batch = images.training.batch;

  FitSettings fit;  // the defaults: 100 batches, samples [100000, 10000], 3 bias passes
  const double regression =
      double(fit.samples[0]) * entry_fit_flops(gn30.gnet(0)) + double(fit.samples[1]) * entry_fit_flops(gn30.gnet(1));
  const double algorithm1_flops = fit.batches * batch * training_flops(net) + regression + decode_flops(gn30);
  const double e2e_flops = decode_flops(gn30) + batch * training_flops(net) + decode_backward_flops(gn30);

  fmt::print("engine,threads,method,seconds,gflop,gemm_gflops,ratio_to_limit,efficiency\n");
  std::map<std::string, std::map<int, double>> seconds;
  auto report = [&](const std::string& engine, int threads, const std::string& method, double s, double flops,
                    double rate) {
    seconds[engine + method][threads] = s;
    fmt::print("{},{},{},{:.4f},{:.3f},{:.1f},{:.2f},{}\n", engine, threads, method, s, flops / 1e9, rate,
               s * rate * 1e9 / flops, efficiency(seconds[engine + method], threads));
    std::fflush(stdout);
  };
  for (int threads : threads_list) {
    const double before = gemm_gflops(threads);
    double algorithm1 = 1e300, e2e = 1e300;
    with_threads(threads, [&] {
      Intermittent intermittent(fit, OptimizerContext{gn30, 1, 1, 500, task.supervision(), net});
      FitSettings step = fit;
      step.batches = 1;
      Gradient gradient(step, OptimizerContext{gn30, 1, 1, 500, task.supervision(), net});
      for (int repeat = 0; repeat < 3; ++repeat) {  // iterations 1, 2, 3: the same work each
        intermittent.ask(static_cast<std::uint64_t>(repeat));
        algorithm1 = std::min(algorithm1, best_seconds(1, [&] { intermittent.tell({}); }));
        gradient.ask(static_cast<std::uint64_t>(repeat));
        e2e = std::min(e2e, best_seconds(1, [&] { gradient.tell({}); }));
      }
      return 0;
    });
    const double rate = std::max(before, gemm_gflops(threads));
    report("innate", threads, "algorithm1_iteration", algorithm1, algorithm1_flops, rate);
    report("innate", threads, "e2e_step", e2e, e2e_flops, rate);
    for (const std::string& line :
         run_peer_script(peer_python(), "torch", fmt::format("torch_fitting.py {}", threads), "pytorch")) {
      if (line.rfind("# ", 0) == 0) {
        if (threads == threads_list.front()) fmt::print("{}\n", line);
        continue;
      }
      if (line.rfind("pytorch,", 0) != 0) continue;
      const auto method_at = line.find(',', 8) + 1;
      const std::string method = line.substr(method_at, line.rfind(',') - method_at);
      const double s = std::stod(line.substr(line.rfind(',') + 1));
      report("pytorch", threads, method, s, method == "e2e_step" ? e2e_flops : algorithm1_flops, rate);
    }
  }
}
