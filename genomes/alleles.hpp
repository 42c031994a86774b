#pragma once
// Hinton & Nowlan's (1987) genome: every locus holds allele 1, 0 or ? (plastic: set by
// learning during a life). Genes are stored as 0 = allele 0, 1 = allele 1, 2 = ?.
#include <cstdint>

#include "engine/components/components.hpp"

namespace innate {

class Alleles final : public Encoding {
 public:
  static constexpr int kZero = 0, kOne = 1, kPlastic = 2;
  static constexpr int kMaxLoci = 64;  // phenotypes are 64-bit masks

  // Initial allele frequencies; they must sum to 1. Without ? the domain is {0, 1}.
  Alleles(int loci, double p_one, double p_zero, double p_plastic);

  std::string name() const override { return "alleles"; }
  std::size_t genome_size() const override { return static_cast<std::size_t>(loci_); }
  double genome_bits() const override;
  GeneDomain domain() const override { return {p_plastic_ > 0.0 ? 3 : 2}; }
  void initialise(std::span<float> genome, Rng& rng) const override;

  // The phenotype is the alleles themselves, one value per locus (0, 1 or 2 = ?).
  std::size_t phenotype_size() const override { return static_cast<std::size_t>(loci_); }
  void decode(GenomeView genome, std::span<float> phenotype, Rng& birth) const override;
  int loci() const { return loci_; }

  // A phenotype as bit masks: which loci are fixed and their values, which are plastic.
  struct Masks {
    std::uint64_t fixed = 0;    // bit l set: locus l holds 0 or 1
    std::uint64_t ones = 0;     // bit l set: locus l holds 1
    std::uint64_t plastic = 0;  // bit l set: locus l holds ?
  };
  static Masks masks(std::span<const float> phenotype);

  static EncodingEntry entry();

 private:
  int loci_;
  double p_one_, p_zero_, p_plastic_;
};

}  // namespace innate
