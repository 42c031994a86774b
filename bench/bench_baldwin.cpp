// Wall time of Hinton & Nowlan's full setup (1000 individuals x up to 1000 trials x 51
// generations) and of a 10x larger population, per thread count, through the same
// run loop users run. Prints CSV: scenario,population,threads,seconds,evaluations_per_second
// (best of 5 repeats). Usage: bench_baldwin [MAX_THREADS]   (from the repository root)
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "engine/run.hpp"
#include "scenarios/catalog.hpp"

using namespace innate;

int main(int argc, char** argv) {
  const int max_threads = argc > 1 ? std::atoi(argv[1]) : static_cast<int>(std::thread::hardware_concurrency());
  const auto tmp = std::filesystem::temp_directory_path() / "innate-bench-baldwin";
  fmt::print("scenario,population,threads,seconds,evaluations_per_second\n");
  for (int population : {1000, 10000}) {
    const Scenario scenario = Scenario::from_file("scenarios/baldwin.toml",
                                                  {"run.name=\"baldwin\"", fmt::format("run.population={}", population),
                                                   "run.checkpoint_every=1000"},
                                                  builtin_catalog().schema());
    for (int threads = 1; threads <= max_threads; threads *= 2) {
      double best = 1e300;
      for (int repeat = 0; repeat < 5; ++repeat) {
        std::filesystem::remove_all(tmp);
        const auto start = std::chrono::steady_clock::now();
        run_scenario(scenario, builtin_catalog(), {tmp, threads, true});
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      }
      fmt::print("baldwin,{},{},{:.4f},{:.0f}\n", population, threads, best, 51.0 * population / best);
    }
  }
  std::filesystem::remove_all(tmp);
}
