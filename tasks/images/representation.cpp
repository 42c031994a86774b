#include "tasks/images/representation.hpp"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace innate {
namespace {

Eigen::MatrixXd centred(const Eigen::MatrixXd& x) { return x.rowwise() - x.colwise().mean(); }

// Upper triangle of 1 - corr(pattern_i, pattern_j) over samples i < j.
std::vector<double> dissimilarities(const Eigen::MatrixXd& x) {
  Eigen::MatrixXd rows = x.colwise() - x.rowwise().mean();
  const Eigen::VectorXd norms = rows.rowwise().norm();
  for (Eigen::Index i = 0; i < rows.rows(); ++i)
    if (norms[i] > 0) rows.row(i) /= norms[i];
  const Eigen::MatrixXd corr = rows * rows.transpose();
  std::vector<double> d;
  for (Eigen::Index i = 0; i < corr.rows(); ++i)
    for (Eigen::Index j = i + 1; j < corr.cols(); ++j) d.push_back(1.0 - corr(i, j));
  return d;
}

// Ranks with ties averaged.
std::vector<double> ranks(const std::vector<double>& v) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> r(v.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
    for (std::size_t k = i; k <= j; ++k) r[order[k]] = 0.5 * double(i + j);
    i = j + 1;
  }
  return r;
}

double pearson(const std::vector<double>& a, const std::vector<double>& b) {
  const auto n = static_cast<Eigen::Index>(a.size());
  const Eigen::Map<const Eigen::VectorXd> x(a.data(), n), y(b.data(), n);
  const Eigen::VectorXd xc = x.array() - x.mean(), yc = y.array() - y.mean();
  const double d = xc.norm() * yc.norm();
  return d > 0 ? xc.dot(yc) / d : 0.0;
}

}  // namespace

double linear_cka(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y) {
  if (x.rows() != y.rows()) throw std::invalid_argument("linear_cka(): the two representations need the same samples");
  const Eigen::MatrixXd xc = centred(x), yc = centred(y);
  const double cross = (yc.transpose() * xc).squaredNorm();
  const double norm = (xc.transpose() * xc).norm() * (yc.transpose() * yc).norm();
  return norm > 0 ? cross / norm : 0.0;
}

double rsa(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y) {
  if (x.rows() != y.rows()) throw std::invalid_argument("rsa(): the two representations need the same samples");
  return pearson(ranks(dissimilarities(x)), ranks(dissimilarities(y)));
}

double participation_ratio(const Eigen::MatrixXd& x) {
  const Eigen::MatrixXd xc = centred(x);
  const Eigen::MatrixXd cov = xc.transpose() * xc / std::max<double>(1.0, double(x.rows() - 1));
  const Eigen::VectorXd eig = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(cov, Eigen::EigenvaluesOnly).eigenvalues();
  const double sum = eig.sum(), squares = eig.squaredNorm();
  return squares > 0 ? sum * sum / squares : 0.0;
}

}  // namespace innate
