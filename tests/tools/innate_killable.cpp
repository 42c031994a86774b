// `innate` for tests: the same command line with a hook that kills a run at a chosen
// point, to prove that resume repairs a torn run directory and that a lost rank ends the
// run. The rank INNATE_TEST_KILL_RANK (default 0) dies by SIGKILL right after generation
// INNATE_TEST_KILL_AFTER_GENERATION's metrics row, before its checkpoint.
#include <csignal>
#include <cstdlib>

#include "apps/cli.hpp"

int main(int argc, char** argv) {
  innate::CliHooks hooks;
  if (const char* at = std::getenv("INNATE_TEST_KILL_AFTER_GENERATION")) {
    const auto generation = std::strtoull(at, nullptr, 10);
    const char* who = std::getenv("INNATE_TEST_KILL_RANK");
    const int rank = who ? std::atoi(who) : 0;
    hooks.after_generation = [=](std::uint64_t g, int r) {
      if (g == generation && r == rank) std::raise(SIGKILL);
    };
  }
  return innate::cli_main(argc, argv, hooks);
}
