// Scenario text and `--set` literals through parsing and resolution, as `innate info`
// does them. Input: the TOML text, then after a line "--- set" one literal per line.
#include "fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace innate::fuzz;
  std::string toml;
  std::vector<std::string> args{"info"};
  for (const auto& [name, bytes] : named_parts({reinterpret_cast<const char*>(data), size})) {
    if (name.empty()) toml = bytes;
    if (name == "set")
      for (const auto& literal : lines(bytes)) args.insert(args.end(), {"--set", literal});
  }
  const auto path = scratch("scenario") / "scenario.toml";
  write(path, toml);
  args.insert(args.begin() + 1, path.string());
  expect_clean_exit(cli(args));
  return 0;
}
