#pragma once
// Comparing and describing neural representations (the measures reviewed by Barrett,
// Morcos & Macke 2019; docs/science.md). A representation is a (samples x units)
// matrix of activations.
//   linear CKA (Kornblith et al. 2019): ||Y^T X||_F^2 / (||X^T X||_F ||Y^T Y||_F), columns
//     centred; 1 for identical representations, invariant to orthogonal transforms and
//     isotropic scaling.
//   RSA: Spearman correlation between the upper triangles of the two representational
//     dissimilarity matrices (1 - Pearson correlation between samples' patterns).
//   participation ratio: (sum of covariance eigenvalues)^2 / sum of their squares, the
//     effective number of dimensions.
#include <Eigen/Core>

namespace innate {

double linear_cka(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y);
double rsa(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y);
double participation_ratio(const Eigen::MatrixXd& x);

}  // namespace innate
