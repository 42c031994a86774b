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

// lane_forward from `in` (sizes[0] units a chunk), read through relu(in + shift) or
// in + shift where `shift` is given (then `shift_relu` says which).
const LaneBlock& forward_from(const MlpShape& shape, const float* params, const float* in, const float* shift,
                              bool shift_relu, Eigen::Index chunks, LaneWorkspace& ws) {
  const int layers = shape.layers();
  ws.z.resize(static_cast<std::size_t>(layers));
  ws.a.resize(static_cast<std::size_t>(layers));
  for (int k = 0; k < layers; ++k) {
    const auto K = static_cast<std::size_t>(k);
    const Eigen::Index outputs = shape.sizes[K + 1], inputs = shape.sizes[K];
    const float* x = k == 0 ? in : ws.a[K - 1].data();
    ws.z[K].resize(kLanes, outputs * chunks);
    ws.a[K].resize(kLanes, outputs * chunks);
    const Activation act = shape.activations[K];
    const bool fused = act == Activation::relu || act == Activation::linear;
    const kernels::LaneWeights w{params + shape.weight_offset(k), 1, outputs};
    const float* bias = params + shape.bias_offset(k);
    float* a = fused ? ws.a[K].data() : nullptr;
    if (k == 0 && shift)
      lanes().shifted_product(w, bias, outputs, inputs, chunks, x, shift, shift_relu, ws.z[K].data(), a,
                              act == Activation::relu);
    else
      lanes().product(w, bias, outputs, inputs, chunks, x, ws.z[K].data(), a, act == Activation::relu);
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
  return forward_from(shape, params, x.data(), nullptr, false, chunks, ws);
}

const LaneBlock& lane_forward_shifted(const MlpShape& shape, const float* params, const float* x, const float* shift,
                                      Activation shift_activation, Eigen::Index chunks, LaneWorkspace& ws) {
  if (shift_activation == Activation::relu || shift_activation == Activation::linear)
    return forward_from(shape, params, x, shift, shift_activation == Activation::relu, chunks, ws);
  lane_shift(x, shift, shape.sizes[0], chunks, shift_activation, nullptr, ws.shifted);
  return lane_forward(shape, params, ws.shifted, chunks, ws);
}

void lane_backward(const MlpShape& shape, const float* params, const LaneBlock& x, Eigen::Index chunks,
                   LaneWorkspace& ws, const LaneBlock& grad_output, LaneBlock& grad_lanes, LaneBlock* grad_input) {
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
                      ws.delta[K + 1].data(), d.data(), nullptr, false);
    }
    multiply_by_derivative(shape.activations[K], ws.z[K], ws.a[K], d);
    const LaneBlock& in = k == 0 ? x : ws.a[K - 1];
    lanes().add_outer(d.data(), outputs, in.data(), inputs, chunks,
                      grad_lanes.col(static_cast<Eigen::Index>(shape.weight_offset(k))).data());
    lanes().add_chunks(d.data(), outputs, chunks,
                       grad_lanes.col(static_cast<Eigen::Index>(shape.bias_offset(k))).data());
  }
  if (grad_input) {
    grad_input->resize(kLanes, shape.sizes[0] * chunks);
    lanes().product({params + shape.weight_offset(0), shape.sizes[1], 1}, nullptr, shape.sizes[0], shape.sizes[1],
                    chunks, ws.delta[0].data(), grad_input->data(), nullptr, false);
  }
}

void add_lane_sums(const LaneBlock& lanes, float* out) {
  for (Eigen::Index c = 0; c < lanes.cols(); ++c) {
    float sum = 0.0f;
    for (Eigen::Index l = 0; l < kLanes; ++l) sum += lanes(l, c);
    out[c] += sum;
  }
}

}  // namespace innate
