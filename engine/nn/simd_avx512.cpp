// The kernels (matrix product, lane MLP) on 16-lane AVX-512 vectors (compiled with
// -mavx512f). The product's tiles: 32 rows by 12 columns, 24 accumulators of the 32
// registers.
#include <immintrin.h>

#include <cstddef>
#include <utility>

#include "engine/nn/simd_paths.hpp"

namespace {

struct Simd {
  using V = __m512;
  static constexpr int W = 16, kVecs = 2, kCols = 12;
  static V zero() { return _mm512_setzero_ps(); }
  static V broadcast(float s) { return _mm512_set1_ps(s); }
  static V load(const float* p) { return _mm512_loadu_ps(p); }
  static __mmask16 first(int n) { return static_cast<__mmask16>((1u << n) - 1u); }
  static V load_first(const float* p, int n) { return _mm512_maskz_loadu_ps(first(n), p); }
  static void store(float* p, V v) { _mm512_storeu_ps(p, v); }
  static void store_first(float* p, V v, int n) { _mm512_mask_storeu_ps(p, first(n), v); }
  static V fma(V a, V b, V acc) { return _mm512_fmadd_ps(a, b, acc); }
  // v where v > 0, else +0 (as the scalar path; _mm512_max_ps trips GCC 12's bug 105593).
  static V max0(V v) { return _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_GT_OQ), v); }
  static V add(V a, V b) { return _mm512_add_ps(a, b); }
  static V sub(V a, V b) { return _mm512_sub_ps(a, b); }
  static V mul(V a, V b) { return _mm512_mul_ps(a, b); }
  static V div(V a, V b) { return _mm512_div_ps(a, b); }
  // All lanes through the zero-masked form: _mm512_sqrt_ps trips GCC 12's bug 105593 too.
  static V sqrt(V a) { return _mm512_maskz_sqrt_ps(static_cast<__mmask16>(0xFFFF), a); }
  // g times 1 where z > 0, else times +0: relu's derivative as multiply_by_derivative applies it.
  static V gate(V g, V z) {
    const __mmask16 positive = _mm512_cmp_ps_mask(z, _mm512_setzero_ps(), _CMP_GT_OQ);
    return _mm512_mul_ps(g, _mm512_maskz_mov_ps(positive, _mm512_set1_ps(1.0f)));
  }
  static constexpr int kRegisters = 32;
};

}  // namespace

#include "engine/nn/adam_kernel.inc"
#include "engine/nn/gemm_kernel.inc"
#include "engine/nn/lane_kernel.inc"

innate::kernels::PathKernels innate::kernels::kernels_avx512() { return {&run, kLaneKernels, &adam_step}; }
