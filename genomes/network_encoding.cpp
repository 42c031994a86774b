#include "genomes/network_encoding.hpp"

#include <fmt/format.h>
#include <boost/random/uniform_real_distribution.hpp>

#include <bit>
#include <cmath>

#include "engine/base/error.hpp"

namespace innate {
namespace {

int bits_for(int n) { return n <= 1 ? 1 : std::bit_width(static_cast<unsigned>(n - 1)); }  // ceil(log2 n)

void write_bits(Matrix& codes, int column, int first_row, int width, unsigned value) {
  for (int b = 0; b < width; ++b)  // most significant bit first
    codes(first_row + b, column) = static_cast<float>((value >> (width - 1 - b)) & 1u);
}

}  // namespace

const MlpShape& require_network(const EncodingContext& context, const std::string& encoding) {
  if (!context.network)
    throw InputError(
        fmt::format("genome.encoding = \"{}\" decodes a network: add a [network] section "
                    "(e.g. layers = [784, 800, 10])",
                    encoding));
  return *context.network;
}

Matrix image_codes(int height, int width) {
  const int wx = bits_for(width), wy = bits_for(height);
  Matrix codes(wx + wy, height * width);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const int p = y * width + x;
      write_bits(codes, p, 0, wx, static_cast<unsigned>(x ^ (x >> 1)));
      write_bits(codes, p, wx, wy, static_cast<unsigned>(y ^ (y >> 1)));
    }
  return codes;
}

Matrix binary_codes(int n) {
  const int width = std::bit_width(static_cast<unsigned>(n));
  Matrix codes(width, n);
  for (int i = 0; i < n; ++i) write_bits(codes, i, 0, width, static_cast<unsigned>(i + 1));
  return codes;
}

Matrix one_hot_codes(int n) { return Matrix::Identity(n, n); }

std::vector<Matrix> layer_codes(const MlpShape& network, const std::vector<int>& image_shape) {
  std::vector<Matrix> codes;
  const auto last = network.sizes.size() - 1;
  for (std::size_t l = 0; l <= last; ++l) {
    const int n = network.sizes[l];
    if (l == 0 && image_shape.size() == 2)
      codes.push_back(image_codes(image_shape[0], image_shape[1]));
    else if (l == last)
      codes.push_back(one_hot_codes(n));
    else
      codes.push_back(binary_codes(n));
  }
  return codes;
}

std::vector<Matrix> layer_coordinates(const MlpShape& network, const std::vector<int>& image_shape) {
  auto spread = [](int i, int n) {
    return n == 1 ? 0.0f : -1.0f + 2.0f * static_cast<float>(i) / static_cast<float>(n - 1);
  };
  std::vector<Matrix> coords;
  for (std::size_t l = 0; l < network.sizes.size(); ++l) {
    const int n = network.sizes[l];
    Matrix c = Matrix::Zero(2, n);
    if (l == 0 && image_shape.size() == 2) {
      for (int p = 0; p < n; ++p) {
        c(0, p) = spread(p % image_shape[1], image_shape[1]);
        c(1, p) = spread(p / image_shape[1], image_shape[0]);
      }
    } else {
      for (int i = 0; i < n; ++i) c(0, i) = spread(i, n);
    }
    coords.push_back(std::move(c));
  }
  return coords;
}

}  // namespace innate
