#pragma once
// The engine's matrix product, C = start + A B, with one fixed order of arithmetic: every
// entry C(i, j) is start(i, j) + A(i, 0) B(0, j) + A(i, 1) B(1, j) + ..., the depth's terms
// added in order with one fused multiply-add each. Vectors run across C's rows (each lane
// its own entry), so the order, and with it every bit, is the same with 16-wide AVX-512,
// 8-wide AVX2 or no vectors at all (the kernel paths below), on any blocking and any
// number of threads. A kernel path is chosen once per process: the widest this CPU runs,
// or the one INNATE_KERNELS names (scalar, avx2, avx512) so one machine can check all.
#include <cstddef>
#include <string>
#include <vector>

namespace innate {

// A matrix read through strides: element (i, j) at data[i * row_stride + j * col_stride]
// (column-major with leading dimension ld: {data, 1, ld}; its transpose: {data, ld, 1}).
struct StridedMatrix {
  const float* data;
  std::ptrdiff_t row_stride, col_stride;
};

enum class ProductStart { zero, bias, accumulate };  // C's entries start at 0, bias[i], C(i, j)
enum class ProductOutput { none, copy, relu };       // and are also written to `activated` as is or max(., 0)

struct Product {
  std::ptrdiff_t rows = 0, cols = 0, depth = 0;
  StridedMatrix a{}, b{};  // rows x depth, depth x cols
  float* c = nullptr;      // rows x cols, column-major
  std::ptrdiff_t ldc = 0;
  ProductStart start = ProductStart::zero;
  const float* bias = nullptr;  // `rows` values, for ProductStart::bias
  ProductOutput output = ProductOutput::none;
  float* activated = nullptr;  // rows x cols with leading dimension ldc, for ProductOutput copy or relu
};

// Runs the product on this process's kernel path (thread-safe; allocates only when a
// thread meets a larger product than before).
void multiply(const Product& p);

enum class KernelPath { scalar, avx2, avx512 };

const std::vector<KernelPath>& kernel_paths();  // every path, narrowest first
std::string kernel_path_name(KernelPath path);
bool kernel_path_supported(KernelPath path);  // built in and run by this CPU
// The path in use: set_kernel_path's, else INNATE_KERNELS's, else the widest supported.
// Throws InputError naming the variable when INNATE_KERNELS is unknown or unsupported.
KernelPath kernel_path();
void set_kernel_path(KernelPath path);  // throws std::invalid_argument when unsupported

}  // namespace innate
