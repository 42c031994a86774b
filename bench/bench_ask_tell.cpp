// One generation of an ask/tell loop driven from C++: ask, score the population on the
// sphere (Eigen), tell; the baseline bench/python_ask_tell.py sets the same loop from
// Python beside (same optimizers, sizes, seeds; both at oneTBB's default, every core).
// Prints CSV: kind,dim,popsize,generations,us_per_generation (best of 5 repeats).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "engine/optimizers/vector_search.hpp"
#include "tasks/catalog.hpp"

using namespace innate;

int main() {
  fmt::print("kind,dim,popsize,generations,us_per_generation\n");
  for (const std::string kind : {"cma_es", "sep_cma_es", "snes", "openai_es", "ga"}) {
    for (const std::size_t dim : {10, 100, 1000}) {
      if (kind == "cma_es" && dim > 100) continue;  // an n^3 eigensolver: not the loop's overhead
      const int generations = dim >= 1000 ? 200 : 1000;
      double best = 1e300;
      std::size_t popsize = 0;
      for (int repeat = 0; repeat < 5; ++repeat) {
        VectorSearch search =
            make_vector_search({kind, dim, std::nullopt, 0.5, 1, std::nullopt, {}}, builtin_catalog());
        popsize = search.popsize;
        std::vector<double> scores(popsize);
        const auto start = std::chrono::steady_clock::now();
        for (int g = 0; g < generations; ++g) {
          const Population& x = search.optimizer->ask(static_cast<std::uint64_t>(g));
          const Eigen::VectorXf f = x.rowwise().squaredNorm();
          for (std::size_t i = 0; i < popsize; ++i) scores[i] = -double(f[Eigen::Index(i)]);
          search.optimizer->tell(scores);
        }
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        best = std::min(best, s / generations);
      }
      fmt::print("{},{},{},{},{:.2f}\n", kind, dim, popsize, generations, best * 1e6);
    }
  }
}
