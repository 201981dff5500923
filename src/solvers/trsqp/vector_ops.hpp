#pragma once
/// \file vector_ops.hpp
/// The dense vector reductions of the trSQP pieces (steps.cpp, quasi_newton.cpp,
/// trsqp.cpp), written once. Each sums left to right in index order, so results do not
/// depend on which file calls them.
#include "core/base.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace petnet::vec {

/// aᵀb = Σ_i a_i b_i, summed in index order.
inline double Dot(PetscInt n, const double *a, const double *b) {
  double s = 0;
  for (PetscInt i = 0; i < n; ++i) s += a[i] * b[i];
  return s;
}
/// ‖a‖₂ = √(aᵀa).
inline double Norm2(PetscInt n, const double *a) { return std::sqrt(Dot(n, a, a)); }

inline double Dot(const std::vector<double> &a, const std::vector<double> &b) {
  return Dot(static_cast<PetscInt>(a.size()), a.data(), b.data());
}
inline double Norm2(const std::vector<double> &a) { return std::sqrt(Dot(a, a)); }
/// ‖a‖_∞ = max_i |a_i|.
inline double NormInf(const std::vector<double> &a) {
  double s = 0;
  for (double x : a) s = std::max(s, std::fabs(x));
  return s;
}

} // namespace petnet::vec
