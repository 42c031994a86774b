// One decode of the GN30 g-network genome into the 784-800-10 MNIST network (636,010
// weights), timed side by side with two naive peers that evaluate g on every
// (post, pre) pair without the separable first layer:
//   naive_per_pair  one g evaluation per weight (20-bit code pair -> 30 -> 10 -> 1)
//   naive_batched   the same maths as GEMMs over all pre units of a post unit
// and the backward pass (weight gradient -> genome gradient). Prints CSV
// method,seconds,relative_to_decode (best of 5, one thread).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <functional>

#include "genomes/gnet.hpp"

using namespace innate;

namespace {

double best_of(int repeats, const std::function<void()>& f) {
  double best = 1e300;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    f();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return best;
}

}  // namespace

int main() {
  const MlpShape net{{784, 800, 10}, {Activation::relu, Activation::linear}};
  const GNet gnet(net, {28, 28}, {30, 10}, {5}, Activation::relu);
  std::vector<float> genome(gnet.genome_size()), params(net.param_count()), grad(gnet.genome_size());
  Rng rng = stream({1, 0, 0, Purpose::initialise});
  gnet.initialise(genome, rng);

  const double decode = best_of(5, [&] { gnet.decode(genome, params, rng); });

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
  const double per_pair = best_of(2, [&] { naive_layer(0, false), naive_layer(1, false); });
  const double batched = best_of(5, [&] { naive_layer(0, true), naive_layer(1, true); });

  // The naive peers must compute the same weights.
  float max_diff = 0;
  for (int k = 0; k < 2; ++k)
    max_diff = std::max(max_diff, (net.weight(naive.data(), k) - net.weight(params.data(), k)).cwiseAbs().maxCoeff());

  std::vector<float> grad_params(net.param_count(), 1e-3f);
  const double backward = best_of(5, [&] {
    std::fill(grad.begin(), grad.end(), 0.0f);
    gnet.backward(genome, grad_params, grad, rng);
  });

  fmt::print("method,seconds,relative_to_decode\n");
  fmt::print("decode_separable,{:.5f},1.00\n", decode);
  fmt::print("naive_per_pair,{:.5f},{:.2f}\n", per_pair, per_pair / decode);
  fmt::print("naive_batched,{:.5f},{:.2f}\n", batched, batched / decode);
  fmt::print("backward,{:.5f},{:.2f}\n", backward, backward / decode);
  fmt::print("# GN30 genome {} params -> {} weights; max |decode - naive| = {:.2e}\n", gnet.genome_size(),
             net.param_count(), max_diff);
}
