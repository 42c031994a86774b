// The IDX reader (plain or gzip) behind Fashion-MNIST. Input: the images file, then after
// a line "--- labels" the labels file.
#include "engine/base/error.hpp"
#include "fuzz/fuzz_support.hpp"
#include "tasks/images/dataset.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace innate;
  const auto dir = fuzz::scratch("idx");
  fuzz::write(dir / "labels", "");
  for (const auto& [name, bytes] : fuzz::named_parts({reinterpret_cast<const char*>(data), size}))
    fuzz::write(dir / (name.empty() ? "images" : "labels"), bytes);
  try {
    read_idx(dir / "images", dir / "labels");
  } catch (const InputError&) {}
  return 0;
}
