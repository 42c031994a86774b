// One decode of the GN30 g-network genome into the 784-800-10 MNIST network (636,010
// weights), timed side by side with two naive peers that evaluate g on every
// (post, pre) pair without the separable first layer:
//   naive_per_pair  one g evaluation per weight (20-bit code pair -> 30 -> 10 -> 1)
//   naive_batched   the same maths as GEMMs over all pre units of a post unit
// and the backward pass (weight gradient -> genome gradient). Beside them the arithmetic
// limit: the FLOPs of decode and backward (multiply-adds of the g-nets counted as 2, the
// separable first layer's per-pair add as 1) at Eigen's one-thread float32 GEMM rate of
// the same run. Prints CSV method,seconds,relative_to_decode,gflop,ratio_to_limit (best
// of 5, one thread; the one-thread GN30 decode_separable row first), with the PyTorch
// transcription's rows (bench/peers/torch_decode.py, after bench/setup).
#include <fmt/format.h>

#include "bench/bench_support.hpp"
#include "bench/flops.hpp"
#include "genomes/gnet.hpp"

using namespace innate;
using namespace innate::bench;

int main() {
  const MlpShape net{{784, 800, 10}, {Activation::relu, Activation::linear}};
  const GNet gnet(net, {28, 28}, {30, 10}, {5}, Activation::relu);
  std::vector<float> genome(gnet.genome_size()), params(net.param_count()), grad(gnet.genome_size());
  Rng rng = stream({1, 0, 0, Purpose::initialise});
  gnet.initialise(genome, rng);

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

  const double decode_flops = innate::bench::decode_flops(gnet), backward_flops = decode_backward_flops(gnet);
  const double rate = gemm_gflops(1) * 1e9;
  auto row = [&](const char* method, double seconds, double flops) {
    fmt::print("{},{:.5f},{:.2f},{:.4f},{:.2f}\n", method, seconds, seconds / decode, flops / 1e9, seconds * rate / flops);
  };
  fmt::print("method,seconds,relative_to_decode,gflop,ratio_to_limit\n");
  row("decode_separable", decode, decode_flops);
  row("naive_per_pair", per_pair, decode_flops);
  row("naive_batched", batched, decode_flops);
  row("backward", backward, backward_flops);
  // The PyTorch transcription (bench/peers/torch_decode.py, one thread), same FLOPs.
  for (const std::string& line : run_peer_script(peer_python(), "torch", "torch_decode.py 1", "pytorch")) {
    if (line.rfind("pytorch,1,", 0) != 0) {
      if (line.rfind("# ", 0) == 0) fmt::print("{}\n", line);
      continue;
    }
    const std::string method = line.substr(10, line.find(',', 10) - 10);
    const double seconds = std::stod(line.substr(line.rfind(',') + 1));
    row(method == "decode" ? "pytorch_decode" : "pytorch_backward", seconds,
        method == "decode" ? decode_flops : backward_flops);
  }
  fmt::print("# Eigen float32 GEMM, 1 thread: {:.1f} GFLOP/s (the limit: FLOPs / this rate)\n", rate / 1e9);
  fmt::print("# GN30 genome {} params -> {} weights; max |decode - naive| = {:.2e}\n", gnet.genome_size(),
             net.param_count(), max_diff);
}
