#include "engine/nn/lane_mlp.hpp"

#include "engine/nn/simd_paths.hpp"

namespace innate {
namespace {

static_assert(kLanes == kernels::kLaneCount);

// The kernels of this process's path (engine/nn/gemm.hpp): every path computes a lane as
// fma(w, x, acc), one rounding per term, so all give the same bits.
const kernels::LaneKernels& lanes() { return kernels::path_kernels().lanes; }

}  // namespace

void lane_shift(const float* x, const float* shift, Eigen::Index units, Eigen::Index chunks, Activation act,
                LaneBlock* z, LaneBlock& a) {
  if (z) z->resize(kLanes, units * chunks);
  a.resize(kLanes, units * chunks);
  const bool relu = act == Activation::relu;
  lanes().shift(x, shift, units, chunks, relu, z ? z->data() : nullptr, a.data());
  if (!relu && act != Activation::linear) apply_activation(act, a);
}

namespace {

// lane_forward from layer 0's input `in` (sizes[0] units a chunk, read as the kernels
// read a LaneInput).
const LaneBlock& forward_from(const MlpShape& shape, const float* params, kernels::LaneInput in, Eigen::Index chunks,
                              LaneWorkspace& ws) {
  const int layers = shape.layers();
  ws.z.resize(static_cast<std::size_t>(layers));
  ws.a.resize(static_cast<std::size_t>(layers));
  for (int k = 0; k < layers; ++k) {
    const auto K = static_cast<std::size_t>(k);
    const Eigen::Index outputs = shape.sizes[K + 1], inputs = shape.sizes[K];
    ws.z[K].resize(kLanes, outputs * chunks);
    ws.a[K].resize(kLanes, outputs * chunks);
    const Activation act = shape.activations[K];
    const bool fused = act == Activation::relu || act == Activation::linear;
    lanes().product({params + shape.weight_offset(k), 1, outputs}, params + shape.bias_offset(k), outputs, inputs,
                    chunks, k == 0 ? in : kernels::LaneInput{ws.a[K - 1].data(), nullptr, false}, ws.z[K].data(),
                    fused ? ws.a[K].data() : nullptr, act == Activation::relu);
    if (!fused) {
      ws.a[K] = ws.z[K];
      apply_activation(act, ws.a[K]);
    }
  }
  return ws.a.back();
}

}  // namespace

const LaneBlock& lane_forward(const MlpShape& shape, const float* params, const LaneBlock& x, Eigen::Index chunks,
                              LaneWorkspace& ws) {
  return forward_from(shape, params, {x.data(), nullptr, false}, chunks, ws);
}

const LaneBlock& lane_forward_shifted(const MlpShape& shape, const float* params, const float* x, const float* shift,
                                      Activation shift_activation, Eigen::Index chunks, LaneWorkspace& ws) {
  if (shift_activation == Activation::relu || shift_activation == Activation::linear)
    return forward_from(shape, params, {x, shift, shift_activation == Activation::relu}, chunks, ws);
  // Other activations: the shifted input written out (with its pre-activation, which
  // lane_backward_shifted reads).
  lane_shift(x, shift, shape.sizes[0], chunks, shift_activation, &ws.shifted_z, ws.shifted);
  return lane_forward(shape, params, ws.shifted, chunks, ws);
}

namespace {

// lane_backward's layers, from the output down to layer 0's weights, reading layer 0's
// input `in` as forward_from does; leaves dLoss/dz of each layer in ws.delta.
void backward_layers(const MlpShape& shape, const float* params, kernels::LaneInput in, Eigen::Index chunks,
                     LaneWorkspace& ws, const LaneBlock& grad_output, LaneBlock& grad_lanes) {
  const int layers = shape.layers();
  ws.delta.resize(static_cast<std::size_t>(layers));
  for (int k = layers - 1; k >= 0; --k) {
    const auto K = static_cast<std::size_t>(k);
    const Eigen::Index outputs = shape.sizes[K + 1], inputs = shape.sizes[K];
    LaneBlock& d = ws.delta[K];
    if (k == layers - 1) {
      d = grad_output;
    } else {  // dLoss/da = W_{k+1}^T delta_{k+1}
      const Eigen::Index next = shape.sizes[K + 2];
      d.resize(kLanes, outputs * chunks);
      lanes().product({params + shape.weight_offset(k + 1), next, 1}, nullptr, outputs, next, chunks,
                      {ws.delta[K + 1].data(), nullptr, false}, d.data(), nullptr, false);
    }
    multiply_by_derivative(shape.activations[K], ws.z[K], ws.a[K], d);
    lanes().add_outer(d.data(), outputs, k == 0 ? in : kernels::LaneInput{ws.a[K - 1].data(), nullptr, false}, inputs,
                      chunks, grad_lanes.col(static_cast<Eigen::Index>(shape.weight_offset(k))).data());
    lanes().add_chunks(d.data(), outputs, chunks,
                       grad_lanes.col(static_cast<Eigen::Index>(shape.bias_offset(k))).data());
  }
}

// Layer 0's weights transposed, as the product of dLoss/dinput reads them.
kernels::LaneWeights first_weights_transposed(const MlpShape& shape, const float* params) {
  return {params + shape.weight_offset(0), shape.sizes[1], 1};
}

}  // namespace

void lane_backward(const MlpShape& shape, const float* params, const LaneBlock& x, Eigen::Index chunks,
                   LaneWorkspace& ws, const LaneBlock& grad_output, LaneBlock& grad_lanes, LaneBlock* grad_input) {
  backward_layers(shape, params, {x.data(), nullptr, false}, chunks, ws, grad_output, grad_lanes);
  if (grad_input) {
    grad_input->resize(kLanes, shape.sizes[0] * chunks);
    lanes().product(first_weights_transposed(shape, params), nullptr, shape.sizes[0], shape.sizes[1], chunks,
                    {ws.delta[0].data(), nullptr, false}, grad_input->data(), nullptr, false);
  }
}

void lane_backward_shifted(const MlpShape& shape, const float* params, const float* x, const float* shift,
                           Activation act, Eigen::Index chunks, LaneWorkspace& ws, const LaneBlock& grad_output,
                           LaneBlock& grad_lanes, LaneBlock& grad_x, LaneBlock& grad_shift) {
  const Eigen::Index units = shape.sizes[0];
  grad_shift.resize(kLanes, units);
  const bool relu = act == Activation::relu;
  if (relu || act == Activation::linear) {
    backward_layers(shape, params, {x, shift, relu}, chunks, ws, grad_output, grad_lanes);
    lanes().shifted_input_gradient(first_weights_transposed(shape, params), units, shape.sizes[1], chunks,
                                   ws.delta[0].data(), {x, shift, relu}, grad_x.data(), grad_shift.data());
    return;
  }
  // Other activations: the shifted input lane_forward_shifted wrote out, its derivative
  // applied after.
  lane_backward(shape, params, ws.shifted, chunks, ws, grad_output, grad_lanes, &ws.grad_shifted);
  multiply_by_derivative(act, ws.shifted_z, ws.shifted, ws.grad_shifted);
  grad_x += ws.grad_shifted;
  grad_shift.setZero();
  for (Eigen::Index c = 0; c < chunks; ++c) grad_shift += ws.grad_shifted.middleCols(c * units, units);
}

void add_lane_sums(const LaneBlock& lanes, float* out) {
  for (Eigen::Index c = 0; c < lanes.cols(); ++c) {
    float sum = 0.0f;
    for (Eigen::Index l = 0; l < kLanes; ++l) sum += lanes(l, c);
    out[c] += sum;
  }
}

}  // namespace innate
