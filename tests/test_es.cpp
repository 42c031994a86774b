#include <doctest/doctest.h>

#include <cereal/archives/portable_binary.hpp>

#include <cmath>
#include <sstream>

#include "engine/openai_es.hpp"

using namespace innate;

namespace {

class RealGenes final : public Encoding {
 public:
  explicit RealGenes(std::size_t n) : n_(n) {}
  std::string name() const override { return "real"; }
  std::size_t genome_size() const override { return n_; }
  double genome_bits() const override { return 32.0 * double(n_); }
  GeneDomain domain() const override { return {0}; }
  void initialise(std::span<float> genome, Rng&) const override { std::fill(genome.begin(), genome.end(), 0.0f); }

 private:
  std::size_t n_;
};

}  // namespace

TEST_CASE("centred ranks: evenly spaced in [-0.5, 0.5], non-finite lowest, ties by index") {
  const std::vector<double> scores{3, 1, 2, std::nan("")};
  const auto r = centred_ranks(scores);
  CHECK(r[0] == doctest::Approx(0.5));
  CHECK(r[1] == doctest::Approx(-1.0 / 6));
  CHECK(r[2] == doctest::Approx(1.0 / 6));
  CHECK(r[3] == doctest::Approx(-0.5));
  const auto tied = centred_ranks(std::vector<double>{1, 1});
  CHECK(tied[0] < tied[1]);
}

TEST_CASE("OpenAI-ES samples antithetic pairs around its mean") {
  RealGenes enc(5);
  OpenAiEs es({}, {enc, 8, 3});
  const Population& p = es.ask(0);
  for (Eigen::Index k = 0; k < 4; ++k) CHECK((p.row(2 * k) + p.row(2 * k + 1)).cwiseAbs().maxCoeff() < 1e-6f);
  CHECK(p.row(0) != p.row(2));
}

TEST_CASE("OpenAI-ES climbs to the optimum of a concave function") {
  RealGenes enc(10);
  EsSettings s;
  s.learning_rate = 0.05;
  s.weight_decay = 0.0;
  OpenAiEs es(s, {enc, 40, 5});
  auto fitness = [](GenomeView x) {
    double f = 0;
    for (std::size_t i = 0; i < x.size(); ++i) f -= (x[i] - 1.0) * (x[i] - 1.0);
    return f;
  };
  for (std::uint64_t g = 0; g < 300; ++g) {
    const Population& p = es.ask(g);
    std::vector<double> scores(static_cast<std::size_t>(p.rows()));
    for (Eigen::Index i = 0; i < p.rows(); ++i) scores[static_cast<std::size_t>(i)] = fitness(row_view(p, i));
    es.tell(scores);
  }
  for (float x : es.recommendation()) CHECK(x == doctest::Approx(1.0).epsilon(0.1));
}

TEST_CASE("OpenAI-ES resumes from its saved state exactly") {
  RealGenes enc(6);
  OpenAiEs a({}, {enc, 10, 9}), b({}, {enc, 10, 9});
  a.ask(0);
  a.tell(std::vector<double>{1, 5, 2, 8, 3, 9, 4, 0, 6, 7});
  std::stringstream blob;
  {
    cereal::PortableBinaryOutputArchive out(blob);
    a.save(out);
  }
  cereal::PortableBinaryInputArchive in(blob);
  b.load(in);
  CHECK(a.recommendation() == b.recommendation());
  CHECK(a.ask(1) == b.ask(1));
}
