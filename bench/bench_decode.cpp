// One decode of the GN30 g-network genome into the 784-800-10 MNIST network (636,010
// weights), timed side by side with two naive peers that evaluate g on every
// (post, pre) pair without the separable first layer:
//   naive_per_pair  one g evaluation per weight (20-bit code pair -> 30 -> 10 -> 1)
//   naive_batched   the same maths as GEMMs over all pre units of a post unit
// and the backward pass (weight gradient -> genome gradient). Beside them the arithmetic
// limit: the FLOPs of decode and backward (multiply-adds of the g-nets counted as 2, the
// separable first layer's per-pair add as 1) at the best one-thread float32 GEMM rate of
// the same run. Prints CSV method,seconds,threads,relative_to_decode,gflop,ratio_to_limit,
// efficiency (best of 5; the one-thread GN30 decode_separable row first, the naive peers
// on one thread, decode and backward again at each further thread count), with the
// PyTorch transcription's rows (bench/peers/torch_decode.py, after bench/setup).
// Usage: bench_decode [--threads 1,2,4]
#include <fmt/format.h>

#include <optional>

#include "bench/bench_support.hpp"
#include "bench/flops.hpp"
#include "genomes/gnet.hpp"

using namespace innate;
using namespace innate::bench;

int main(int argc, char** argv) {
  const std::vector<int> threads_list = thread_list(argc, argv);
  const MlpShape net{{784, 800, 10}, {Activation::relu, Activation::linear}};
  const GNet gnet(net, {28, 28}, {30, 10}, {5}, Activation::relu);
  std::vector<float> genome(gnet.genome_size()), params(net.param_count()), grad(gnet.genome_size());
  Rng rng = stream({1, 0, 0, Purpose::initialise});
  gnet.initialise(genome, rng);

  std::optional<tbb::global_control> one_thread(std::in_place, tbb::global_control::max_allowed_parallelism, 1);
  const double decode = best_seconds(5, [&] { gnet.decode(genome, params, rng); });

  // Naive peers: g on the concatenated codes of each pair, first layer included.
  std::vector<float> naive(net.param_count());
  auto naive_layer = [&](int k, bool batched) {
    const Matrix &post = gnet.codes(k + 1), &pre = gnet.codes(k);
    const MlpShape& g = gnet.gnet(k);
    const float* gp = genome.data() + gnet.gnet_offset(k);
    auto w = net.weight(naive.data(), k);
    MlpWorkspace ws;
    Matrix pairs(post.rows() + pre.rows(), batched ? pre.cols() : 1);
    for (Eigen::Index i = 0; i < post.cols(); ++i) {
      if (batched) {
        pairs.topRows(post.rows()).colwise() = post.col(i);
        pairs.bottomRows(pre.rows()) = pre;
        w.row(i) = mlp_forward(g, gp, pairs, ws);
      } else {
        for (Eigen::Index j = 0; j < pre.cols(); ++j) {
          pairs << post.col(i), pre.col(j);
          w(i, j) = mlp_forward(g, gp, pairs, ws)(0, 0);
        }
      }
    }
  };
  const double per_pair = best_seconds(2, [&] { naive_layer(0, false), naive_layer(1, false); });
  const double batched = best_seconds(5, [&] { naive_layer(0, true), naive_layer(1, true); });

  // The naive peers must compute the same weights.
  float max_diff = 0;
  for (int k = 0; k < 2; ++k)
    max_diff = std::max(max_diff, (net.weight(naive.data(), k) - net.weight(params.data(), k)).cwiseAbs().maxCoeff());

  std::vector<float> grad_params(net.param_count(), 1e-3f);
  const double backward = best_seconds(5, [&] {
    std::fill(grad.begin(), grad.end(), 0.0f);
    gnet.backward(genome, grad_params, grad, rng);
  });

  one_thread.reset();

  const double decode_flops = innate::bench::decode_flops(gnet), backward_flops = decode_backward_flops(gnet);
  double rate = gemm_gflops(1) * 1e9;
  std::map<std::string, std::map<int, double>> seconds;
  auto row = [&](const std::string& method, int threads, double s, double flops) {
    seconds[method][threads] = s;
    fmt::print("{},{:.5f},{},{:.2f},{:.4f},{:.2f},{}\n", method, s, threads, s / decode, flops / 1e9, s * rate / flops,
               efficiency(seconds[method], threads));
  };
  auto pytorch_rows = [&](int threads) {  // the PyTorch transcription, same FLOPs
    const std::string prefix = fmt::format("pytorch,{},", threads);
    for (const std::string& line :
         run_peer_script(peer_python(), "torch", fmt::format("torch_decode.py {}", threads), "pytorch")) {
      if (line.rfind(prefix, 0) != 0) {
        if (line.rfind("# ", 0) == 0 && threads == 1) fmt::print("{}\n", line);
        continue;
      }
      const std::string method = line.substr(prefix.size(), line.find(',', prefix.size()) - prefix.size());
      const double s = std::stod(line.substr(line.rfind(',') + 1));
      row("pytorch_" + method, threads, s, method == "decode" ? decode_flops : backward_flops);
    }
  };
  fmt::print("method,seconds,threads,relative_to_decode,gflop,ratio_to_limit,efficiency\n");
  row("decode_separable", 1, decode, decode_flops);
  row("naive_per_pair", 1, per_pair, decode_flops);
  row("naive_batched", 1, batched, decode_flops);
  row("backward", 1, backward, backward_flops);
  pytorch_rows(1);
  fmt::print("# best float32 GEMM, 1 thread: {:.1f} GFLOP/s (the limit: FLOPs / this rate)\n", rate / 1e9);
  // Across threads: the post units' blocks of the decode run in parallel.
  for (int threads : threads_list) {
    if (threads == 1) continue;
    rate = gemm_gflops(threads) * 1e9;
    with_threads(threads, [&] {
      row("decode_separable", threads, best_seconds(5, [&] { gnet.decode(genome, params, rng); }), decode_flops);
      row("backward", threads,
          best_seconds(5,
                       [&] {
                         std::fill(grad.begin(), grad.end(), 0.0f);
                         gnet.backward(genome, grad_params, grad, rng);
                       }),
          backward_flops);
      return 0;
    });
    pytorch_rows(threads);
    fmt::print("# best float32 GEMM, {} threads: {:.1f} GFLOP/s\n", threads, rate / 1e9);
  }
  fmt::print("# GN30 genome {} params -> {} weights; max |decode - naive| = {:.2e}\n", gnet.genome_size(),
             net.param_count(), max_diff);
}
