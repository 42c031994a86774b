#include "engine/nn/gemm.hpp"

#include <Eigen/Core>

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <stdexcept>

#include "engine/base/error.hpp"
#include "engine/nn/simd_paths.hpp"

namespace innate {
namespace {

bool cpu_runs(KernelPath path) {
#if defined(INNATE_X86_KERNELS)
  switch (path) {
    case KernelPath::scalar:
      return true;
    case KernelPath::avx2:
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case KernelPath::avx512:
      return __builtin_cpu_supports("avx512f");  // also asks whether the OS saves the registers
  }
  return false;
#else
  return path == KernelPath::scalar;
#endif
}

KernelPath widest_supported() {
  const auto& paths = kernel_paths();
  for (auto it = paths.rbegin(); it != paths.rend(); ++it)
    if (kernel_path_supported(*it)) return *it;
  return KernelPath::scalar;
}

KernelPath from_environment() {
  const char* name = std::getenv("INNATE_KERNELS");
  if (!name || !*name) return widest_supported();
  for (KernelPath path : kernel_paths())
    if (kernel_path_name(path) == name) {
      if (!kernel_path_supported(path))
        throw InputError("INNATE_KERNELS=" + std::string(name) + ": this CPU (or this build) cannot run it");
      return path;
    }
  throw InputError("INNATE_KERNELS=" + std::string(name) + ": unknown kernel path (scalar, avx2 or avx512)");
}

// -1 until the first product (or set_kernel_path) decides.
std::atomic<int> chosen{-1};

}  // namespace

const std::vector<KernelPath>& kernel_paths() {
  static const std::vector<KernelPath> paths{KernelPath::scalar, KernelPath::avx2, KernelPath::avx512};
  return paths;
}

std::string kernel_path_name(KernelPath path) {
  static const char* const names[] = {"scalar", "avx2", "avx512"};
  return names[static_cast<int>(path)];
}

bool kernel_path_supported(KernelPath path) {
  static const bool runs[] = {cpu_runs(KernelPath::scalar), cpu_runs(KernelPath::avx2), cpu_runs(KernelPath::avx512)};
  return runs[static_cast<int>(path)];
}

KernelPath kernel_path() {
  int path = chosen.load(std::memory_order_acquire);
  if (path < 0) {
    int expected = -1;
    chosen.compare_exchange_strong(expected, static_cast<int>(from_environment()));
    path = chosen.load(std::memory_order_acquire);
  }
  return static_cast<KernelPath>(path);
}

const kernels::PathKernels& kernels::path_kernels() {
  static const PathKernels built[] = {
    kernels_scalar(),
#if defined(INNATE_X86_KERNELS)
    kernels_avx2(),
    kernels_avx512(),
#endif
  };
  const auto path = static_cast<std::size_t>(kernel_path());
  return built[path < std::size(built) ? path : 0];  // kernel_path() is never one not built
}

void set_kernel_path(KernelPath path) {
  if (!kernel_path_supported(path))
    throw std::invalid_argument("set_kernel_path(): this CPU (or this build) cannot run " + kernel_path_name(path));
  chosen.store(static_cast<int>(path), std::memory_order_release);
}

namespace {

void multiply_on(const kernels::PathKernels& path, const Product& p) {
  // Packing space per thread, grown to the largest product the thread has met.
  thread_local Eigen::VectorXf a_pack(kernels::kRowBlock * kernels::kDepthBlock), b_pack;
  const Eigen::Index b_need = kernels::kDepthBlock * (p.cols + kernels::kMaxTileCols);
  if (b_pack.size() < b_need) b_pack.resize(b_need);
  path.multiply({&p, a_pack.data(), b_pack.data()});
}

// Products below this many multiply-adds run on the calling thread (the engine mostly
// calls them from tasks that are already parallel).
constexpr double kParallelWork = 1 << 17;
constexpr std::ptrdiff_t kMinSlice = 16;

}  // namespace

void multiply(const Product& p) {
  const kernels::PathKernels& path = kernels::path_kernels();
  const double work = double(p.rows) * double(p.cols) * double(p.depth);
  const std::ptrdiff_t slices =
      work < kParallelWork ? 1 : std::min<std::ptrdiff_t>(tbb::this_task_arena::max_concurrency(), p.cols / kMinSlice);
  if (slices <= 1) return multiply_on(path, p);
  // Slices of C's columns, each packing only its own columns of B. Every entry's sum is
  // the same chain whichever slice computes it, so the split may follow the thread count;
  // the static partition gives slice s to the same thread every time, where its part of
  // the operands may still be in cache. Isolated: while it waits for the slices, the
  // calling thread takes no outer task, which could reuse the caller's thread-local
  // buffers (a workspace of enumerable_thread_specific) before this product is done.
  tbb::this_task_arena::isolate([&] {
    tbb::parallel_for(
        std::ptrdiff_t{0}, slices,
        [&](std::ptrdiff_t s) {
          const std::ptrdiff_t first = p.cols * s / slices, last = p.cols * (s + 1) / slices;
          Product slice = p;
          slice.cols = last - first;
          slice.b.data += first * p.b.col_stride;
          slice.c += first * p.ldc;
          if (slice.activated) slice.activated += first * p.ldc;
          multiply_on(path, slice);
        },
        tbb::static_partitioner());
  });
}

}  // namespace innate
