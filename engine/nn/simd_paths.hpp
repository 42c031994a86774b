#pragma once
// Between the dispatch (gemm.cpp, lane_mlp.cpp) and the kernel paths, each compiled on its
// own with its instruction set's flags (simd_scalar.cpp, simd_avx2.cpp, simd_avx512.cpp):
// the matrix product's, the lane MLP's and Adam's kernels. Only plain data and function pointers
// cross: no inline function here, so nothing compiled for AVX-512 can be linked into code
// that runs on a CPU without it.
#include <cstddef>

#include "engine/nn/adam_step.hpp"
#include "engine/nn/gemm.hpp"

namespace innate::kernels {

// Blocking (the cache's business only: it never changes a bit of the result).
inline constexpr std::ptrdiff_t kDepthBlock = 256;  // depth terms per pass over C
inline constexpr std::ptrdiff_t kRowBlock = 128;    // rows of A packed at once (a multiple of every tile height)
inline constexpr std::ptrdiff_t kMaxTileCols = 16;  // at least every path's tile width

// A product and the calling thread's packing space: a_pack holds kRowBlock x kDepthBlock
// floats, b_pack kDepthBlock x (cols + kMaxTileCols).
struct Call {
  const Product* product;
  float* a_pack;
  float* b_pack;
};

// The lane MLP's kernels (engine/nn/lane_mlp.hpp: a lane block of kLaneCount inputs side by
// side, unit u of lane l at u * kLaneCount + l; a batch is `chunks` blocks in a row).
inline constexpr std::ptrdiff_t kLaneCount = 16;

// Weight (o, i) at w[o * out_stride + i * in_stride].
struct LaneWeights {
  const float* w;
  std::ptrdiff_t out_stride, in_stride;
};

// A layer's input as the lane kernels read it: in(:, i), or, where `shift` is given,
// in(:, i) + shift[i] rounded once and relu'd where `relu` (what `shift` below would write,
// computed as it is read and never stored). An aggregate, no default member initialiser:
// no implicit function to compile in each path's file.
struct LaneInput {
  const float* in;
  const float* shift;  // or null
  bool relu;
};

struct LaneKernels {
  // z = W x + bias (bias may be null), a = z or relu(z) (a may be null).
  void (*product)(LaneWeights w, const float* bias, std::ptrdiff_t outputs, std::ptrdiff_t inputs,
                  std::ptrdiff_t chunks, LaneInput x, float* z, float* a, bool relu);
  // grad(:, i * outputs + o) += delta(:, o) x(:, i), chunk after chunk.
  void (*add_outer)(const float* delta, std::ptrdiff_t outputs, LaneInput x, std::ptrdiff_t inputs,
                    std::ptrdiff_t chunks, float* grad);
  // For x read through a shift: g(:, u) = W delta (W's rows u, as product, from +0) times
  // relu'(x.in(:, u) + x.shift[u]) where x.relu (relu' of +0 or NaN is 0), chunk after
  // chunk; grad_x(:, u) += g, and grad_shift(:, u) (kLaneCount x outputs) = the sum of g
  // over the chunks, in order from +0.
  void (*shifted_input_gradient)(LaneWeights w, std::ptrdiff_t outputs, std::ptrdiff_t inputs, std::ptrdiff_t chunks,
                                 const float* delta, LaneInput x, float* grad_x, float* grad_shift);
  // grad(:, o) += delta(:, o), chunk after chunk.
  void (*add_chunks)(const float* delta, std::ptrdiff_t outputs, std::ptrdiff_t chunks, float* grad);
  // z = x(:, u) + shift[u] for every chunk's unit u (z may be null), a = z or relu(z).
  void (*shift)(const float* x, const float* shift, std::ptrdiff_t units, std::ptrdiff_t chunks, bool relu, float* z,
                float* a);
};

// What each path file exports.
struct PathKernels {
  void (*multiply)(const Call& call);
  LaneKernels lanes;
  // Adam's float step on n contiguous entries (engine/nn/adam_kernel.inc).
  void (*adam)(const AdamCoefficients& k, std::ptrdiff_t n, float* params, const float* grad, float* m, float* v);
};

PathKernels kernels_scalar();
PathKernels kernels_avx2();
PathKernels kernels_avx512();
const PathKernels& path_kernels();  // those of the process's kernel path (gemm.cpp)

}  // namespace innate::kernels
