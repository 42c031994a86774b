#include <doctest/doctest.h>

#include <Eigen/QR>

#include "tasks/images/representation.hpp"

using namespace innate;

TEST_CASE("linear CKA: a hand-computed case, 1 with itself, invariant to rotation and scaling") {
  Eigen::MatrixXd x(3, 1), y(3, 1);
  x << 1, 2, 3;
  y << 1, 3, 2;
  // Centred x = (-1, 0, 1), y = (-1, 1, 0): <x,y>^2 / (|x|^2 |y|^2) = 1 / 4.
  CHECK(linear_cka(x, y) == doctest::Approx(0.25));
  Eigen::MatrixXd a = Eigen::MatrixXd::Random(50, 6), b = Eigen::MatrixXd::Random(50, 4);
  CHECK(linear_cka(a, a) == doctest::Approx(1.0));
  const Eigen::MatrixXd q = Eigen::HouseholderQR<Eigen::MatrixXd>(Eigen::MatrixXd::Random(6, 6)).householderQ();
  CHECK(linear_cka(a * q, b) == doctest::Approx(linear_cka(a, b)));
  CHECK(linear_cka(3.7 * a, b) == doctest::Approx(linear_cka(a, b)));
  CHECK(linear_cka(a, b) < 1.0);
}

TEST_CASE("participation ratio: hand-computed spectra") {
  // Two independent directions of equal variance: PR = (1 + 1)^2 / (1 + 1) = 2.
  Eigen::MatrixXd x(4, 3);
  x << 1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1, 0;
  CHECK(participation_ratio(x) == doctest::Approx(2.0));
  // One direction only: PR = 1.
  Eigen::MatrixXd line(3, 2);
  line << 1, 2, 2, 4, 3, 6;
  CHECK(participation_ratio(line) == doctest::Approx(1.0));
  // Variances 4 and 1: (5)^2 / (16 + 1) = 25 / 17.
  Eigen::MatrixXd unequal(4, 2);
  unequal << 2, 0, -2, 0, 0, 1, 0, -1;
  CHECK(participation_ratio(unequal) == doctest::Approx(25.0 / 17.0));
}

TEST_CASE("RSA: 1 for identical or rescaled representations, lower for unrelated ones") {
  Eigen::MatrixXd a = Eigen::MatrixXd::Random(30, 8), b = Eigen::MatrixXd::Random(30, 8);
  CHECK(rsa(a, a) == doctest::Approx(1.0));
  CHECK(rsa(a, 2.0 * a) == doctest::Approx(1.0));
  CHECK(std::abs(rsa(a, b)) < 0.5);
}
