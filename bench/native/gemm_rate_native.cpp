// Eigen's float32 GEMM rate at this machine's full vector width: compiled with
// -march=native and Eigen's cache sizes read from the CPU (the portable build fixes both),
// so that the benches' limit is the best GEMM this machine runs, not the portable build's.
// A separate program, so that no code compiled for this CPU's widest instructions is
// linked into the engine. Prints GFLOP/s of C = A B (1024^3), the columns of C split over
// THREADS oneTBB workers, best of REPEATS.
// Usage: gemm_rate_native THREADS REPEATS
#undef EIGEN_NO_CPUID
#undef EIGEN_DEFAULT_L1_CACHE_SIZE
#undef EIGEN_DEFAULT_L2_CACHE_SIZE
#undef EIGEN_DEFAULT_L3_CACHE_SIZE
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>

#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  if (argc != 3 || std::atoi(argv[1]) < 1 || std::atoi(argv[2]) < 1) {
    std::fprintf(stderr, "usage: gemm_rate_native THREADS REPEATS\n");
    return 2;
  }
  const int threads = std::atoi(argv[1]), repeats = std::atoi(argv[2]), n = 1024;
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  const Eigen::MatrixXf a = Eigen::MatrixXf::Random(n, n), b = Eigen::MatrixXf::Random(n, n);
  Eigen::MatrixXf c(n, n);
  double best = 1e300;
  for (int r = 0; r < repeats; ++r) {
    const auto t = std::chrono::steady_clock::now();
    tbb::parallel_for(0, threads, [&](int part) {
      const int first = n * part / threads, count = n * (part + 1) / threads - first;
      c.middleCols(first, count).noalias() = a * b.middleCols(first, count);
    });
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count());
  }
  std::printf("%.3f\n", 2.0 * n * n * n / best / 1e9);
}
