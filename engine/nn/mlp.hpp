#pragma once
// Multilayer perceptrons whose parameters live in one flat float32 array. The same code
// runs the phenotype network (a classifier, a policy), the g-networks that generate its
// weights, bias nets and CPPNs. Samples are columns: a batch is a (features x batch) matrix, so
// every layer is one GEMM.
//
// Parameter layout: for each layer k, W_k (sizes[k+1] x sizes[k], column-major) then b_k.
//
// Determinism: every product goes through engine/nn/gemm.hpp, whose sums are added in one
// fixed order on every kernel path, blocking and thread count. Eigen's own vectorised
// sums (elsewhere) start at the first aligned element, so their bits depend on where the
// data sit modulo 64 bytes: keep parameters and genomes in Eigen-allocated storage
// (always 64-byte aligned), never in a std::vector, wherever runs or threads must agree.
#include <Eigen/Core>

#include <span>
#include <string>
#include <vector>

#include "engine/base/rng.hpp"

namespace innate {

enum class Activation { linear, relu, tanh, sigmoid, sin, gaussian, abs };

Activation parse_activation(const std::string& name);  // throws std::invalid_argument
std::string activation_name(Activation a);
const std::vector<std::string>& activation_names();

using Matrix = Eigen::MatrixXf;
using MatrixMap = Eigen::Map<Matrix>;
using ConstMatrixMap = Eigen::Map<const Matrix>;

struct MlpShape {
  std::vector<int> sizes;               // units per layer, input first
  std::vector<Activation> activations;  // one per weight layer

  int layers() const { return static_cast<int>(activations.size()); }
  std::size_t param_count() const;
  std::size_t weight_offset(int layer) const;
  std::size_t bias_offset(int layer) const {
    return weight_offset(layer) + std::size_t(sizes[layer + 1]) * sizes[layer];
  }
  ConstMatrixMap weight(const float* params, int layer) const;
  MatrixMap weight(float* params, int layer) const;
  Eigen::Map<const Eigen::VectorXf> bias(const float* params, int layer) const;
  Eigen::Map<Eigen::VectorXf> bias(float* params, int layer) const;
};

// Activations of one forward pass, reused across calls: buffers grow to the largest
// batch seen and are never freed inside a loop.
struct MlpWorkspace {
  std::vector<Matrix> z;      // pre-activations per layer
  std::vector<Matrix> a;      // outputs per layer (a.back() is the network's output)
  std::vector<Matrix> delta;  // dLoss/dz per layer, filled by backward
};

// a = act(W x + b), layer by layer; returns the output (a.back()).
//
// The products parallelise themselves (engine/nn/gemm.hpp); `row_block` > 0 splits the
// elementwise work of each layer that is not fused into its product (activations other
// than relu and linear, their derivatives, the bias gradient) into blocks of that many
// units, run in parallel. The blocks are fixed by `row_block`, never by the thread count,
// so the bits are the same for any number of threads. 0 runs that work as one block.
const Matrix& mlp_forward(const MlpShape& shape, const float* params, const Eigen::Ref<const Matrix>& x,
                          MlpWorkspace& ws, Eigen::Index row_block = 0);

// Given dLoss/dOutput for the batch of the last forward pass, adds dLoss/dParams to
// `grad` (same layout as params), or writes it there when `add` is false, and, if
// `grad_input` is given, writes dLoss/dx. `row_block` as for mlp_forward.
void mlp_backward(const MlpShape& shape, const float* params, const Eigen::Ref<const Matrix>& x, MlpWorkspace& ws,
                  const Eigen::Ref<const Matrix>& grad_output, float* grad, Matrix* grad_input = nullptr,
                  Eigen::Index row_block = 0, bool add = true);

// In place: m = act(m), and the derivative d act/dz given z and act(z).
void apply_activation(Activation a, Eigen::Ref<Matrix> m);
void multiply_by_derivative(Activation a, const Eigen::Ref<const Matrix>& z, const Eigen::Ref<const Matrix>& out,
                            Eigen::Ref<Matrix> grad);

// A network: its shape and its parameters.
struct Mlp {
  MlpShape shape;
  Eigen::VectorXf params;

  explicit Mlp(MlpShape s = {})
      : shape(std::move(s)), params(Eigen::VectorXf::Zero(Eigen::Index(shape.param_count()))) {}
  ConstMatrixMap weight(int layer) const { return shape.weight(params.data(), layer); }
  MatrixMap weight(int layer) { return shape.weight(params.data(), layer); }
  Eigen::Map<const Eigen::VectorXf> bias(int layer) const { return shape.bias(params.data(), layer); }
  Eigen::Map<Eigen::VectorXf> bias(int layer) { return shape.bias(params.data(), layer); }
};

// PyTorch's default initialisation of a linear layer: weights and biases uniform in
// +-1/sqrt(fan_in). Used for every MLP that lives in a genome and every network trained
// from random init.
void initialise_mlp(const MlpShape& shape, float* params, Rng& rng);

}  // namespace innate
