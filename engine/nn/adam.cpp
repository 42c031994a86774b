#include "engine/nn/adam.hpp"

#if defined(__AVX__)
#include <immintrin.h>
#endif

namespace innate {

// One pass over the entries (the moments and the parameter of an entry in registers at
// once) instead of Eigen's three. Every operation is IEEE's correctly rounded one and none
// is fused, so the 8-wide loop and the scalar tail give the same bits as the three passes.
// 8 wide even where AVX-512 runs: the division and the square root set the pace, and
// Intel's 16-wide forms take twice the cycles of the 8-wide ones.
void adam_update_float(const AdamCoefficients& k, std::ptrdiff_t n, float* params, const float* grad, float* m,
                       float* v) {
  const SubnormalsAsZero subnormals;
  std::ptrdiff_t i = 0;
#if defined(__AVX__)
  const __m256 b1 = _mm256_set1_ps(k.b1), w1 = _mm256_set1_ps(k.w1), b2 = _mm256_set1_ps(k.b2),
               w2 = _mm256_set1_ps(k.w2), eps = _mm256_set1_ps(k.epsilon), a = _mm256_set1_ps(k.step_size),
               c = _mm256_set1_ps(k.root_correction);
  for (; i + 8 <= n; i += 8) {
    const __m256 g = _mm256_loadu_ps(grad + i);
    const __m256 mi = _mm256_add_ps(_mm256_mul_ps(b1, _mm256_loadu_ps(m + i)), _mm256_mul_ps(w1, g));
    const __m256 vi = _mm256_add_ps(_mm256_mul_ps(b2, _mm256_loadu_ps(v + i)), _mm256_mul_ps(w2, _mm256_mul_ps(g, g)));
    _mm256_storeu_ps(m + i, mi);
    _mm256_storeu_ps(v + i, vi);
    const __m256 denominator = _mm256_add_ps(_mm256_div_ps(_mm256_sqrt_ps(vi), c), eps);
    const __m256 step = _mm256_mul_ps(a, _mm256_div_ps(mi, denominator));
    _mm256_storeu_ps(params + i, _mm256_sub_ps(_mm256_loadu_ps(params + i), step));
  }
#endif
  for (; i < n; ++i) {
    const float g = grad[i];
    const float mi = k.b1 * m[i] + k.w1 * g;
    const float vi = k.b2 * v[i] + k.w2 * (g * g);
    m[i] = mi;
    v[i] = vi;
    params[i] -= k.step_size * (mi / (std::sqrt(vi) / k.root_correction + k.epsilon));
  }
}

}  // namespace innate
