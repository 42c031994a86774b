#include <doctest/doctest.h>

#include <cereal/archives/portable_binary.hpp>

#include <cmath>
#include <numeric>
#include <sstream>

#include "engine/optimizers/ga.hpp"

using namespace innate;

namespace {

// Genes drawn uniformly from `values` alleles, or N(0,1) when values == 0.
class ToyEncoding final : public Encoding {
 public:
  ToyEncoding(std::size_t size, int values) : size_(size), values_(values) {}
  std::string name() const override { return "toy"; }
  std::size_t genome_size() const override { return size_; }
  double genome_bits() const override { return 0; }
  GeneDomain domain() const override { return {values_}; }
  void initialise(std::span<float> genome, Rng& rng) const override {
    for (float& g : genome) g = static_cast<float>(rng() % static_cast<std::uint32_t>(values_ ? values_ : 7));
  }
  std::size_t phenotype_size() const override { return size_; }  // the genes themselves
  void decode(GenomeView g, std::span<float> p, Rng&) const override { std::copy(g.begin(), g.end(), p.begin()); }

 private:
  std::size_t size_;
  int values_;
};

// Overwrites the initial population with `rows(i)`.
Population set_population(GeneticAlgorithm& ga, const std::function<float(Eigen::Index, Eigen::Index)>& gene) {
  auto& pop = const_cast<Population&>(ga.ask(0));
  for (Eigen::Index i = 0; i < pop.rows(); ++i)
    for (Eigen::Index l = 0; l < pop.cols(); ++l) pop(i, l) = gene(i, l);
  return pop;
}

}  // namespace

TEST_CASE("single-point crossover: prefix of one parent, suffix of the other, cut in 1..L-1") {
  const int loci = 8;
  ToyEncoding enc(loci, 2);
  GeneticAlgorithm ga({}, {enc, 4000, 11});
  // Half the population all 0, half all 1, equal fitness.
  set_population(ga, [](Eigen::Index i, Eigen::Index) { return static_cast<float>(i % 2); });
  ga.tell(std::vector<double>(4000, 1.0));
  const Population& children = ga.ask(1);
  std::vector<int> cuts(loci + 1, 0);
  for (Eigen::Index i = 0; i < children.rows(); ++i) {
    int changes = 0, cut = 0;
    for (int l = 1; l < loci; ++l)
      if (children(i, l) != children(i, l - 1)) ++changes, cut = l;
    REQUIRE(changes <= 1);  // a child is a^c b^(L-c)
    if (changes == 1) ++cuts[cut];
  }
  CHECK(cuts[0] == 0);
  for (int c = 1; c < loci; ++c) CHECK(cuts[c] > 0);  // every cut point is used
}

TEST_CASE("fitness-proportional selection picks parents in proportion to fitness") {
  // No crossover: each child copies one parent. Types k = i % 4 have fitness k + 1,
  // so a child is of type k with probability (k + 1) / 10.
  ToyEncoding enc(1, 4);
  GaSettings s;
  s.crossover = GaSettings::Crossover::none;
  const int n = 20000;
  GeneticAlgorithm ga(s, {enc, n, 5});
  set_population(ga, [](Eigen::Index i, Eigen::Index) { return static_cast<float>(i % 4); });
  std::vector<double> fitness(n);
  for (int i = 0; i < n; ++i) fitness[i] = i % 4 + 1;
  ga.tell(fitness);
  const Population& children = ga.ask(1);
  std::vector<int> count(4, 0);
  for (Eigen::Index i = 0; i < n; ++i) ++count[static_cast<int>(children(i, 0))];
  for (int k = 0; k < 4; ++k) {
    const double p = (k + 1) / 10.0;
    CHECK(std::abs(count[k] - n * p) < 4 * std::sqrt(n * p * (1 - p)));
  }
}

TEST_CASE("non-finite scores are never chosen by roulette and lose tournaments") {
  ToyEncoding enc(1, 2);
  for (auto selection : {GaSettings::Selection::proportional, GaSettings::Selection::tournament}) {
    GaSettings s;
    s.selection = selection;
    s.tournament_size = 4;
    s.crossover = GaSettings::Crossover::none;
    GeneticAlgorithm ga(s, {enc, 100, 3});
    set_population(ga, [](Eigen::Index i, Eigen::Index) { return static_cast<float>(i % 2); });
    std::vector<double> fitness(100);
    for (int i = 0; i < 100; ++i) fitness[i] = i % 2 ? std::nan("") : 1.0;
    ga.tell(fitness);
    const Population& children = ga.ask(1);
    if (selection == GaSettings::Selection::proportional)
      CHECK(children.sum() == 0.0f);
    else
      CHECK(children.sum() < 100.0f);  // a NaN parent wins only an all-NaN tournament
  }
}

TEST_CASE("elitism copies the best individuals unchanged") {
  ToyEncoding enc(5, 3);
  GaSettings s;
  s.elite = 2;
  s.mutation_rate = 1.0;
  GeneticAlgorithm ga(s, {enc, 10, 9});
  const Population first = ga.ask(0);
  std::vector<double> fitness{3, 9, 1, 0, 0, 0, 9.5, 0, 0, 0};
  ga.tell(fitness);
  const Population& next = ga.ask(1);
  CHECK(next.row(0) == first.row(6));
  CHECK(next.row(1) == first.row(1));
}

TEST_CASE("discrete mutation always moves to another allele of the domain") {
  ToyEncoding enc(50, 3);
  GaSettings s;
  s.crossover = GaSettings::Crossover::none;
  s.mutation_rate = 1.0;
  GeneticAlgorithm ga(s, {enc, 1, 4});
  const Population before = ga.ask(0);
  ga.tell(std::vector<double>{1.0});
  const Population& after = ga.ask(1);
  for (Eigen::Index l = 0; l < 50; ++l) {
    CHECK(after(0, l) != before(0, l));
    CHECK((after(0, l) >= 0 && after(0, l) <= 2));
  }
}

TEST_CASE("saved and loaded state breeds the same next generation") {
  ToyEncoding enc(6, 3);
  GaSettings s;
  s.mutation_rate = 0.1;
  GeneticAlgorithm a(s, {enc, 50, 21}), b(s, {enc, 50, 21});
  a.ask(0);
  std::vector<double> fitness(50);
  std::iota(fitness.begin(), fitness.end(), 1.0);
  a.tell(fitness);
  std::stringstream blob;
  {
    cereal::PortableBinaryOutputArchive out(blob);
    a.save(out);
  }
  cereal::PortableBinaryInputArchive in(blob);
  b.load(in);
  CHECK(a.ask(1) == b.ask(1));
}
