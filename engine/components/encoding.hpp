#pragma once
// Encoding: genome -> phenotype (a network's flat parameters or one allele per locus),
// the genome an optimizer searches (GenomeLayout: wiring genes, then plasticity genes), and
// the Individual a task meets.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/base/genome.hpp"
#include "engine/base/rng.hpp"
#include "engine/components/lifetime.hpp"
#include "engine/nn/mlp.hpp"

namespace innate {

// Genome parameters -> phenotype. Knows its size in parameters and bits, how to draw an
// initial genome and how to decode one into a phenotype: a vector of floats (a network's
// flat parameters, engine/nn/mlp.hpp, or one allele per locus). Differentiable encodings
// also carry a gradient on the phenotype back to the genome.
class Encoding {
 public:
  virtual ~Encoding() = default;
  virtual std::string name() const = 0;
  virtual std::size_t genome_size() const = 0;
  virtual double genome_bits() const = 0;
  virtual GeneDomain domain() const = 0;
  virtual void initialise(std::span<float> genome, Rng& rng) const = 0;
  // Weights of the decoded network, for encodings that decode to one.
  virtual std::optional<std::size_t> network_params() const { return std::nullopt; }
  // The type of every unit of every network layer, for encodings that assign types
  // (cell types); empty otherwise.
  virtual std::vector<std::vector<int>> unit_types() const { return {}; }

  virtual std::size_t phenotype_size() const = 0;
  // Writes the phenotype. `birth` supplies the randomness of development, for encodings
  // that have any (sampled weights); others ignore it.
  virtual void decode(GenomeView genome, std::span<float> phenotype, Rng& birth) const = 0;

  // Whether backward() exists; without it the three calls below throw std::logic_error.
  virtual bool differentiable() const { return false; }
  // Adds dLoss/dGenome to `grad_genome` given dLoss/dPhenotype. `birth` must be in the
  // state decode() received, so a sampled development is replayed exactly.
  virtual void backward(GenomeView genome, std::span<const float> grad_phenotype, std::span<float> grad_genome,
                        Rng& birth) const;
  // The phenotype at `indices` alone and the way back from gradients at those entries:
  // what regression of a genome onto sampled weights needs. The defaults decode and
  // back-propagate everything; an encoding may do less (the g-net evaluates g on the
  // sampled pairs only).
  virtual void decode_entries(GenomeView genome, std::span<const std::size_t> indices, std::span<float> values,
                              Rng& birth) const;
  virtual void backward_entries(GenomeView genome, std::span<const std::size_t> indices, std::span<const float> grads,
                                std::span<float> grad_genome, Rng& birth) const;

  // The genome's parts: ranges that each generate their own share of the phenotype (a
  // g-net per weight layer, a bias net, stored biases), and the part that generates
  // phenotype entry `index`. A regression that fits the parts as separate models (one
  // Adam per part, as one optimizer per g-net in PyTorch) steps only the parts a batch
  // reaches. By default the whole genome is one part.
  struct Part {
    std::size_t first, count;
  };
  virtual std::vector<Part> genome_parts() const { return {{0, genome_size()}}; }
  virtual std::size_t part_of(std::size_t /*index*/) const { return 0; }

  // The genome's tensors, in order and covering it: ranges of genes of one role and scale
  // (a weight matrix, a bias vector), each quantised on its own range when the genome is
  // stored at fewer bits (engine/information/). By default the whole genome is one.
  virtual std::vector<Part> genome_tensors() const { return {{0, genome_size()}}; }
};

// The genome an optimizer searches: the encoding's genes, then the lifetime's (plasticity
// rules), so any wiring encoding combines with any lifetime without either knowing the
// other. It decodes and differentiates through the encoding (the lifetime's genes get no
// gradient); the lifetime's genes reach the lifetime through an Individual.
class GenomeLayout final : public Encoding {
 public:
  GenomeLayout(const Encoding& encoding, const Lifetime& lifetime) : encoding_(encoding), lifetime_(lifetime) {}
  std::string name() const override;
  std::size_t genome_size() const override { return encoding_.genome_size() + lifetime_.genome_size(); }
  double genome_bits() const override { return encoding_.genome_bits() + 32.0 * double(lifetime_.genome_size()); }
  GeneDomain domain() const override { return encoding_.domain(); }
  void initialise(std::span<float> genome, Rng& rng) const override;
  std::optional<std::size_t> network_params() const override { return encoding_.network_params(); }
  std::size_t phenotype_size() const override { return encoding_.phenotype_size(); }
  void decode(GenomeView genome, std::span<float> phenotype, Rng& birth) const override;
  bool differentiable() const override { return encoding_.differentiable(); }
  void backward(GenomeView genome, std::span<const float> grad_phenotype, std::span<float> grad_genome,
                Rng& birth) const override;
  void decode_entries(GenomeView genome, std::span<const std::size_t> indices, std::span<float> values,
                      Rng& birth) const override;
  void backward_entries(GenomeView genome, std::span<const std::size_t> indices, std::span<const float> grads,
                        std::span<float> grad_genome, Rng& birth) const override;
  std::vector<Part> genome_parts() const override { return encoding_.genome_parts(); }  // the lifetime's genes: none
  std::size_t part_of(std::size_t index) const override { return encoding_.part_of(index); }
  std::vector<Part> genome_tensors() const override;  // the encoding's, then the lifetime's genes as one

 private:
  GenomeView wiring(GenomeView genome) const { return genome.first(encoding_.genome_size()); }
  std::span<float> wiring(std::span<float> grad) const { return grad.first(encoding_.genome_size()); }
  const Encoding& encoding_;
  const Lifetime& lifetime_;
};

// One genome as a task meets it, built by the run loop for every evaluation: development
// (decode, through the scenario's encoding) and the lifetime its phenotype lives through,
// with this genome's lifetime genes. A task knows neither component's concrete type.
class Individual {
 public:
  Individual(GenomeView genome, const Encoding& encoding, const Lifetime& lifetime)
      : genome_(genome), encoding_(encoding), lifetime_(lifetime) {}
  // A birth: the phenotype (phenotype_size() values) from the wiring genes.
  void develop(std::span<float> phenotype, Rng& birth) const {
    encoding_.decode(genome_.first(encoding_.genome_size()), phenotype, birth);
  }
  std::size_t phenotype_size() const { return encoding_.phenotype_size(); }
  const Lifetime& lifetime() const { return lifetime_; }
  GenomeView lifetime_genes() const { return genome_.subspan(encoding_.genome_size()); }

 private:
  GenomeView genome_;
  const Encoding& encoding_;
  const Lifetime& lifetime_;
};

// What an encoding may need to know about the phenotype it builds.
struct EncodingContext {
  std::optional<MlpShape> network;  // [network] when kind = "mlp"
  std::vector<int> input_grid;      // (height, width) when the task's inputs are images
};

}  // namespace innate
