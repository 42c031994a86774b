#include "engine/nn/adam.hpp"

#include "engine/nn/simd_paths.hpp"

namespace innate {

// One pass over the entries (the moments and the parameter of an entry in registers at
// once) instead of Eigen's three, as wide as the kernel path runs (adam_kernel.inc).
void adam_update_float(const AdamCoefficients& k, std::ptrdiff_t n, float* params, const float* grad, float* m,
                       float* v) {
  const SubnormalsAsZero subnormals;
  kernels::path_kernels().adam(k, n, params, grad, m, v);
}

}  // namespace innate
