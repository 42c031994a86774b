#pragma once
// Helpers for end-to-end tests: run the real `innate` binary, scratch directories.
#include <fmt/format.h>
#include <unistd.h>

#include <sys/wait.h>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <boost/random/normal_distribution.hpp>

#include "engine/base/rng.hpp"
#include "engine/nn/mlp.hpp"

namespace innate::test {

// data[0..n) from N(0, 1), a fixed stream per seed.
inline void fill_normal(float* data, std::size_t n, std::uint64_t seed) {
  Rng rng = stream({seed, 0, 0, Purpose::task});
  boost::random::normal_distribution<float> normal;
  for (std::size_t i = 0; i < n; ++i) data[i] = normal(rng);
}

// An MLP of the given sizes with `activation` in every layer.
inline MlpShape mlp_of(std::vector<int> sizes, Activation activation) {
  MlpShape s{std::move(sizes), {}};
  for (std::size_t k = 0; k + 1 < s.sizes.size(); ++k) s.activations.push_back(activation);
  return s;
}

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A fresh directory removed at scope exit.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("innate-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

struct CommandResult {
  int code = -1;  // exit status; 128 + signal when killed (as a shell reports it)
  std::string out, err;
  int lines_of_err() const {
    int n = 0;
    for (char c : err) n += c == '\n';
    return n;
  }
};

// Runs a shell command line in the source tree (so scenarios/ paths work), capturing
// its exit status, stdout and stderr.
inline CommandResult run_shell(const std::string& command_line) {
  TempDir io;
  const std::string cmd = fmt::format("cd '{}' && {} > '{}' 2> '{}'", INNATE_SOURCE_DIR, command_line,
                                      (io / "out").string(), (io / "err").string());
  const int status = std::system(cmd.c_str());
  CommandResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(io / "out");
  r.err = slurp(io / "err");
  return r;
}

// The binary to run: `innate`, or its test build when the environment asks for a fault
// (INNATE_TEST_*: tests/tools/innate_killable.cpp).
inline const char* innate_binary(const std::string& env) {
  return env.find("INNATE_TEST_") != std::string::npos ? INNATE_KILLABLE_BINARY : INNATE_BINARY;
}

// Runs `innate ARGS`, with optional environment assignments prefixed ("VAR=1").
inline CommandResult run_innate(const std::string& args, const std::string& env = "") {
  return run_shell(fmt::format("{} '{}' {}", env, innate_binary(env), args));
}

}  // namespace innate::test
