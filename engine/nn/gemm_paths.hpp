#pragma once
// Between gemm.cpp (the dispatch) and the kernel paths, each compiled on its own with its
// instruction set's flags (gemm_scalar.cpp, gemm_avx2.cpp, gemm_avx512.cpp). Only plain
// data crosses: no inline function here, so nothing compiled for AVX-512 can be linked
// into code that runs on a CPU without it.
#include <cstddef>

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

void multiply_scalar(const Call& call);
void multiply_avx2(const Call& call);
void multiply_avx512(const Call& call);

}  // namespace innate::kernels
