#include "engine/mlp.hpp"

#include <cmath>
#include <stdexcept>

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
    case Activation::linear: break;
    case Activation::relu: x = x.max(0.0f); break;
    case Activation::tanh: x = x.tanh(); break;
    case Activation::sigmoid: x = 1.0f / (1.0f + (-x).exp()); break;
    case Activation::sin: x = x.sin(); break;
    case Activation::gaussian: x = (-x.square()).exp(); break;
    case Activation::abs: x = x.abs(); break;
  }
}

void multiply_by_derivative(Activation a, const Matrix& z, const Matrix& out, Eigen::Ref<Matrix> grad) {
  auto g = grad.array();
  switch (a) {
    case Activation::linear: break;
    case Activation::relu: g *= (z.array() > 0.0f).cast<float>(); break;
    case Activation::tanh: g *= 1.0f - out.array().square(); break;
    case Activation::sigmoid: g *= out.array() * (1.0f - out.array()); break;
    case Activation::sin: g *= z.array().cos(); break;
    case Activation::gaussian: g *= -2.0f * z.array() * out.array(); break;
    case Activation::abs: g *= z.array().sign(); break;
  }
}

const Matrix& mlp_forward(const MlpShape& shape, const float* params, const Eigen::Ref<const Matrix>& x,
                          MlpWorkspace& ws) {
  const int layers = shape.layers();
  ws.z.resize(static_cast<std::size_t>(layers));
  ws.a.resize(static_cast<std::size_t>(layers));
  for (int k = 0; k < layers; ++k) {
    const auto K = static_cast<std::size_t>(k);
    Matrix& z = ws.z[K];
    z.resize(shape.sizes[k + 1], x.cols());
    if (k == 0) z.noalias() = shape.weight(params, k) * x;
    else z.noalias() = shape.weight(params, k) * ws.a[K - 1];
    z.colwise() += shape.bias(params, k);
    ws.a[K] = z;
    apply_activation(shape.activations[K], ws.a[K]);
  }
  return ws.a.back();
}

void mlp_backward(const MlpShape& shape, const float* params, const Eigen::Ref<const Matrix>& x, MlpWorkspace& ws,
                  const Eigen::Ref<const Matrix>& grad_output, float* grad, Matrix* grad_input) {
  const int layers = shape.layers();
  ws.delta.resize(static_cast<std::size_t>(layers));
  for (int k = layers - 1; k >= 0; --k) {
    const auto K = static_cast<std::size_t>(k);
    Matrix& d = ws.delta[K];
    if (k == layers - 1) d = grad_output;
    else d.noalias() = shape.weight(params, k + 1).transpose() * ws.delta[K + 1];
    multiply_by_derivative(shape.activations[K], ws.z[K], ws.a[K], d);
    if (k == 0) shape.weight(grad, k).noalias() += d * x.transpose();
    else shape.weight(grad, k).noalias() += d * ws.a[K - 1].transpose();
    shape.bias(grad, k) += d.rowwise().sum();
  }
  if (grad_input) grad_input->noalias() = shape.weight(params, 0).transpose() * ws.delta[0];
}

}  // namespace innate
