// Writes an image dataset's train / validation / test split exactly as innate's image
// task loads it (tasks/images/dataset.hpp), so that tests/reference/algorithm1.py can run
// the transcription on the same images.
//
// Usage: export_split DATASET OUT_DIR      (DATASET: "mnist", "fashion-mnist" or an IDX dir)
// OUT_DIR gets split.json and, per split S, S_x.f32 (n x pixels, row-major) and S_y.u64.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <vector>

#include "tasks/images/dataset.hpp"

namespace fs = std::filesystem;

namespace {

template <class T>
void write_array(const fs::path& path, const T* data, std::size_t count) {
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(count * sizeof(T)));
  if (!f) throw std::runtime_error("export_split: cannot write " + path.string());
}

void write_split(const fs::path& out, const std::string& name, const innate::Dataset& d) {
  // Eigen's column-major (pixels x n) is the row-major (n x pixels) the transcription reads.
  write_array(out / (name + "_x.f32"), d.images.data(), static_cast<std::size_t>(d.images.size()));
  const std::vector<std::uint64_t> labels(d.labels.begin(), d.labels.end());
  write_array(out / (name + "_y.u64"), labels.data(), labels.size());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: export_split DATASET OUT_DIR\n";
    return 2;
  }
  try {
    const innate::Split split = innate::load_dataset(argv[1], 1.0 / 12.0);
    const fs::path out = argv[2];
    fs::create_directories(out);
    nlohmann::json manifest{{"dataset", argv[1]},
                            {"image_shape", {split.train.height, split.train.width}},
                            {"classes", split.train.classes}};
    for (const auto& [name, data] :
         {std::pair{"train", &split.train}, {"validation", &split.validation}, {"test", &split.test}}) {
      write_split(out, name, *data);
      manifest["examples"][name] = data->size();
    }
    std::ofstream(out / "split.json") << manifest.dump(2) << "\n";
    std::cout << fmt::format("export_split: {} train, {} validation, {} test images into {}\n", split.train.size(),
                             split.validation.size(), split.test.size(), out.string());
  } catch (const std::exception& e) {
    std::cerr << "export_split: " << e.what() << "\n";
    return 2;
  }
}
