#include <doctest/doctest.h>

#include <bit>
#include <cmath>

#include "engine/nn/lane_mlp.hpp"
#include "tests/support.hpp"

using namespace innate;
using innate::test::fill_normal;

namespace {

// The documented arithmetic, one input at a time: z = b, then z = fma(W(r, k), x_k, z)
// for k ascending; relu as max(z, 0).
Eigen::VectorXf reference_forward(const MlpShape& s, const float* p, Eigen::VectorXf x) {
  for (int k = 0; k < s.layers(); ++k) {
    const auto w = s.weight(p, k);
    const auto b = s.bias(p, k);
    Eigen::VectorXf z(w.rows());
    for (Eigen::Index r = 0; r < w.rows(); ++r) {
      float acc = b[r];
      for (Eigen::Index i = 0; i < w.cols(); ++i) acc = std::fma(w(r, i), x[i], acc);
      z[r] = s.activations[static_cast<std::size_t>(k)] == Activation::relu ? std::max(acc, 0.0f) : acc;
    }
    x = z;
  }
  return x;
}

// A batch of `chunks` chunks, sample (chunk c, lane l) = column c * kLanes + l of `samples`.
LaneBlock to_batch(const Matrix& samples, Eigen::Index chunks) {
  const Eigen::Index units = samples.rows();
  LaneBlock batch(kLanes, units * chunks);
  for (Eigen::Index c = 0; c < chunks; ++c)
    for (Eigen::Index l = 0; l < kLanes; ++l)
      batch.block(l, c * units, 1, units) = samples.col(c * kLanes + l).transpose();
  return batch;
}

}  // namespace

TEST_CASE("lane forward: every lane computes the documented fused multiply-adds, bit for bit") {
  // Widths that fill no kernel block exactly (7 outputs, 1 output) and a hidden layer of 10,
  // which the kernel splits 5 + 5 on AVX2.
  const MlpShape s{{9, 10, 7, 1}, {Activation::relu, Activation::relu, Activation::linear}};
  Eigen::VectorXf p(static_cast<Eigen::Index>(s.param_count()));
  fill_normal(p.data(), static_cast<std::size_t>(p.size()), 1);
  const Eigen::Index chunks = 3;
  Matrix x(9, chunks * kLanes);
  fill_normal(x.data(), static_cast<std::size_t>(x.size()), 2);
  LaneWorkspace ws;
  const LaneBlock& out = lane_forward(s, p.data(), to_batch(x, chunks), chunks, ws);
  REQUIRE(out.cols() == chunks);
  for (Eigen::Index c = 0; c < chunks; ++c)
    for (Eigen::Index l = 0; l < kLanes; ++l) {
      const float expected = reference_forward(s, p.data(), x.col(c * kLanes + l))[0];
      CHECK(std::bit_cast<std::uint32_t>(out(l, c)) == std::bit_cast<std::uint32_t>(expected));
    }
}

TEST_CASE("lane backward: the lanes' gradients add up to the GEMM backward's, and dLoss/dx matches") {
  for (const Activation act : {Activation::relu, Activation::tanh}) {
    INFO(activation_name(act));
    const MlpShape s{{6, 10, 1}, {act, Activation::linear}};
    Eigen::VectorXf p(static_cast<Eigen::Index>(s.param_count()));
    fill_normal(p.data(), static_cast<std::size_t>(p.size()), 3);
    const Eigen::Index chunks = 2, n = chunks * kLanes;
    Matrix x(6, n), grad_out(1, n);
    fill_normal(x.data(), static_cast<std::size_t>(x.size()), 4);
    fill_normal(grad_out.data(), static_cast<std::size_t>(grad_out.size()), 5);
    grad_out.rightCols(3).setZero();  // lanes with no gradient, as the g-net's padding

    MlpWorkspace mws;
    mlp_forward(s, p.data(), x, mws);
    Eigen::VectorXf expected = Eigen::VectorXf::Zero(p.size());
    Matrix expected_dx;
    mlp_backward(s, p.data(), x, mws, grad_out, expected.data(), &expected_dx);

    LaneWorkspace ws;
    const LaneBlock batch = to_batch(x, chunks);
    lane_forward(s, p.data(), batch, chunks, ws);
    LaneBlock grad_lanes = LaneBlock::Zero(kLanes, p.size()), dx;
    lane_backward(s, p.data(), batch, chunks, ws, to_batch(grad_out, chunks), grad_lanes, &dx);
    Eigen::VectorXf grad = Eigen::VectorXf::Zero(p.size());
    add_lane_sums(grad_lanes, grad.data());
    CHECK((grad - expected).cwiseAbs().maxCoeff() <= 1e-4f * (1.0f + expected.cwiseAbs().maxCoeff()));
    CHECK((dx - to_batch(expected_dx, chunks)).cwiseAbs().maxCoeff() <= 1e-5f);
    // A lane whose dLoss/dOutput is zero adds nothing to its own row of the gradients.
    LaneBlock only_padding = LaneBlock::Zero(kLanes, p.size());
    lane_backward(s, p.data(), batch, chunks, ws, LaneBlock::Zero(kLanes, chunks), only_padding);
    CHECK(only_padding.cwiseAbs().maxCoeff() == 0.0f);
  }
}

TEST_CASE("lane shift: z = x + shift per unit, a = act(z)") {
  LaneBlock x(kLanes, 4);
  fill_normal(x.data(), static_cast<std::size_t>(x.size()), 6);
  const float shift[2] = {0.5f, -2.0f};
  LaneBlock z, a;
  lane_shift(x.data(), shift, 2, 2, Activation::relu, &z, a);
  for (Eigen::Index c = 0; c < 4; ++c)
    for (Eigen::Index l = 0; l < kLanes; ++l) {
      CHECK(z(l, c) == x(l, c) + shift[c % 2]);
      CHECK(a(l, c) == std::max(z(l, c), 0.0f));
    }
  lane_shift(x.data(), shift, 2, 2, Activation::tanh, &z, a);
  CHECK(a(3, 1) == doctest::Approx(std::tanh(x(3, 1) - 2.0f)));
}
