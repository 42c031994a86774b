#pragma once
// What the benches share: the thread counts to measure (`--threads 1,2,4`), best-of
// timing, efficiency against one thread, and the machine's limit beside the work (the best
// float32 GEMM rate this machine runs at this thread count).
#include <fmt/format.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>

#include <Eigen/Core>
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "engine/nn/gemm.hpp"

namespace innate::bench {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Fastest of `repeats` calls of f, in seconds.
inline double best_seconds(int repeats, const std::function<void()>& f) {
  double best = 1e300;
  for (int r = 0; r < repeats; ++r) {
    const auto t = Clock::now();
    f();
    best = std::min(best, seconds_since(t));
  }
  return best;
}

[[noreturn]] inline void usage_error(std::string_view program, std::string_view message) {
  fmt::print(stderr, "{}: {}\n", program, message);
  std::exit(2);
}

// Powers of two below the core count, then the core count: 1,2,4,...,N.
inline std::vector<int> default_threads() {
  const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  std::vector<int> list;
  for (int t = 1; t < cores; t *= 2) list.push_back(t);
  list.push_back(cores);
  return list;
}

// The thread counts a bench measures: `--threads 1,2,4` (ascending, each >= 1), else
// `fallback`. One bad argument ends the bench with one line and exit code 2.
inline std::vector<int> thread_list(int argc, char** argv, std::vector<int> fallback = default_threads()) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg != "--threads") continue;
    if (i + 1 >= argc) usage_error(argv[0], "--threads needs a list such as 1,2,4");
    std::vector<int> list;
    std::string_view rest = argv[i + 1];
    while (!rest.empty()) {
      const std::string_view item = rest.substr(0, rest.find(','));
      int value = 0;
      const auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), value);
      if (error != std::errc() || end != item.data() + item.size() || value < 1 || value > 4096 ||
          (!list.empty() && value <= list.back()))
        usage_error(argv[0], fmt::format("--threads '{}': give ascending counts >= 1, such as 1,2,4", argv[i + 1]));
      list.push_back(value);
      rest.remove_prefix(std::min(rest.size(), item.size() + 1));
    }
    if (list.empty()) usage_error(argv[0], "--threads needs a list such as 1,2,4");
    return list;
  }
  return fallback;
}

// Runs f(threads) with oneTBB limited to that many threads.
template <class F>
auto with_threads(int threads, F&& f) {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  return f();
}

// Parallel efficiency of `seconds` on `threads` against the one-thread time (empty when
// one thread was not measured).
inline std::string efficiency(const std::map<int, double>& seconds_by_threads, int threads) {
  const auto one = seconds_by_threads.find(1), here = seconds_by_threads.find(threads);
  if (one == seconds_by_threads.end() || here == seconds_by_threads.end()) return "";
  return fmt::format("{:.3f}", one->second / (here->second * threads));
}

// GFLOP/s of float32 C = A B (1024^3), best of `repeats`, on `threads` oneTBB workers, by
// each GEMM this machine has at hand: Eigen in this build, innate's own product on its
// kernel path (engine/nn/gemm.hpp), and Eigen built for this CPU's full width
// (gemm_rate_native, beside the bench's binary; absent where it was not built).
struct GemmRates {
  double eigen = 0, innate = 0, native = 0;
  double best() const { return std::max({eigen, innate, native}); }
  std::string describe() const {
    return fmt::format("Eigen (this build) {:.1f}, innate's product ({}) {:.1f}, Eigen -march=native {}", eigen,
                       kernel_path_name(kernel_path()), innate, native > 0 ? fmt::format("{:.1f}", native) : "n/a");
  }
};

inline double native_gemm_gflops(int threads, int repeats) {
  std::error_code error;
  const auto helper = std::filesystem::read_symlink("/proc/self/exe", error).parent_path() / "gemm_rate_native";
  if (error || !std::filesystem::exists(helper)) return 0;
  const std::string command = fmt::format("'{}' {} {}", helper.string(), threads, repeats);
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  double rate = 0;
  if (!pipe || std::fscanf(pipe.get(), "%lf", &rate) != 1) return 0;
  return rate;
}

inline GemmRates gemm_rates(int threads, int repeats = 5) {
  const int n = 1024;
  const Eigen::MatrixXf a = Eigen::MatrixXf::Random(n, n), b = Eigen::MatrixXf::Random(n, n);
  Eigen::MatrixXf c(n, n);
  const double flop = 2.0 * n * n * n / 1e9;
  GemmRates rates;
  with_threads(threads, [&] {
    rates.eigen = flop / best_seconds(repeats, [&] {
                    tbb::parallel_for(0, threads, [&](int part) {
                      const int first = n * part / threads, count = n * (part + 1) / threads - first;
                      c.middleCols(first, count).noalias() = a * b.middleCols(first, count);
                    });
                  });
    Product p;
    p.rows = p.cols = p.depth = n;
    p.a = {a.data(), 1, n}, p.b = {b.data(), 1, n}, p.c = c.data(), p.ldc = n;
    rates.innate = flop / best_seconds(repeats, [&] { multiply(p); });
  });
  rates.native = native_gemm_gflops(threads, repeats);
  return rates;
}

// The rate every FLOP count in the benches is set against: the best of gemm_rates.
// Measure it beside the work it judges, since a shared machine's rate drifts.
inline double gemm_gflops(int threads, int repeats = 5) { return gemm_rates(threads, repeats).best(); }

// The Python of the peers: $INNATE_BENCH_PYTHON, else bench/setup's .bench-venv.
inline std::string peer_python() {
  const char* chosen = std::getenv("INNATE_BENCH_PYTHON");
  return chosen ? chosen : ".bench-venv/bin/python";
}

// The output lines of `PYTHON bench/peers/SCRIPT_AND_ARGS` (stderr too), run from the
// repository root; none, with a `# label: skipped` note, where PYTHON cannot import `module`.
inline std::vector<std::string> run_peer_script(const std::string& python, const std::string& module,
                                                const std::string& script_and_args, const std::string& label) {
  if (!std::filesystem::exists(python) ||
      std::system(fmt::format("{} -c 'import {}' >/dev/null 2>&1", python, module).c_str()) != 0) {
    fmt::print("# {}: skipped ({} cannot import {}; bench/setup installs it)\n", label, python, module);
    return {};
  }
  std::vector<std::string> lines;
  const std::string cmd = fmt::format("{} bench/peers/{} 2>&1", python, script_and_args);
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> pipe(::popen(cmd.c_str(), "r"), ::pclose);
  char buffer[4096];
  while (pipe && std::fgets(buffer, sizeof buffer, pipe.get())) {
    std::string line = buffer;
    if (!line.empty() && line.back() == '\n') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

}  // namespace innate::bench
