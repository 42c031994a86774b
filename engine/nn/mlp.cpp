#include "engine/nn/mlp.hpp"

#include "engine/nn/fixed_blocks.hpp"

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

// body(rows, cols) over fixed blocks of `block` rows in parallel, where rows(m) and
// cols(m) select the block's rows or columns of m; or once on the whole matrices when
// there is one block (Eigen then traverses them linearly, which matters for the many
// small products of the g-nets).
template <class Body>
void for_row_blocks(Eigen::Index rows, Eigen::Index block, Body&& body) {
  const auto whole = [](auto&& m) -> decltype(auto) { return std::forward<decltype(m)>(m); };
  if (block <= 0 || block >= rows) return body(whole, whole);
  for_fixed_blocks(rows, block, [&](Eigen::Index, Eigen::Index first, Eigen::Index count) {
    body([=](auto&& m) { return m.middleRows(first, count); }, [=](auto&& m) { return m.middleCols(first, count); });
  });
}

}  // namespace

const Matrix& mlp_forward(const MlpShape& shape, const float* params, const Eigen::Ref<const Matrix>& x,
                          MlpWorkspace& ws, Eigen::Index row_block) {
  const int layers = shape.layers();
  ws.z.resize(static_cast<std::size_t>(layers));
  ws.a.resize(static_cast<std::size_t>(layers));
  for (int k = 0; k < layers; ++k) {
    const auto K = static_cast<std::size_t>(k);
    const Eigen::Ref<const Matrix> in = k == 0 ? x : Eigen::Ref<const Matrix>(ws.a[K - 1]);
    ws.z[K].resize(shape.sizes[k + 1], x.cols());
    ws.a[K].resize(shape.sizes[k + 1], x.cols());
    for_row_blocks(shape.sizes[k + 1], row_block, [&](auto rows, auto) {
      auto&& z = rows(ws.z[K]);
      z.noalias() = rows(shape.weight(params, k)) * in;
      z.colwise() += rows(shape.bias(params, k));
      auto&& a = rows(ws.a[K]);
      a = z;
      apply_activation(shape.activations[K], a);
    });
  }
  return ws.a.back();
}

void mlp_backward(const MlpShape& shape, const float* params, const Eigen::Ref<const Matrix>& x, MlpWorkspace& ws,
                  const Eigen::Ref<const Matrix>& grad_output, float* grad, Matrix* grad_input,
                  Eigen::Index row_block) {
  const int layers = shape.layers();
  ws.delta.resize(static_cast<std::size_t>(layers));
  for (int k = layers - 1; k >= 0; --k) {
    const auto K = static_cast<std::size_t>(k);
    const Eigen::Ref<const Matrix> in = k == 0 ? x : Eigen::Ref<const Matrix>(ws.a[K - 1]);
    ws.delta[K].resize(shape.sizes[k + 1], x.cols());
    for_row_blocks(shape.sizes[k + 1], row_block, [&](auto rows, auto cols) {
      auto&& d = rows(ws.delta[K]);
      if (k == layers - 1)
        d = rows(grad_output);
      else
        d.noalias() = cols(shape.weight(params, k + 1)).transpose() * ws.delta[K + 1];
      multiply_by_derivative(shape.activations[K], rows(ws.z[K]), rows(ws.a[K]), d);
      rows(shape.weight(grad, k)).noalias() += d * in.transpose();
      rows(shape.bias(grad, k)) += d.rowwise().sum();
    });
  }
  if (grad_input) grad_input->noalias() = shape.weight(params, 0).transpose() * ws.delta[0];
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
