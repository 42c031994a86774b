// What a genome's bits carry: the adaptive arithmetic coder against a stream traced by
// hand and against its ideal code length, quantisation per tensor, and the effective bits
// a genome keeps its validation score with.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/base/rng.hpp"
#include "engine/information/information.hpp"

using namespace innate;

namespace {

std::vector<std::uint32_t> decoded(const std::vector<std::uint8_t>& stream, std::size_t n, std::size_t alphabet) {
  ArithmeticDecoder decoder(stream);
  AdaptiveModel model(alphabet);
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(static_cast<std::uint32_t>(decoder.decode(model)));
  return out;
}

}  // namespace

TEST_CASE("arithmetic coder: 0, 0, 1 of two letters is the stream 0100, as traced by hand") {
  // Laplace counts: p(0) = 1/2 (emit 0), then 2/3 (no bit yet), then p(1) = 1/4: the
  // interval [2147483647, 2863311529] straddles the middle (one pending bit), and the
  // end emits 1 and the two pending zeros: 0 1 0 0, 4 bits against an ideal 3.585.
  const std::vector<std::uint32_t> letters{0, 0, 1};
  CHECK(ideal_bits(letters, 2) == doctest::Approx(1.0 + std::log2(1.5) + 2.0).epsilon(1e-12));
  ArithmeticEncoder encoder;
  AdaptiveModel model(2);
  for (auto l : letters) encoder.encode(model, l);
  const auto stream = encoder.finish();
  CHECK(encoder.bits() == 4);
  CHECK(stream == std::vector<std::uint8_t>{0x40});
  CHECK(decoded(stream, 3, 2) == letters);
}

TEST_CASE("arithmetic coder: any letters round-trip, in at most 2 bits over the ideal length") {
  for (const std::size_t alphabet :
       {std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{256}, std::size_t{65536}}) {
    INFO(alphabet);
    Rng rng = stream({alphabet, 0, 0, Purpose::task});
    std::vector<std::uint32_t> letters(5000);
    for (auto& l : letters)  // skewed: small letters far likelier, as quantised weights are
      l = static_cast<std::uint32_t>(std::min<std::uint64_t>(alphabet - 1, (rng() % alphabet) * (rng() % 4) / 4));
    ArithmeticEncoder encoder;
    AdaptiveModel model(alphabet);
    for (auto l : letters) encoder.encode(model, l);
    const auto stream = encoder.finish();
    CHECK(decoded(stream, letters.size(), alphabet) == letters);
    const double ideal = ideal_bits(letters, alphabet);
    CHECK(double(encoder.bits()) >= ideal - 1e-9);
    CHECK(double(encoder.bits()) <= ideal + 2.0 + 0.01);  // what 32-bit registers lose: well under 0.01 here
  }
}

TEST_CASE("quantise: b = 32 is the float genome, and b bits keep every gene within half a step of its tensor") {
  std::vector<float> genome(40);
  Rng rng = stream({9, 0, 0, Purpose::task});
  for (auto& g : genome) g = static_cast<float>(rng() % 1000) / 100.0f - 5.0f;
  genome[10] = 100.0f;  // the second tensor's range is its own
  const std::vector<Encoding::Part> tensors{{0, 10}, {10, 30}};
  const QuantisedGenome whole = quantise(genome, tensors, 32);
  CHECK(whole.genes == genome);
  CHECK(whole.coded_bits == 32 * 40);
  for (int b = 1; b <= 16; ++b) {
    INFO(b);
    const QuantisedGenome q = quantise(genome, tensors, b);
    for (const auto& t : tensors) {
      const auto [lo, hi] =
          std::minmax_element(genome.begin() + long(t.first), genome.begin() + long(t.first + t.count));
      const double step = (double(*hi) - double(*lo)) / double((1u << b) - 1);
      for (std::size_t i = t.first; i < t.first + t.count; ++i)
        CHECK(std::abs(double(q.genes[i]) - double(genome[i])) <= step / 2 * (1 + 1e-6) + 1e-6);
    }
    // The stream, two 32-bit ends a tensor and 4 bits for b; never more than b bits a gene
    // plus the adaptive model's learning and those overheads.
    CHECK(q.coded_bits > 4 + 64 * 2);
    CHECK(q.coded_bits <= 4 + 64 * 2 + std::uint64_t(std::ceil(40.0 * b * 1.6)) + 2);
  }
  // b = 1 of [0, 1, 2, 3]: levels 0 0 1 1 (round(x / 3)), genes 0 0 3 3.
  const std::vector<float> four{0, 1, 2, 3};
  const std::vector<Encoding::Part> one{{0, 4}};
  CHECK(quantise(four, one, 1).genes == std::vector<float>{0, 0, 3, 3});
  CHECK_THROWS(quantise(four, std::vector<Encoding::Part>{{0, 3}}, 4));  // not covering
  CHECK_THROWS(quantise(four, one, 17));
}

TEST_CASE("quantise_genes: the genes quantise() decodes, at most 2^b values a tensor, and b bits of them are them") {
  std::vector<float> genome(300);
  for (std::size_t i = 0; i < genome.size(); ++i) genome[i] = std::sin(0.37f * float(i)) * (i < 100 ? 1.0f : 0.01f);
  const std::vector<Encoding::Part> tensors{{0, 100}, {100, 200}};
  std::vector<float> genes(genome.size()), again(genome.size());
  for (int b = 1; b <= 16; ++b) {
    INFO(b);
    quantise_genes(genome, tensors, b, genes);
    CHECK(genes == quantise(genome, tensors, b).genes);
    for (const auto& t : tensors) {
      std::vector<float> values(genes.begin() + long(t.first), genes.begin() + long(t.first + t.count));
      std::sort(values.begin(), values.end());
      CHECK(std::unique(values.begin(), values.end()) - values.begin() <= (1l << b));
    }
    // What quantisation-aware fitting relies on: the b-bit genome stored at b bits again
    // is itself to within the float rounding of its grid (a millionth of a step).
    quantise_genes(genes, tensors, b, again);
    for (std::size_t i = 0; i < genes.size(); ++i) CHECK(std::abs(again[i] - genes[i]) <= 1e-6f);
  }
  CHECK_THROWS(quantise_genes(genome, tensors, 0, genes));
  CHECK_THROWS(quantise_genes(genome, tensors, 4, std::span<float>(genes).first(10)));
}

TEST_CASE("effective bits: the smallest coded size whose score stays within the float genome's interval") {
  std::vector<float> genome(200);
  for (std::size_t i = 0; i < genome.size(); ++i) genome[i] = std::sin(0.37f * float(i));
  const std::vector<Encoding::Part> tensors{{0, 200}};
  // A score that falls with the worst gene error: 1 - max |error|; half-width 0.01.
  const auto score = [&](std::span<const float> g) {
    double worst = 0.0;
    for (std::size_t i = 0; i < g.size(); ++i) worst = std::max(worst, std::abs(double(g[i]) - double(genome[i])));
    return 1.0 - worst;
  };
  const GenomeInformation info = measure_information(genome, tensors, score, {score(genome), 0.01});
  CHECK(info.nominal_bits == 32 * 200);
  CHECK(info.float_score == 1.0);
  REQUIRE(info.levels.size() == 16);
  // Within 0.01 of 1 needs half a step (2 / (2^b - 1) / 2) <= 0.01: 2^b >= 101, b = 7.
  CHECK(info.effective_bits_per_gene == 7);
  CHECK(info.effective_bits == info.levels[6].coded_bits);
  for (const auto& l : info.levels)
    if (l.validation_score >= 0.99) CHECK(l.coded_bits >= info.effective_bits);
  // No level within a zero-width interval of a score only the float genome reaches: 32.
  const GenomeInformation strict = measure_information(genome, tensors, score, {score(genome), 0.0});
  CHECK(strict.effective_bits == strict.nominal_bits);
  CHECK(strict.effective_bits_per_gene == 32);
}
