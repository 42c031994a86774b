#include <doctest/doctest.h>

#include <cereal/archives/portable_binary.hpp>
#include <cereal/types/vector.hpp>

#include <cmath>
#include <numbers>
#include <sstream>

#include "engine/optimizers/es_common.hpp"
#include "engine/optimizers/openai_es.hpp"

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
  std::size_t phenotype_size() const override { return n_; }  // the genes themselves
  void decode(GenomeView g, std::span<float> p, Rng&) const override { std::copy(g.begin(), g.end(), p.begin()); }

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
  CHECK(tied[0] > tied[1]);  // a tie ranks the lower index higher
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
  OpenAiEsSettings s;
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

#include "engine/optimizers/cma_es.hpp"
#include "engine/optimizers/snes.hpp"

namespace {

std::unique_ptr<Optimizer> make_es(const std::string& kind, const Encoding& enc, std::size_t population,
                                   std::uint64_t seed) {
  const OptimizerContext ctx{enc, population, seed};
  if (kind == "snes") return std::make_unique<Snes>(0.5, 1.0, 0.0, ctx);
  if (kind == "sep_cma_es") return std::make_unique<CmaEs>(0.5, true, ctx);
  if (kind == "cma_es") return std::make_unique<CmaEs>(0.5, false, ctx);
  OpenAiEsSettings s;
  s.learning_rate = 0.05;
  s.weight_decay = 0.0;
  return std::make_unique<OpenAiEs>(s, ctx);
}

// Maximise f(x) = -sum_i scale_i (x_i - 1)^2 (scale 1: the sphere; 1..1e3 an ellipsoid).
double run_es(Optimizer& es, int generations, const std::vector<double>& scale) {
  for (int g = 0; g < generations; ++g) {
    const Population& p = es.ask(static_cast<std::uint64_t>(g));
    std::vector<double> scores(static_cast<std::size_t>(p.rows()));
    for (Eigen::Index i = 0; i < p.rows(); ++i) {
      double f = 0;
      for (Eigen::Index j = 0; j < p.cols(); ++j) f -= scale[std::size_t(j)] * (p(i, j) - 1.0) * (p(i, j) - 1.0);
      scores[static_cast<std::size_t>(i)] = f;
    }
    es.tell(scores);
  }
  double err = 0;
  for (float x : es.recommendation()) err = std::max(err, std::abs(double(x) - 1.0));
  return err;
}

}  // namespace

TEST_CASE("SNES, separable and full CMA-ES converge on a sphere and an ill-conditioned ellipsoid") {
  RealGenes enc(8);
  std::vector<double> sphere(8, 1.0), ellipsoid(8);
  for (int i = 0; i < 8; ++i) ellipsoid[std::size_t(i)] = std::pow(1e3, i / 7.0);
  for (const char* kind : {"snes", "sep_cma_es", "cma_es"}) {
    INFO(kind);
    auto a = make_es(kind, enc, 16, 1);
    CHECK(run_es(*a, 300, sphere) < 1e-3);
    auto b = make_es(kind, enc, 16, 2);
    CHECK(run_es(*b, 600, ellipsoid) < 1e-2);
  }
}

TEST_CASE("CMA-ES stays finite when some genes stop changing the score") {
  // Rastrigin from x = 3: CMA-ES settles in a local minimum where the genes at +-1 and +-3
  // sit at float32 resolution (their steps no longer change the score) while those at 0
  // keep shrinking. Without a bound on C's condition number the covariance overflowed
  // into NaN after about 5,500 generations.
  RealGenes enc(10);
  for (const char* kind : {"cma_es", "sep_cma_es"}) {
    CAPTURE(kind);
    auto es = make_es(kind, enc, 10, 1);
    for (int g = 0; g < 8000; ++g) {
      const Population& p = es->ask(static_cast<std::uint64_t>(g));
      REQUIRE(p.allFinite());
      std::vector<double> scores(static_cast<std::size_t>(p.rows()));
      for (Eigen::Index i = 0; i < p.rows(); ++i) {
        double f = 10.0 * double(p.cols());
        for (Eigen::Index j = 0; j < p.cols(); ++j) {
          const double x = 3.0 + double(p(i, j));  // the start at 3
          f += x * x - 10.0 * std::cos(2.0 * std::numbers::pi * x);
        }
        scores[static_cast<std::size_t>(i)] = -f;
      }
      es->tell(scores);
    }
    CHECK(es->recommendation().allFinite());
  }
}

TEST_CASE("CMA-ES draws nearly the same population from a covariance one bit away") {
  // After a few generations of a small population most of C's spectrum is one repeated
  // eigenvalue, whose eigenvectors the solver may return in any basis. A run must not
  // part from another on the last bit of one entry of C (as the sanitizer build's did
  // from the Release build's): the samples move by rounding, not by sigma.
  RealGenes enc(300);
  auto a = make_es("cma_es", enc, 4, 3);
  run_es(*a, 3, std::vector<double>(300, 1.0));
  std::stringstream blob;
  {
    cereal::PortableBinaryOutputArchive out(blob);
    a->save(out);
  }
  bool initialised = false;
  std::uint64_t t = 0;
  double sigma = 0.0;
  std::vector<double> m, ps, pc, c;
  {
    cereal::PortableBinaryInputArchive in(blob);
    in(initialised, t, sigma, m, ps, pc, c);
  }
  c[301] = std::nextafter(c[301], 2.0);  // C(1, 1) of 300 x 300, one ulp up
  std::stringstream moved;
  {
    cereal::PortableBinaryOutputArchive out(moved);
    out(initialised, t, sigma, m, ps, pc, c);
  }
  auto b = make_es("cma_es", enc, 4, 3);
  cereal::PortableBinaryInputArchive in(moved);
  b->load(in);
  const Population pa = a->ask(3), pb = b->ask(3);
  CHECK((pa - pb).cwiseAbs().maxCoeff() < 1e-6f);
  CHECK(pa.cwiseAbs().maxCoeff() > 0.1f);  // the samples themselves are far from 0
}
