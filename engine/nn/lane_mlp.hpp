#pragma once
// A small MLP run on kLanes inputs side by side, one SIMD lane per input. It is for
// nets too narrow for a GEMM to run near the machine's limit, run on very many inputs:
// the g-network's per-pair tail (30 -> 10 -> 1 on each of 600k neuron pairs), where
// Eigen's product of a 10-row matrix spends most of its time on the rows that do not
// fill a vector.
//
// Every output unit is b + W(r,0) x_0 + W(r,1) x_1 + ..., added in that order with one
// fused multiply-add per term, and lanes never mix: a lane's bits depend neither on the
// vector width (AVX2, AVX-512 and the scalar fallback agree) nor on the other lanes.
//
// A lane block is (kLanes x units), column-major: unit u of lane l at u * kLanes + l. A
// batch of C chunks of kLanes inputs each is C lane blocks side by side, (kLanes x
// units * C): unit u of chunk c in column c * units + u. The functions below take such
// batches: one call per batch keeps the per-call work out of the inner loops.
#include <vector>

#include "engine/nn/mlp.hpp"

namespace innate {

inline constexpr Eigen::Index kLanes = 16;
using LaneBlock = Eigen::Matrix<float, kLanes, Eigen::Dynamic>;

// Activations of one forward pass, reused across calls.
struct LaneWorkspace {
  std::vector<LaneBlock> z, a, delta;  // per layer: pre-activations, outputs, dLoss/dz
  // lane_forward_shifted's input and its pre-activation, and lane_backward_shifted's
  // gradient of it, where they must be written out (activations other than relu, linear)
  LaneBlock shifted, shifted_z, grad_shifted;
};

// z(:, u) = x(:, u) + shift[u] for each unit u of each chunk, a = act(z): a first layer
// whose product is already done, as the g-net's separable one. `x` points at a batch of
// `chunks` chunks of `units` units; `z` may be null where only a is needed (a forward
// pass without backward).
void lane_shift(const float* x, const float* shift, Eigen::Index units, Eigen::Index chunks, Activation act,
                LaneBlock* z, LaneBlock& a);

// a = act(W x + b) layer by layer on the batch `x` (sizes[0] units a chunk); returns
// a.back() (outputs units a chunk).
const LaneBlock& lane_forward(const MlpShape& shape, const float* params, const LaneBlock& x, Eigen::Index chunks,
                              LaneWorkspace& ws);

// lane_forward on act(x(:, u) + shift[u]) (the input lane_shift would write, `x` a batch
// of `chunks` chunks of sizes[0] units), with the same bits. For relu and linear the
// shifted input is computed as the first layer reads it and never stored: the g-net's
// decode, which would otherwise write and read back a batch per row of weights.
const LaneBlock& lane_forward_shifted(const MlpShape& shape, const float* params, const float* x, const float* shift,
                                      Activation act, Eigen::Index chunks, LaneWorkspace& ws);

// Given dLoss/dOutput for the last forward pass of `x`, adds each lane's dLoss/dParams,
// summed over the chunks in order, to its own row of `grad_lanes` (kLanes x param_count,
// the params' layout along the columns) and, if given, writes dLoss/dx to `grad_input`.
// Lanes whose dLoss/dOutput is zero add nothing.
void lane_backward(const MlpShape& shape, const float* params, const LaneBlock& x, Eigen::Index chunks,
                   LaneWorkspace& ws, const LaneBlock& grad_output, LaneBlock& grad_lanes,
                   LaneBlock* grad_input = nullptr);

// lane_backward after lane_forward_shifted(x, shift, act): adds each lane's dLoss/dParams
// to `grad_lanes` as lane_backward does, then, with g = dLoss/d(x + shift) (the input's
// gradient times act'(x + shift)), adds g to `grad_x` (a batch like x) and writes its sum
// over the chunks, in chunk order, to `grad_shift` (kLanes x sizes[0]). The same bits as
// lane_shift, lane_backward, multiply_by_derivative and those sums one after another; for
// relu and linear nothing of the shifted input is written out: the g-net's backward.
void lane_backward_shifted(const MlpShape& shape, const float* params, const float* x, const float* shift,
                           Activation act, Eigen::Index chunks, LaneWorkspace& ws, const LaneBlock& grad_output,
                           LaneBlock& grad_lanes, LaneBlock& grad_x, LaneBlock& grad_shift);

// out[c] += the sum of column c of `lanes` over its kLanes rows, added in lane order (so
// the sum is the same whatever the vector width).
void add_lane_sums(const LaneBlock& lanes, float* out);

}  // namespace innate
