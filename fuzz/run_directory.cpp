// A run directory read as `innate report`, `innate resume` and `innate analyze` read it.
// Input: the command (first line: report, resume or analyze), then the directory's files,
// each after a line "--- RELATIVE/PATH". A resumed run is stopped after its first
// generation: what is fuzzed is the reading, not the experiment.
#include <algorithm>

#include "fuzz/fuzz_support.hpp"

namespace {

struct StopAfterFirstGeneration {};

bool safe_relative(const std::string& path) {
  if (path.empty() || path.size() > 100 || path.front() == '/' || path.find("..") != std::string::npos) return false;
  return std::all_of(path.begin(), path.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '.' || c == '_' || c == '-';
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace innate::fuzz;
  const auto dir = scratch("run");
  std::string command;
  for (const auto& [name, bytes] : named_parts({reinterpret_cast<const char*>(data), size})) {
    if (name.empty()) {
      command = bytes.substr(0, bytes.find('\n'));
    } else if (safe_relative(name)) {
      std::error_code ec;
      std::filesystem::create_directories((dir / name).parent_path(), ec);
      if (!ec) write(dir / name, bytes);
    }
  }
  innate::CliHooks hooks;
  hooks.after_generation = [](std::uint64_t, int) { throw StopAfterFirstGeneration{}; };
  std::vector<std::string> args;
  if (command == "resume")
    args = {"resume", dir.string(), "--quiet", "--threads", "1"};
  else if (command == "analyze")
    args = {"analyze", dir.string()};
  else
    args = {"report", dir.string()};
  try {
    expect_clean_exit(cli(args, hooks));
  } catch (const StopAfterFirstGeneration&) {}
  return 0;
}
