#pragma once
// Checks of an encoding's backward() against central differences, shared by the tests of
// particular encodings and the tests that loop over the catalog.
#include <boost/random/normal_distribution.hpp>

#include <cmath>
#include <vector>

#include "engine/components/encoding.hpp"

namespace innate::test {

inline std::vector<float> initial_genome(const Encoding& e, std::uint64_t seed) {
  std::vector<float> g(e.genome_size());
  Rng rng = stream({seed, 0, 0, Purpose::initialise});
  e.initialise(g, rng);
  return g;
}

// The phenotype of `genome` from the birth stream numbered 3.
inline std::vector<float> decode(const Encoding& e, const std::vector<float>& genome) {
  std::vector<float> phenotype(e.phenotype_size());
  Rng birth = stream({3, 0, 0, Purpose::evaluate});
  e.decode(genome, phenotype, birth);
  return phenotype;
}

struct GradientCheck {
  double error = 0;            // relative error over the stable genes
  double stable_fraction = 0;  // of all genes
};

// Relative error of backward() against central differences of L = r . decode(genome),
// over the genes whose difference quotient is stable (the same at eps and eps / 2 to 1%:
// a step that straddles a ReLU kink is not a derivative), and the share of genes that are.
inline GradientCheck check_gradient(const Encoding& e) {
  auto g = initial_genome(e, 7);
  std::vector<float> r(e.phenotype_size());
  Rng rr = stream({11, 0, 0, Purpose::task});
  boost::random::normal_distribution<float> normal;
  for (float& x : r) x = normal(rr);
  auto loss = [&](const std::vector<float>& genome) {
    const auto p = decode(e, genome);
    double l = 0;
    for (std::size_t i = 0; i < p.size(); ++i) l += double(r[i]) * p[i];
    return l;
  };
  auto quotient = [&](std::size_t i, float eps) {
    const float keep = g[i];
    g[i] = keep + eps;
    const double up = loss(g);
    g[i] = keep - eps;
    const double down = loss(g);
    g[i] = keep;
    return (up - down) / (2.0 * double(eps));
  };
  std::vector<float> grad(g.size(), 0.0f);
  Rng birth = stream({3, 0, 0, Purpose::evaluate});
  e.backward(g, r, grad, birth);
  double diff = 0, norm = 0;
  std::size_t stable = 0;
  for (std::size_t i = 0; i < g.size(); ++i) {
    const double fd = quotient(i, 3e-4f), half = quotient(i, 1.5e-4f);
    if (std::abs(fd - half) > 1e-2 * std::max(std::abs(fd), 1e-2)) continue;
    ++stable;
    diff += (fd - grad[i]) * (fd - grad[i]);
    norm += fd * fd;
  }
  return {norm > 0 ? std::sqrt(diff / norm) : std::sqrt(diff), double(stable) / double(g.size())};
}

}  // namespace innate::test
