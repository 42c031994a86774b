#include <doctest/doctest.h>

#include <cmath>

#include "genomes/alleles.hpp"
#include "genomes/trials.hpp"
#include "tasks/baldwin/baldwin.hpp"

using namespace innate;

namespace {

constexpr std::uint64_t kOnes20 = (1u << 20) - 1;

std::vector<float> genome_of(const std::string& alleles) {  // "1", "0", "?" per locus
  std::vector<float> g;
  for (char c : alleles) g.push_back(c == '1' ? 1.0f : c == '0' ? 0.0f : 2.0f);
  return g;
}

// A Baldwin task with its alleles encoding and a lifetime of `trials` (0: none).
struct World {
  World(int loci, int trials, std::uint64_t target)
      : alleles(loci, 0.25, 0.25, 0.5), learning(trials), task(loci, target, 1.0, 19.0), lifetime(trials > 0) {}
  Alleles alleles;
  TrialLearning learning;
  NoLifetime none;
  BaldwinTask task;
  bool lifetime;
  double evaluate(const std::vector<float>& g, Rng& rng, double* metrics) const {
    const Individual individual({g.data(), g.size()}, alleles,
                                lifetime ? static_cast<const Lifetime&>(learning) : none);
    return task.evaluate(individual, Draws(rng, 0, 0), {metrics, 4});
  }
};

double fitness(const World& task, const std::string& alleles, std::uint64_t individual, double* found = nullptr) {
  const auto g = genome_of(alleles);
  double metrics[4];
  Rng rng = stream({1, 0, individual, Purpose::evaluate});
  const double f = task.evaluate(g, rng, metrics);
  if (found) *found = metrics[3];
  return f;
}

}  // namespace

TEST_CASE("Hinton & Nowlan fitness: innate target 20, any wrong allele 1") {
  const World task(20, 1000, kOnes20);
  double found = 0;
  CHECK(fitness(task, "11111111111111111111", 0, &found) == 20.0);
  CHECK(found == 1.0);
  CHECK(fitness(task, "1111111111111111111?", 0) > 1.0);  // one ? is found in the first few trials
  CHECK(fitness(task, "0111111111111111111?", 0, &found) == 1.0);
  CHECK(found == 0.0);
  CHECK(fitness(task, "0???????????????????", 0) == 1.0);
}

TEST_CASE("allele fractions are counted against the target") {
  const World task(4, 10, 0b0101);  // target: loci 0 and 2 are 1
  // Locus 0: 0 against 1 (wrong); locus 1: 0 against 0 (right); locus 2: ?;
  // locus 3: 1 against 0 (wrong).
  const auto g = genome_of("00?1");
  double m[4];
  Rng rng = stream({1, 0, 0, Purpose::evaluate});
  CHECK(task.evaluate(g, rng, m) == 1.0);
  CHECK(m[0] == 0.25);
  CHECK(m[1] == 0.5);
  CHECK(m[2] == 0.25);
  CHECK(m[3] == 0.0);
}

TEST_CASE("learning matches the geometric law of random guessing") {
  // With u plastic loci a trial succeeds with p = 2^-u; success on trial k leaves
  // n = 1000 - k, so E[fitness] = 1 + 19/1000 * sum_k (1000 - k) p (1 - p)^(k - 1).
  const World task(20, 1000, kOnes20);
  for (int u : {3, 6, 9}) {
    const double p = std::ldexp(1.0, -u);
    double expected = 1.0, second = 1.0;  // E[f], E[f^2]
    for (int k = 1; k <= 1000; ++k) {
      const double f = 1.0 + 19.0 * (1000 - k) / 1000.0, prob = p * std::pow(1 - p, k - 1);
      expected += prob * (f - 1.0);
      second += prob * (f * f - 1.0);
    }
    const std::string alleles_text = std::string(20 - u, '1') + std::string(u, '?');
    const int n = 20000;
    double sum = 0;
    for (int i = 0; i < n; ++i) sum += fitness(task, alleles_text, static_cast<std::uint64_t>(i));
    const double se = std::sqrt((second - expected * expected) / n);
    CHECK(std::abs(sum / n - expected) < 4 * se);
  }
}

TEST_CASE("without learning a plastic locus is never resolved") {
  const World task(20, 0, kOnes20);
  for (int i = 0; i < 100; ++i) CHECK(fitness(task, "1111111111111111111?", static_cast<std::uint64_t>(i)) == 1.0);
}

TEST_CASE("initial allele frequencies follow p_one, p_zero, p_plastic") {
  Alleles alleles(20, 0.25, 0.25, 0.5);
  CHECK(alleles.domain().values == 3);
  CHECK(alleles.genome_bits() == doctest::Approx(20 * std::log2(3.0)));
  std::vector<float> g(20);
  std::array<int, 3> count{};
  const int n = 5000;
  for (int i = 0; i < n; ++i) {
    Rng rng = stream({1, 0, static_cast<std::uint64_t>(i), Purpose::initialise});
    alleles.initialise(g, rng);
    for (float x : g) ++count[static_cast<int>(x)];
  }
  const double total = 20.0 * n;
  CHECK(std::abs(count[1] / total - 0.25) < 0.01);
  CHECK(std::abs(count[0] / total - 0.25) < 0.01);
  CHECK(std::abs(count[2] / total - 0.5) < 0.01);

  Alleles no_learning(20, 0.5, 0.5, 0.0);
  CHECK(no_learning.domain().values == 2);
  CHECK(no_learning.genome_bits() == 20.0);
}
