#include "genomes/alleles.hpp"

#include <fmt/format.h>
#include <boost/random/uniform_01.hpp>

#include <algorithm>
#include <cmath>

#include "engine/base/error.hpp"

namespace innate {

Alleles::Alleles(int loci, double p_one, double p_zero, double p_plastic)
    : loci_(loci), p_one_(p_one), p_zero_(p_zero), p_plastic_(p_plastic) {
  if (loci < 1 || loci > kMaxLoci) throw InputError(fmt::format("Alleles(): loci must be in [1, {}]", kMaxLoci));
  if (std::abs(p_one + p_zero + p_plastic - 1.0) > 1e-9)
    throw InputError(
        fmt::format("Alleles(): genome.p_one + p_zero + p_plastic must be 1, got {}", p_one + p_zero + p_plastic));
}

double Alleles::genome_bits() const { return loci_ * std::log2(static_cast<double>(domain().values)); }

void Alleles::initialise(std::span<float> genome, Rng& rng) const {
  boost::random::uniform_01<double> unit;
  for (float& gene : genome) {
    const double u = unit(rng);
    gene = static_cast<float>(u < p_one_ ? kOne : u < p_one_ + p_zero_ ? kZero : kPlastic);
  }
}

void Alleles::decode(GenomeView genome, std::span<float> phenotype, Rng&) const {
  std::copy(genome.begin(), genome.end(), phenotype.begin());
}

Alleles::Masks Alleles::masks(std::span<const float> phenotype) {
  Masks p;
  for (std::size_t l = 0; l < phenotype.size(); ++l) {
    const std::uint64_t bit = std::uint64_t{1} << l;
    switch (static_cast<int>(phenotype[l])) {
      case kOne:
        p.ones |= bit;
        [[fallthrough]];
      case kZero:
        p.fixed |= bit;
        break;
      default:
        p.plastic |= bit;
        break;
    }
  }
  return p;
}

EncodingEntry Alleles::entry() {
  return {{"alleles",
           "Hinton & Nowlan alleles: each locus 1, 0 or ? (plastic); log2(values) bits per locus",
           {
               {"loci", "20", "number of loci (at most 64)"},
               {"p_one", "0.25", "initial frequency of allele 1"},
               {"p_zero", "0.25", "initial frequency of allele 0"},
               {"p_plastic", "0.5", "initial frequency of allele ? (0 removes ? from the genome entirely)"},
           }},
          [](const Section& cfg, const EncodingContext&) -> std::unique_ptr<Encoding> {
            const double p1 = cfg.real("p_one", 0.0, 1.0), p0 = cfg.real("p_zero", 0.0, 1.0);
            const double pq = cfg.real("p_plastic", 0.0, 1.0);
            if (std::abs(p1 + p0 + pq - 1.0) > 1e-9)
              cfg.fail("p_one", fmt::format("p_one + p_zero + p_plastic = 1, not {} + {} + {}", p1, p0, pq));
            return std::make_unique<Alleles>(static_cast<int>(cfg.integer("loci", 1, kMaxLoci)), p1, p0, pq);
          }};
}

}  // namespace innate
