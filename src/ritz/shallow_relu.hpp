#pragma once
/// \file shallow_relu.hpp
/// The shallow ReLU network of the shallow Ritz method in 1D,
///
///     u_n(x) = α + Σ_{i=0..n} c_i σ(x − b_i),   σ(t) = max(0, t),   b_0 = 0,
///
/// with free breakpoints 0 < b_1 < … < b_n < 1 (the non-linear parameters) and the
/// linear parameters c_0..c_n. u_n is continuous piecewise linear on the partition
/// 0 = b_0 < b_1 < … < b_n < b_{n+1} = 1; its slope on K_j = [b_j, b_{j+1}] is
/// Σ_{i≤j} c_i, so c_j is the jump of u_n' at b_j.
///
/// Layout (fixed here and nowhere else): `b` holds b_1..b_n (n entries), `c` holds
/// c_0..c_n (n + 1 entries), α is the strongly imposed u(0).
#include "core/base.hpp"

#include <vector>

namespace petnet {

struct ShallowReLU {
  double              alpha = 0; ///< u_n(0)
  std::vector<double> b;         ///< interior breakpoints b_1..b_n (kept sorted by the solvers)
  std::vector<double> c;         ///< coefficients c_0..c_n

  /// Free (interior) breakpoints n.
  int NumBreakpoints() const { return static_cast<int>(b.size()); }
  /// Neurons σ(x − b_i), i = 0..n, counting the one fixed at b_0 = 0: n + 1. This is the
  /// paper's "n neurons" (its 15-neuron interface runs have 14 free breakpoints, none on
  /// x = 1/2; its initial errors of Figs. 2–4 and Table 4 are reproduced with this count).
  int Neurons() const { return static_cast<int>(b.size()) + 1; }

  /// n free breakpoints at the uniform partition b_i = i/(n+1), c = 0.
  static ShallowReLU Uniform(double alpha, int n);

  /// Sort b ascending and carry c_1..c_n along (c_0 belongs to b_0 = 0 and stays).
  void Sort();

  /// u_n(x) (any x, any order of b).
  double Value(double x) const;
  /// u_n'(x) from the right (any order of b).
  double Slope(double x) const;

  /// u_n and u_n' on a sorted grid in O(n + m) (b must be sorted).
  void EvaluateSorted(const std::vector<double> &x, std::vector<double> *u,
                      std::vector<double> *du) const;

  /// Slopes on the n + 1 intervals K_0..K_n (b sorted): partial sums of c.
  std::vector<double> IntervalSlopes() const;
};

} // namespace petnet
