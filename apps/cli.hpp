#pragma once
// The `innate` command line as a function, so the program is one line and a test build
// can install hooks the production binary never has.
#include <cstdint>
#include <functional>

namespace innate {

struct CliHooks {
  // Passed to every run (RunOptions::after_generation).
  std::function<void(std::uint64_t generation, int rank)> after_generation = {};
};

int cli_main(int argc, char** argv, const CliHooks& hooks = {});

}  // namespace innate
