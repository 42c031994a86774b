// Wall time of Hinton & Nowlan's full setup (1000 individuals x up to 1000 trials x 51
// generations) and of a 10x larger population, per thread count, through the same
// run loop users run. Prints CSV: scenario,population,threads,seconds,evaluations_per_second,
// efficiency (best of 5 repeats; efficiency against one thread).
// Usage: bench_baldwin [MAX_THREADS | --threads 1,2,4]   (from the repository root;
// MAX_THREADS: 1, 2, 4, ... up to it)
#include <fmt/format.h>

#include <filesystem>

#include "bench/bench_support.hpp"

#include "engine/run/run.hpp"
#include "tasks/catalog.hpp"

using namespace innate;
using namespace innate::bench;

int main(int argc, char** argv) {
  std::vector<int> threads_list = thread_list(argc, argv);
  if (argc == 2 && std::string_view(argv[1]) != "--threads") {
    const int max_threads = std::atoi(argv[1]);
    if (max_threads < 1)
      usage_error(argv[0], fmt::format("'{}': give a thread count >= 1 or --threads 1,2,4", argv[1]));
    threads_list.clear();
    for (int t = 1; t <= max_threads; t *= 2) threads_list.push_back(t);
  }
  const auto tmp = std::filesystem::temp_directory_path() / "innate-bench-baldwin";
  fmt::print("scenario,population,threads,seconds,evaluations_per_second,efficiency\n");
  for (int population : {1000, 10000}) {
    const Scenario scenario = Scenario::from_file(
        "scenarios/baldwin.toml",
        {"run.name=\"baldwin\"", fmt::format("run.population={}", population), "run.checkpoint_every=1000"},
        builtin_catalog().schema());
    std::map<int, double> seconds;
    for (int threads : threads_list) {
      double best = 1e300;
      for (int repeat = 0; repeat < 5; ++repeat) {
        std::filesystem::remove_all(tmp);
        const auto start = Clock::now();
        run_scenario(scenario, builtin_catalog(), {tmp, threads, true});
        best = std::min(best, seconds_since(start));
      }
      seconds[threads] = best;
      fmt::print("baldwin,{},{},{:.4f},{:.0f},{}\n", population, threads, best, 51.0 * population / best,
                 efficiency(seconds, threads));
    }
  }
  std::filesystem::remove_all(tmp);
}
