#include "engine/nn/mlp.hpp"

#include "engine/nn/fixed_blocks.hpp"
#include "engine/nn/gemm.hpp"

#include <oneapi/tbb/task_arena.h>

#include <boost/random/uniform_real_distribution.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <utility>

namespace innate {

const std::vector<std::string>& activation_names() {
  static const std::vector<std::string> names{"linear", "relu", "tanh", "sigmoid", "sin", "gaussian", "abs"};
  return names;
}

Activation parse_activation(const std::string& name) {
  const auto& names = activation_names();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<Activation>(i);
  throw std::invalid_argument("parse_activation(): unknown activation '" + name + "'");
}

std::string activation_name(Activation a) { return activation_names()[static_cast<std::size_t>(a)]; }

std::size_t MlpShape::param_count() const { return weight_offset(layers()); }

std::size_t MlpShape::weight_offset(int layer) const {
  std::size_t offset = 0;
  for (int k = 0; k < layer; ++k) offset += std::size_t(sizes[k + 1]) * (sizes[k] + 1);
  return offset;
}

ConstMatrixMap MlpShape::weight(const float* params, int layer) const {
  return {params + weight_offset(layer), sizes[layer + 1], sizes[layer]};
}
MatrixMap MlpShape::weight(float* params, int layer) const {
  return {params + weight_offset(layer), sizes[layer + 1], sizes[layer]};
}
Eigen::Map<const Eigen::VectorXf> MlpShape::bias(const float* params, int layer) const {
  return {params + bias_offset(layer), sizes[layer + 1]};
}
Eigen::Map<Eigen::VectorXf> MlpShape::bias(float* params, int layer) const {
  return {params + bias_offset(layer), sizes[layer + 1]};
}

void apply_activation(Activation a, Eigen::Ref<Matrix> m) {
  auto x = m.array();
  switch (a) {
    case Activation::linear:
      break;
    case Activation::relu:
      x = x.max(0.0f);
      break;
    case Activation::tanh:
      x = x.tanh();
      break;
    case Activation::sigmoid:
      x = 1.0f / (1.0f + (-x).exp());
      break;
    case Activation::sin:
      x = x.sin();
      break;
    case Activation::gaussian:
      x = (-x.square()).exp();
      break;
    case Activation::abs:
      x = x.abs();
      break;
  }
}

namespace {

// grad *= (z > 0 ? 1 : 0), the factor built from the comparison's bits: a ternary or a
// cast of the comparison leaves the loop unvectorised (GCC; Eigen likewise).
void relu_derivative(const float* __restrict z, float* __restrict grad, Eigen::Index n) {
  constexpr std::uint32_t one = std::bit_cast<std::uint32_t>(1.0f);
  for (Eigen::Index k = 0; k < n; ++k) grad[k] *= std::bit_cast<float>(-static_cast<std::uint32_t>(z[k] > 0.0f) & one);
}

}  // namespace

void multiply_by_derivative(Activation a, const Eigen::Ref<const Matrix>& z, const Eigen::Ref<const Matrix>& out,
                            Eigen::Ref<Matrix> grad) {
  auto g = grad.array();
  switch (a) {
    case Activation::linear:
      break;
    case Activation::relu:
      if (grad.outerStride() == grad.rows() && z.outerStride() == z.rows()) {
        relu_derivative(z.data(), grad.data(), grad.size());
      } else {
        for (Eigen::Index c = 0; c < grad.cols(); ++c)
          relu_derivative(z.col(c).data(), grad.col(c).data(), grad.rows());
      }
      break;
    case Activation::tanh:
      g *= 1.0f - out.array().square();
      break;
    case Activation::sigmoid:
      g *= out.array() * (1.0f - out.array());
      break;
    case Activation::sin:
      g *= z.array().cos();
      break;
    case Activation::gaussian:
      g *= -2.0f * z.array() * out.array();
      break;
    case Activation::abs:
      g *= z.array().sign();
      break;
  }
}

namespace {

// body(first, count) over fixed blocks of `block` of the `rows` output units, in parallel,
// or once over all of them.
// Isolated, as the products (engine/nn/gemm.cpp): the caller's workspace may be thread-local.
template <class Body>
void for_row_blocks(Eigen::Index rows, Eigen::Index block, Body&& body) {
  if (block <= 0 || block >= rows) return body(Eigen::Index{0}, rows);
  tbb::this_task_arena::isolate([&] {
    for_fixed_blocks(rows, block, [&](Eigen::Index, Eigen::Index first, Eigen::Index count) { body(first, count); });
  });
}

StridedMatrix columns_of(const Eigen::Ref<const Matrix>& m) { return {m.data(), 1, m.outerStride()}; }
StridedMatrix transpose_of(const Eigen::Ref<const Matrix>& m) { return {m.data(), m.outerStride(), 1}; }

}  // namespace

const Matrix& mlp_forward(const MlpShape& shape, const float* params, const Eigen::Ref<const Matrix>& x,
                          MlpWorkspace& ws, Eigen::Index row_block) {
  const int layers = shape.layers();
  ws.z.resize(static_cast<std::size_t>(layers));
  ws.a.resize(static_cast<std::size_t>(layers));
  for (int k = 0; k < layers; ++k) {
    const auto K = static_cast<std::size_t>(k);
    const Eigen::Ref<const Matrix> in = k == 0 ? x : Eigen::Ref<const Matrix>(ws.a[K - 1]);
    const Eigen::Index outputs = shape.sizes[K + 1];
    ws.z[K].resize(outputs, x.cols());
    ws.a[K].resize(outputs, x.cols());
    const Activation act = shape.activations[K];
    const bool fused = act == Activation::relu || act == Activation::linear;
    Product p;
    p.rows = outputs, p.cols = x.cols(), p.depth = shape.sizes[K];
    p.a = {params + shape.weight_offset(k), 1, outputs};
    p.b = columns_of(in);
    p.c = ws.z[K].data(), p.ldc = outputs;
    p.start = ProductStart::bias, p.bias = params + shape.bias_offset(k);
    p.output = !fused ? ProductOutput::none : act == Activation::relu ? ProductOutput::relu : ProductOutput::copy;
    p.activated = ws.a[K].data();
    multiply(p);
    if (!fused)
      for_row_blocks(outputs, row_block, [&](Eigen::Index first, Eigen::Index count) {
        auto a = ws.a[K].middleRows(first, count);
        a = ws.z[K].middleRows(first, count);
        apply_activation(act, a);
      });
  }
  return ws.a.back();
}

void mlp_backward(const MlpShape& shape, const float* params, const Eigen::Ref<const Matrix>& x, MlpWorkspace& ws,
                  const Eigen::Ref<const Matrix>& grad_output, float* grad, Matrix* grad_input, Eigen::Index row_block,
                  bool add) {
  const int layers = shape.layers();
  ws.delta.resize(static_cast<std::size_t>(layers));
  for (int k = layers - 1; k >= 0; --k) {
    const auto K = static_cast<std::size_t>(k);
    const Eigen::Ref<const Matrix> in = k == 0 ? x : Eigen::Ref<const Matrix>(ws.a[K - 1]);
    const Eigen::Index outputs = shape.sizes[K + 1];
    Matrix& d = ws.delta[K];
    d.resize(outputs, x.cols());
    if (k == layers - 1) {
      d = grad_output;
    } else {  // dLoss/da = W_{k+1}^T delta_{k+1}
      const Eigen::Index next = shape.sizes[K + 2];
      Product p;
      p.rows = outputs, p.cols = x.cols(), p.depth = next;
      p.a = {params + shape.weight_offset(k + 1), next, 1};
      p.b = columns_of(ws.delta[K + 1]);
      p.c = d.data(), p.ldc = outputs;
      multiply(p);
    }
    for_row_blocks(outputs, row_block, [&](Eigen::Index first, Eigen::Index count) {
      auto rows = d.middleRows(first, count);
      multiply_by_derivative(shape.activations[K], ws.z[K].middleRows(first, count), ws.a[K].middleRows(first, count),
                             rows);
      auto bias_grad = shape.bias(grad, k).segment(first, count);
      if (add)
        bias_grad += rows.rowwise().sum();
      else
        bias_grad = rows.rowwise().sum();
    });
    Product g;  // dLoss/dW += delta in^T
    g.rows = outputs, g.cols = in.rows(), g.depth = x.cols();
    g.a = columns_of(d);
    g.b = transpose_of(in);
    g.c = grad + shape.weight_offset(k), g.ldc = outputs;
    g.start = add ? ProductStart::accumulate : ProductStart::zero;
    multiply(g);
  }
  if (!grad_input) return;
  grad_input->resize(shape.sizes[0], x.cols());
  Product p;  // dLoss/dx = W_0^T delta_0
  p.rows = shape.sizes[0], p.cols = x.cols(), p.depth = shape.sizes[1];
  p.a = {params + shape.weight_offset(0), shape.sizes[1], 1};
  p.b = columns_of(ws.delta[0]);
  p.c = grad_input->data(), p.ldc = shape.sizes[0];
  multiply(p);
}

void initialise_mlp(const MlpShape& shape, float* params, Rng& rng) {
  for (int k = 0; k < shape.layers(); ++k) {
    const float bound = 1.0f / std::sqrt(static_cast<float>(shape.sizes[k]));
    boost::random::uniform_real_distribution<float> u(-bound, bound);
    auto w = shape.weight(params, k);
    for (Eigen::Index i = 0; i < w.size(); ++i) w.data()[i] = u(rng);
    auto b = shape.bias(params, k);
    for (Eigen::Index i = 0; i < b.size(); ++i) b[i] = u(rng);
  }
}

}  // namespace innate
