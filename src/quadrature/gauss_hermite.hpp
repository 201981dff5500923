#pragma once
/// \file gauss_hermite.hpp
/// Gauss–Hermite rules: ∫ g(z) e^{−z²} dz ≈ Σ_i w_i g(z_i), exact for polynomials of
/// degree 2m − 1. The weights are kept as logarithms: the outer ones (~e^{−z²}) are far
/// below the inner ones, and an integrand that grows as fast as e^{z²} needs them to
/// full relative accuracy (combine them as log w_i + log g(z_i) and subtract the largest).
#include "core/base.hpp"

#include <vector>

namespace petnet {

class GaussHermite {
public:
  GaussHermite() = default;
  /// Nodes by Newton's method on the orthonormal Hermite recurrence, m in [1, 600].
  static PetscErrorCode      Create(MPI_Comm comm, int m, GaussHermite *rule);
  int                        Size() const { return static_cast<int>(z_.size()); }
  const std::vector<double> &Nodes() const { return z_; }
  /// log w_i.
  const std::vector<double> &LogWeights() const { return logw_; }

private:
  std::vector<double> z_, logw_;
};

} // namespace petnet
