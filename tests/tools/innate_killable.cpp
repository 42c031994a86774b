// `innate` for tests: the same command line with hooks that break a run at a chosen point,
// to prove that resume repairs a torn run directory, that a lost rank ends the run, and
// that a write fault ends it cleanly.
// - INNATE_TEST_KILL_AFTER_GENERATION=G: the rank INNATE_TEST_KILL_RANK (default 0) dies by
//   SIGKILL right after generation G's metrics row, before its checkpoint.
// - INNATE_TEST_FILE_LIMIT_AFTER_GENERATION=G: after generation G, no file may grow past
//   INNATE_TEST_FILE_LIMIT bytes (RLIMIT_FSIZE): every later write beyond it fails, as on
//   a full disk.
// - INNATE_TEST_REMOVE_AFTER_GENERATION=G: after generation G the directory
//   INNATE_TEST_REMOVE is deleted, as by another process.
#include <sys/resource.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <vector>

#include "apps/cli.hpp"

namespace {

// The generation an INNATE_TEST_* variable names, if set.
bool generation_of(const char* variable, std::uint64_t& generation) {
  const char* at = std::getenv(variable);
  if (at) generation = std::strtoull(at, nullptr, 10);
  return at != nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::function<void(std::uint64_t, int)>> faults;
  std::uint64_t g = 0;
  if (generation_of("INNATE_TEST_KILL_AFTER_GENERATION", g)) {
    const char* who = std::getenv("INNATE_TEST_KILL_RANK");
    const int rank = who ? std::atoi(who) : 0;
    faults.push_back([=](std::uint64_t at, int r) {
      if (at == g && r == rank) std::raise(SIGKILL);
    });
  }
  if (generation_of("INNATE_TEST_FILE_LIMIT_AFTER_GENERATION", g)) {
    const char* bytes = std::getenv("INNATE_TEST_FILE_LIMIT");
    const rlim_t limit = bytes ? std::strtoull(bytes, nullptr, 10) : 0;
    faults.push_back([=](std::uint64_t at, int) {
      const rlimit l{limit, limit};
      if (at == g) setrlimit(RLIMIT_FSIZE, &l);
    });
  }
  if (generation_of("INNATE_TEST_REMOVE_AFTER_GENERATION", g)) {
    const char* dir = std::getenv("INNATE_TEST_REMOVE");
    faults.push_back([=](std::uint64_t at, int) {
      std::error_code ec;
      if (at == g && dir) std::filesystem::remove_all(dir, ec);
    });
  }
  innate::CliHooks hooks;
  if (!faults.empty())
    hooks.after_generation = [faults](std::uint64_t at, int rank) {
      for (const auto& fault : faults) fault(at, rank);
    };
  return innate::cli_main(argc, argv, hooks);
}
