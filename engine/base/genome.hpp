#pragma once
// Genomes as the engine handles them: float vectors, a population as one matrix.
#include <Eigen/Core>

#include <span>

namespace innate {

using GenomeView = std::span<const float>;
// A population: one genome per row, contiguous, so individual i is a span of row i.
using Population = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Per-individual task metrics, one row per individual.
using MetricsTable = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

inline GenomeView row_view(const Population& p, Eigen::Index i) {
  return {p.data() + i * p.cols(), static_cast<std::size_t>(p.cols())};
}

// What values a gene takes: real numbers (values == 0) or the integers 0..values-1.
struct GeneDomain {
  int values = 0;
  bool discrete() const { return values > 0; }
};

}  // namespace innate
