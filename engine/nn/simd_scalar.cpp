// The kernels (matrix product, lane MLP) without vectors: one float a lane. Any CPU runs
// them; the other paths must match them bit for bit (tests/test_gemm.cpp).
#include <cstddef>
#include <utility>

#include "engine/nn/simd_paths.hpp"

namespace {

struct Simd {
  using V = float;
  static constexpr int W = 1, kVecs = 4, kCols = 4;
  static V zero() { return 0.0f; }
  static V broadcast(float s) { return s; }
  static V load(const float* p) { return *p; }
  static V load_first(const float* p, int n) { return n > 0 ? *p : 0.0f; }
  static void store(float* p, V v) { *p = v; }
  static void store_first(float* p, V v, int n) {
    if (n > 0) *p = v;
  }
  static V fma(V a, V b, V acc) { return __builtin_fmaf(a, b, acc); }
  static V max0(V v) { return v > 0.0f ? v : 0.0f; }
  static V add(V a, V b) { return a + b; }
  static V sub(V a, V b) { return a - b; }
  static V mul(V a, V b) { return a * b; }
  static V div(V a, V b) { return a / b; }
  static V sqrt(V a) { return __builtin_sqrtf(a); }
  // g times 1 where z > 0, else times +0: relu's derivative as multiply_by_derivative applies it.
  static V gate(V g, V z) { return g * (z > 0.0f ? 1.0f : 0.0f); }
  static constexpr int kRegisters = 64;
};

}  // namespace

#include "engine/nn/adam_kernel.inc"
#include "engine/nn/gemm_kernel.inc"
#include "engine/nn/lane_kernel.inc"

innate::kernels::PathKernels innate::kernels::kernels_scalar() { return {&run, kLaneKernels, &adam_step}; }
