#include <doctest/doctest.h>

#include <oneapi/tbb/global_control.h>

#include <tuple>

#include "engine/base/rng.hpp"
#include "engine/nn/mlp.hpp"
#include "tests/support.hpp"

using namespace innate;
using innate::test::fill_normal;

namespace {

double loss(const MlpShape& shape, const Eigen::VectorXf& params, const Matrix& x, const Matrix& r) {
  MlpWorkspace ws;
  const Matrix& out = mlp_forward(shape, params.data(), x, ws);
  return (out.cast<double>().array() * r.cast<double>().array()).sum();
}

}  // namespace

TEST_CASE("parameter layout: W (out x in, column-major) then b, layer by layer") {
  MlpShape s{{3, 2, 1}, {Activation::relu, Activation::linear}};
  CHECK(s.param_count() == 3 * 2 + 2 + 2 * 1 + 1);
  CHECK(s.bias_offset(0) == 6);
  CHECK(s.weight_offset(1) == 8);
  // 784-800-10: the 636,010 parameters of Shuvaev et al.'s network.
  CHECK(MlpShape{{784, 800, 10}, {Activation::relu, Activation::linear}}.param_count() == 636010);
}

TEST_CASE("forward pass on a hand-computed case") {
  MlpShape s{{2, 2, 1}, {Activation::relu, Activation::linear}};
  // W0 = [[1, -1], [2, 0.5]] (column-major: 1, 2, -1, 0.5), b0 = [0, -1]; W1 = [1, -2], b1 = 0.5
  Eigen::VectorXf p(9);
  p << 1, 2, -1, 0.5f, 0, -1, 1, -2, 0.5f;
  Matrix x(2, 2);
  x << 1, 0, 2, 1;  // samples (1, 2) and (0, 1)
  MlpWorkspace ws;
  const Matrix& out = mlp_forward(s, p.data(), x, ws);
  // sample 1: h = relu([1-2, 2+1-1]) = [0, 2]; y = 0 - 4 + 0.5 = -3.5
  // sample 2: h = relu([-1, 0.5-1]) = [0, 0]; y = 0.5
  CHECK(out(0, 0) == doctest::Approx(-3.5));
  CHECK(out(0, 1) == doctest::Approx(0.5));
}

TEST_CASE("backward pass agrees with central finite differences for every activation") {
  for (const auto& name : activation_names()) {
    INFO(name);
    const Activation a = parse_activation(name);
    MlpShape s{{5, 4, 3}, {a, Activation::tanh}};
    Eigen::VectorXf p(static_cast<Eigen::Index>(s.param_count()));
    fill_normal(p.data(), s.param_count(), 1);
    Matrix x(5, 7), r(3, 7);
    fill_normal(x.data(), x.size(), 2);
    fill_normal(r.data(), r.size(), 3);

    MlpWorkspace ws;
    mlp_forward(s, p.data(), x, ws);
    Eigen::VectorXf grad = Eigen::VectorXf::Zero(p.size());
    Matrix grad_x;
    mlp_backward(s, p.data(), x, ws, r, grad.data(), &grad_x);

    const float eps = 1e-2f;
    Eigen::VectorXd fd(p.size());
    for (Eigen::Index i = 0; i < p.size(); ++i) {
      Eigen::VectorXf q = p;
      q[i] += eps;
      const double up = loss(s, q, x, r);
      q[i] -= 2 * eps;
      fd[i] = (up - loss(s, q, x, r)) / (2.0 * eps);
    }
    const double rel = (fd - grad.cast<double>()).norm() / fd.norm();
    CHECK(rel < 1e-3);

    Eigen::VectorXd fd_x(x.size());
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      Matrix y = x;
      y.data()[i] += eps;
      const double up = loss(s, p, y, r);
      y.data()[i] -= 2 * eps;
      fd_x[i] = (up - loss(s, p, y, r)) / (2.0 * eps);
    }
    CHECK((fd_x - Eigen::Map<const Eigen::VectorXf>(grad_x.data(), grad_x.size()).cast<double>()).norm() / fd_x.norm() <
          1e-3);
  }
}

TEST_CASE("row-blocked passes match the whole-layer passes, with the same bytes on 1 and 2 threads") {
  const MlpShape s{{30, 70, 20, 3}, {Activation::relu, Activation::tanh, Activation::linear}};
  Eigen::VectorXf p(static_cast<Eigen::Index>(s.param_count()));
  fill_normal(p.data(), s.param_count(), 4);
  Matrix x(30, 50), r(3, 50);
  fill_normal(x.data(), x.size(), 5);
  fill_normal(r.data(), r.size(), 6);
  auto pass = [&](Eigen::Index row_block, int threads) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    MlpWorkspace ws;
    const Matrix out = mlp_forward(s, p.data(), x, ws, row_block);
    Eigen::VectorXf grad = Eigen::VectorXf::Zero(p.size());
    Matrix grad_x;
    mlp_backward(s, p.data(), x, ws, r, grad.data(), &grad_x, row_block);
    return std::tuple{out, grad, grad_x};
  };
  const auto [out, grad, grad_x] = pass(0, 1);
  const auto [out16, grad16, grad_x16] = pass(16, 1);  // 70 units: blocks of 16, 16, 16, 16, 6
  CHECK((out16 - out).norm() <= 1e-5 * out.norm());
  CHECK((grad16 - grad).norm() <= 1e-5 * grad.norm());
  CHECK((grad_x16 - grad_x).norm() <= 1e-5 * grad_x.norm());
  const auto [out2, grad2, grad_x2] = pass(16, 2);
  CHECK(out2 == out16);
  CHECK(grad2 == grad16);
  CHECK(grad_x2 == grad_x16);
}
