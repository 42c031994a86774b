#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>

#include "engine/nn/gemm.hpp"
#include "engine/nn/lane_mlp.hpp"
#include "tests/support.hpp"

using namespace innate;
using innate::test::fill_normal;

namespace {

// The documented arithmetic, written out entry by entry: start, then fma(A(i, q), B(q, j), .)
// for q ascending.
float reference_entry(const Product& p, const Matrix& c_before, Eigen::Index i, Eigen::Index j) {
  float acc = p.start == ProductStart::accumulate ? c_before(i, j) : p.start == ProductStart::bias ? p.bias[i] : 0.0f;
  for (Eigen::Index q = 0; q < p.depth; ++q)
    acc = std::fma(p.a.data[i * p.a.row_stride + q * p.a.col_stride], p.b.data[q * p.b.row_stride + j * p.b.col_stride],
                   acc);
  return acc;
}

bool same_bits(float x, float y) { return std::bit_cast<std::uint32_t>(x) == std::bit_cast<std::uint32_t>(y); }

// Restores the process's kernel path when a test has forced others.
struct PathGuard {
  KernelPath saved = kernel_path();
  ~PathGuard() { set_kernel_path(saved); }
};

struct Case {
  Eigen::Index rows, cols, depth;
  bool a_transposed, b_transposed;
  ProductStart start;
  ProductOutput output;
};

// Counts the entries of C (and of the activated copy) that differ in any bit from the
// reference, on the current kernel path.
int mismatches(const Case& k, std::uint64_t seed) {
  Matrix a(k.a_transposed ? k.depth : k.rows, k.a_transposed ? k.rows : k.depth);
  Matrix b(k.b_transposed ? k.cols : k.depth, k.b_transposed ? k.depth : k.cols);
  Matrix c(k.rows + 3, k.cols), activated(k.rows + 3, k.cols);  // ldc past the rows: tiles must not spill
  Eigen::VectorXf bias(k.rows);
  fill_normal(a.data(), std::size_t(a.size()), seed);
  fill_normal(b.data(), std::size_t(b.size()), seed + 1);
  fill_normal(c.data(), std::size_t(c.size()), seed + 2);
  fill_normal(bias.data(), std::size_t(bias.size()), seed + 3);
  activated.setConstant(7.0f);
  const Matrix before = c;
  Product p;
  p.rows = k.rows, p.cols = k.cols, p.depth = k.depth;
  p.a = k.a_transposed ? StridedMatrix{a.data(), a.rows(), 1} : StridedMatrix{a.data(), 1, a.rows()};
  p.b = k.b_transposed ? StridedMatrix{b.data(), b.rows(), 1} : StridedMatrix{b.data(), 1, b.rows()};
  p.c = c.data(), p.ldc = c.rows(), p.start = k.start, p.bias = bias.data();
  p.output = k.output, p.activated = activated.data();
  multiply(p);
  int wrong = 0;
  for (Eigen::Index j = 0; j < k.cols; ++j) {
    for (Eigen::Index i = 0; i < k.rows; ++i) {
      const float z = reference_entry(p, before, i, j);
      wrong += !same_bits(c(i, j), z);
      const float act = k.output == ProductOutput::relu ? (z > 0.0f ? z : 0.0f) : z;
      if (k.output != ProductOutput::none) wrong += !same_bits(activated(i, j), act);
    }
    for (Eigen::Index i = k.rows; i < c.rows(); ++i)
      wrong += !same_bits(c(i, j), before(i, j)) + (k.output != ProductOutput::none && activated(i, j) != 7.0f);
  }
  return wrong;
}

}  // namespace

TEST_CASE("every kernel path computes each product entry as the documented chain of fused multiply-adds") {
  // Ragged shapes: rows past a tile and past the packing block (150 > 128), columns that
  // fill no tile width, depth across the depth blocks (300, 513 > 256), depth 0, one column,
  // and products with few rows (run transposed where a tile is taller than twice them).
  const Case cases[] = {
      {1, 1, 1, false, false, ProductStart::zero, ProductOutput::none},
      {7, 5, 3, false, false, ProductStart::bias, ProductOutput::relu},
      {33, 13, 300, false, false, ProductStart::bias, ProductOutput::copy},
      {150, 29, 17, true, false, ProductStart::zero, ProductOutput::none},
      {64, 1, 513, false, false, ProductStart::bias, ProductOutput::relu},
      {10, 37, 128, false, true, ProductStart::accumulate, ProductOutput::none},
      {47, 19, 260, true, true, ProductStart::accumulate, ProductOutput::relu},
      {20, 9, 0, false, false, ProductStart::bias, ProductOutput::copy},
      // Few rows, many columns: run as the transposed view on the wider paths.
      {10, 128, 256, false, false, ProductStart::bias, ProductOutput::relu},
      {9, 70, 300, true, true, ProductStart::bias, ProductOutput::copy},
      {3, 40, 20, false, true, ProductStart::zero, ProductOutput::none},
  };
  PathGuard guard;
  int tried = 0;
  for (KernelPath path : kernel_paths()) {
    if (!kernel_path_supported(path)) {
      MESSAGE("kernel path ", kernel_path_name(path), " not run: this CPU lacks it");
      continue;
    }
    set_kernel_path(path);
    ++tried;
    std::uint64_t seed = 10;
    for (const Case& k : cases) {
      CAPTURE(kernel_path_name(path));
      CAPTURE(k.rows);
      CAPTURE(k.cols);
      CAPTURE(k.depth);
      CHECK(mismatches(k, seed += 4) == 0);
    }
  }
  CHECK(tried >= 1);
}

TEST_CASE("an MLP's forward pass is, bit for bit, the lane kernels' for every sample, on every kernel path") {
  // Two implementations of the same documented sum (mlp_forward's blocked product and
  // lane_forward's per-lane kernel) must agree exactly on relu and linear layers, each
  // path with the scalar lanes.
  const MlpShape s{{37, 70, 9, 3}, {Activation::relu, Activation::relu, Activation::linear}};
  Eigen::VectorXf params(static_cast<Eigen::Index>(s.param_count()));
  fill_normal(params.data(), s.param_count(), 40);
  const Eigen::Index chunks = 3, samples = chunks * kLanes;
  Matrix x(37, samples);
  fill_normal(x.data(), std::size_t(x.size()), 41);
  LaneBlock lanes(kLanes, 37 * chunks);
  for (Eigen::Index n = 0; n < samples; ++n) lanes.block(n % kLanes, n / kLanes * 37, 1, 37) = x.col(n).transpose();
  PathGuard guard;
  set_kernel_path(KernelPath::scalar);
  LaneWorkspace scalar_ws;
  const LaneBlock expected = lane_forward(s, params.data(), lanes, chunks, scalar_ws);
  for (KernelPath path : kernel_paths()) {
    if (!kernel_path_supported(path)) continue;
    set_kernel_path(path);
    LaneWorkspace lane_ws;
    CHECK(lane_forward(s, params.data(), lanes, chunks, lane_ws) == expected);
    for (Eigen::Index row_block : {Eigen::Index{0}, Eigen::Index{16}}) {
      MlpWorkspace ws;
      const Matrix& out = mlp_forward(s, params.data(), x, ws, row_block);
      int wrong = 0;
      for (Eigen::Index n = 0; n < samples; ++n)
        for (Eigen::Index u = 0; u < 3; ++u) wrong += !same_bits(out(u, n), expected(n % kLanes, n / kLanes * 3 + u));
      CAPTURE(kernel_path_name(path));
      CAPTURE(row_block);
      CHECK(wrong == 0);
    }
  }
}

TEST_CASE("the shifted lane forward reads act(x + shift) as lane_shift writes it, bit for bit, on every kernel path") {
  // The g-net's decode computes its first layer as the tail reads it; it must be the shift
  // then the forward pass, for relu and linear (computed in the kernel) and tanh (written
  // out), with an odd tail so the units split into uneven blocks.
  const MlpShape tail{{30, 11, 1}, {Activation::relu, Activation::linear}};
  Eigen::VectorXf params(static_cast<Eigen::Index>(tail.param_count()));
  fill_normal(params.data(), tail.param_count(), 42);
  const Eigen::Index chunks = 5;
  LaneBlock x(kLanes, 30 * chunks);
  fill_normal(x.data(), std::size_t(x.size()), 43);
  Eigen::VectorXf shift(30);
  fill_normal(shift.data(), 30, 44);
  PathGuard guard;
  for (KernelPath path : kernel_paths()) {
    if (!kernel_path_supported(path)) continue;
    set_kernel_path(path);
    for (Activation act : {Activation::relu, Activation::linear, Activation::tanh}) {
      LaneBlock shifted;
      lane_shift(x.data(), shift.data(), 30, chunks, act, nullptr, shifted);
      LaneWorkspace two_steps, fused;
      const LaneBlock expected = lane_forward(tail, params.data(), shifted, chunks, two_steps);
      const LaneBlock& out = lane_forward_shifted(tail, params.data(), x.data(), shift.data(), act, chunks, fused);
      int wrong = 0;
      for (Eigen::Index i = 0; i < out.size(); ++i) wrong += !same_bits(out.data()[i], expected.data()[i]);
      CAPTURE(kernel_path_name(path));
      CAPTURE(activation_name(act));
      CHECK(out.size() == kLanes * chunks);
      CHECK(wrong == 0);
    }
  }
}

TEST_CASE(
    "the shifted lane backward is, bit for bit, the shift, the backward and the derivative in turn, on every path") {
  // The g-net's backward never writes its first layer out: it must give the gradients the
  // composition gives, for relu and linear (in the kernels) and tanh (written out), with
  // 29 inputs and 11 hidden units so every kernel's blocks come out uneven.
  const MlpShape tail{{29, 11, 1}, {Activation::relu, Activation::linear}};
  const Eigen::Index units = 29, chunks = 5;
  Eigen::VectorXf params(static_cast<Eigen::Index>(tail.param_count()));
  fill_normal(params.data(), tail.param_count(), 45);
  LaneBlock x(kLanes, units * chunks), grad_out(kLanes, chunks), start(kLanes, units * chunks);
  fill_normal(x.data(), std::size_t(x.size()), 46);
  fill_normal(grad_out.data(), std::size_t(grad_out.size()), 47);
  fill_normal(start.data(), std::size_t(start.size()), 48);
  grad_out.col(chunks - 1).tail(5).setZero();  // lanes past the last input, as the g-net pads
  Eigen::VectorXf shift(units);
  fill_normal(shift.data(), std::size_t(units), 49);
  const auto same = [](const LaneBlock& a, const LaneBlock& b) {
    if (a.cols() != b.cols()) return false;
    for (Eigen::Index i = 0; i < a.size(); ++i)
      if (!same_bits(a.data()[i], b.data()[i])) return false;
    return true;
  };
  PathGuard guard;
  for (KernelPath path : kernel_paths()) {
    if (!kernel_path_supported(path)) continue;
    set_kernel_path(path);
    for (Activation act : {Activation::relu, Activation::linear, Activation::tanh}) {
      CAPTURE(kernel_path_name(path));
      CAPTURE(activation_name(act));
      LaneBlock z, a, grad_in, lanes_expected = LaneBlock::Zero(kLanes, tail.param_count());
      lane_shift(x.data(), shift.data(), units, chunks, act, &z, a);
      LaneWorkspace steps;
      lane_forward(tail, params.data(), a, chunks, steps);
      lane_backward(tail, params.data(), a, chunks, steps, grad_out, lanes_expected, &grad_in);
      multiply_by_derivative(act, z, a, grad_in);
      const LaneBlock x_expected = start + grad_in;
      LaneBlock shift_expected = LaneBlock::Zero(kLanes, units);
      for (Eigen::Index c = 0; c < chunks; ++c) shift_expected += grad_in.middleCols(c * units, units);

      LaneWorkspace fused;
      LaneBlock lanes = LaneBlock::Zero(kLanes, tail.param_count()), grad_x = start, grad_shift;
      lane_forward_shifted(tail, params.data(), x.data(), shift.data(), act, chunks, fused);
      lane_backward_shifted(tail, params.data(), x.data(), shift.data(), act, chunks, fused, grad_out, lanes, grad_x,
                            grad_shift);
      CHECK(same(lanes, lanes_expected));
      CHECK(same(grad_x, x_expected));
      CHECK(same(grad_shift, shift_expected));
      CHECK(grad_shift.cwiseAbs().sum() > 0);
    }
  }
}

TEST_CASE("INNATE_KERNELS naming no path, or one this CPU lacks, ends in one line and exit code 2") {
  innate::test::TempDir t;
  const std::string args = "run scenarios/cartpole_direct.toml --quiet --out " + (t / "out").string();
  auto r = innate::test::run_innate(args, "INNATE_KERNELS=avx9");
  CHECK(r.code == 2);
  CHECK(r.err == "innate: INNATE_KERNELS=avx9: unknown kernel path (scalar, avx2 or avx512)\n");
  CHECK_FALSE(std::filesystem::exists(t / "out"));
  for (KernelPath path : kernel_paths()) {
    r = innate::test::run_innate(args, "INNATE_KERNELS=" + kernel_path_name(path));
    CAPTURE(kernel_path_name(path));
    if (kernel_path_supported(path)) {
      CHECK(r.code == 0);
      CHECK(innate::test::slurp(t / "out" / "resources.json").find("\"kernels\": \"" + kernel_path_name(path) + "\"") !=
            std::string::npos);
    } else {
      CHECK(r.code == 2);
      CHECK(r.err.find("cannot run it") != std::string::npos);
    }
    std::filesystem::remove_all(t / "out");
  }
}
