// The kernels (matrix product, lane MLP) on 8-lane AVX2 vectors with FMA (compiled with
// -mavx2 -mfma). The product's tiles: 16 rows by 6 columns, 12 accumulators of the 16
// registers.
#include <immintrin.h>

#include <cstddef>
#include <utility>

#include "engine/nn/simd_paths.hpp"

namespace {

struct Simd {
  using V = __m256;
  static constexpr int W = 8, kVecs = 2, kCols = 6;
  static V zero() { return _mm256_setzero_ps(); }
  static V broadcast(float s) { return _mm256_set1_ps(s); }
  static V load(const float* p) { return _mm256_loadu_ps(p); }
  static __m256i first(int n) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  }
  static V load_first(const float* p, int n) { return _mm256_maskload_ps(p, first(n)); }
  static void store(float* p, V v) { _mm256_storeu_ps(p, v); }
  static void store_first(float* p, V v, int n) { _mm256_maskstore_ps(p, first(n), v); }
  static V fma(V a, V b, V acc) { return _mm256_fmadd_ps(a, b, acc); }
  // max_ps returns its second operand, +0, where v is NaN or -0: v where v > 0, else +0, as the scalar path.
  static V max0(V v) { return _mm256_max_ps(v, _mm256_setzero_ps()); }
  static V add(V a, V b) { return _mm256_add_ps(a, b); }
  static V sub(V a, V b) { return _mm256_sub_ps(a, b); }
  static V mul(V a, V b) { return _mm256_mul_ps(a, b); }
  static V div(V a, V b) { return _mm256_div_ps(a, b); }
  static V sqrt(V a) { return _mm256_sqrt_ps(a); }
  // g times 1 where z > 0, else times +0: relu's derivative as multiply_by_derivative applies it.
  static V gate(V g, V z) {
    return _mm256_mul_ps(g, _mm256_and_ps(_mm256_cmp_ps(z, _mm256_setzero_ps(), _CMP_GT_OQ), _mm256_set1_ps(1.0f)));
  }
  static constexpr int kRegisters = 16;
};

}  // namespace

#include "engine/nn/adam_kernel.inc"
#include "engine/nn/gemm_kernel.inc"
#include "engine/nn/lane_kernel.inc"

innate::kernels::PathKernels innate::kernels::kernels_avx2() { return {&run, kLaneKernels, &adam_step}; }
