#include "engine/components/components.hpp"

#include <stdexcept>

namespace innate {

void Encoding::backward(GenomeView, std::span<const float>, std::span<float>, Rng&) const {
  throw std::logic_error("Encoding::backward(): genome.encoding = \"" + name() + "\" is not differentiable");
}

void Encoding::decode_entries(GenomeView genome, std::span<const std::size_t> indices, std::span<float> values,
                              Rng& birth) const {
  Eigen::VectorXf phenotype(static_cast<Eigen::Index>(phenotype_size()));
  decode(genome, {phenotype.data(), static_cast<std::size_t>(phenotype.size())}, birth);
  for (std::size_t k = 0; k < indices.size(); ++k) values[k] = phenotype[static_cast<Eigen::Index>(indices[k])];
}

void Encoding::backward_entries(GenomeView genome, std::span<const std::size_t> indices, std::span<const float> grads,
                                std::span<float> grad_genome, Rng& birth) const {
  Eigen::VectorXf grad = Eigen::VectorXf::Zero(static_cast<Eigen::Index>(phenotype_size()));
  for (std::size_t k = 0; k < indices.size(); ++k) grad[static_cast<Eigen::Index>(indices[k])] += grads[k];
  backward(genome, {grad.data(), static_cast<std::size_t>(grad.size())}, grad_genome, birth);
}

std::string GenomeLayout::name() const {
  return lifetime_.genome_size() ? encoding_.name() + "+" + lifetime_.kind() : encoding_.name();
}

std::vector<Encoding::Part> GenomeLayout::genome_tensors() const {
  std::vector<Part> tensors = encoding_.genome_tensors();
  if (lifetime_.genome_size()) tensors.push_back({encoding_.genome_size(), lifetime_.genome_size()});
  return tensors;
}

void GenomeLayout::initialise(std::span<float> genome, Rng& rng) const {
  encoding_.initialise(genome.first(encoding_.genome_size()), rng);
  lifetime_.initialise(genome.subspan(encoding_.genome_size()), rng);
}

void GenomeLayout::decode(GenomeView genome, std::span<float> phenotype, Rng& birth) const {
  encoding_.decode(wiring(genome), phenotype, birth);
}

void GenomeLayout::backward(GenomeView genome, std::span<const float> grad_phenotype, std::span<float> grad_genome,
                            Rng& birth) const {
  encoding_.backward(wiring(genome), grad_phenotype, wiring(grad_genome), birth);
}

void GenomeLayout::decode_entries(GenomeView genome, std::span<const std::size_t> indices, std::span<float> values,
                                  Rng& birth) const {
  encoding_.decode_entries(wiring(genome), indices, values, birth);
}

void GenomeLayout::backward_entries(GenomeView genome, std::span<const std::size_t> indices,
                                    std::span<const float> grads, std::span<float> grad_genome, Rng& birth) const {
  encoding_.backward_entries(wiring(genome), indices, grads, wiring(grad_genome), birth);
}

}  // namespace innate
