#pragma once
// FLOP counts the benches set against the GEMM rate: multiply-adds counted as 2,
// elementwise work (activations, bias adds) not counted except the g-net's separable
// first-layer add, which is its per-pair work.
#include "engine/nn/mlp.hpp"
#include "genomes/gnet.hpp"

namespace innate::bench {

// One forward pass of `net` per input column, layers from `first` on.
inline double forward_flops(const MlpShape& net, int first = 0) {
  double flops = 0;
  for (int l = first; l < net.layers(); ++l)
    flops += 2.0 * net.sizes[static_cast<std::size_t>(l)] * net.sizes[static_cast<std::size_t>(l) + 1];
  return flops;
}

// One training sample: the forward, the weight gradients (as many) and the gradients
// into every hidden layer (the input's is not needed).
inline double training_flops(const MlpShape& net) { return 2 * forward_flops(net) + forward_flops(net, 1); }

// An entry decoded and differentiated alone (Algorithm 1's regression): the forward of the
// whole g-net, again in the backward, then its weight and hidden gradients.
inline double entry_fit_flops(const MlpShape& g) { return forward_flops(g) + training_flops(g); }

// The decode of a g-network genome: per weight layer the two first-layer projections
// (2 h0 x code bits x units) and, per (post, pre) pair, the add and the rest of the g-net.
inline double decode_flops(const GNet& gnet) {
  double flops = 0;
  for (int k = 0; k < gnet.network().layers(); ++k) {
    const MlpShape& g = gnet.gnet(k);
    const Matrix &post = gnet.codes(k + 1), &pre = gnet.codes(k);
    const double h0 = g.sizes[1], pairs = double(post.cols()) * double(pre.cols());
    flops += 2 * h0 * double(post.rows() * post.cols() + pre.rows() * pre.cols()) + pairs * (h0 + forward_flops(g, 1));
  }
  return flops;
}

// Its backward: the decode recomputed, per pair the tail's weight and input gradients
// (twice its forward), and the projections' gradients (as many as the projections).
inline double decode_backward_flops(const GNet& gnet) {
  double flops = 2 * decode_flops(gnet);
  for (int k = 0; k < gnet.network().layers(); ++k) {
    const MlpShape& g = gnet.gnet(k);
    const double pairs = double(gnet.codes(k + 1).cols()) * double(gnet.codes(k).cols());
    flops += pairs * (forward_flops(g, 1) - g.sizes[1]);
  }
  return flops;
}

}  // namespace innate::bench
