// `innate env rollout` arguments, one per input line.
#include "fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace innate::fuzz;
  auto args = lines({reinterpret_cast<const char*>(data), size});
  args.insert(args.begin(), {"env", "rollout"});
  expect_clean_exit(cli(args));
  return 0;
}
