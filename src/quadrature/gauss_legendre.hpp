#pragma once
/// \file gauss_legendre.hpp
/// Gauss–Legendre rules and composite integration on [lo, hi], split at given
/// points (discontinuities of the integrand) and graded geometrically towards an
/// integrable endpoint singularity.
#include "core/base.hpp"

#include <cmath>
#include <vector>

namespace petnet {

/// An m-point Gauss–Legendre rule on [-1, 1]: exact for polynomials of degree 2m − 1.
class GaussLegendre {
public:
  GaussLegendre() = default;
  /// Nodes and weights from PETSc (PetscDTGaussQuadrature). m in [1, 64].
  static PetscErrorCode      Create(MPI_Comm comm, int m, GaussLegendre *rule);
  int                        Size() const { return static_cast<int>(x_.size()); }
  const std::vector<double> &Nodes() const { return x_; }
  const std::vector<double> &Weights() const { return w_; }

  /// ∫_lo^hi g(x) dx with one application of the rule (no splitting).
  template <class F> double Apply(F &&g, double lo, double hi) const {
    const double h = 0.5 * (hi - lo), m = 0.5 * (hi + lo);
    double       s = 0;
    for (size_t q = 0; q < x_.size(); ++q) s += w_[q] * g(m + h * x_[q]);
    return h * s;
  }

private:
  std::vector<double> x_, w_;
};

/// How composite integration splits [lo, hi].
struct CompositeOptions {
  std::vector<double> breaks; ///< points where the integrand may jump (sorted or not)
  double              singular_at =
      NAN; ///< endpoint with an integrable singularity (grade towards it), NaN: none
  double grading    = 0.5; ///< ratio of consecutive pieces in the geometric grading
  int graded_pieces = 120; ///< pieces of the geometric grading (the last, ~1e-36 long, is dropped)
  double max_piece  = 1.0; ///< pieces longer than this are cut into equal parts
};

/// Composite rule: [lo, hi] is cut at every break inside it, pieces longer than
/// max_piece are split evenly, a piece closer to `singular_at` than its length is cut
/// into pieces no longer than their distance to it, and a piece touching it is graded
/// geometrically towards it (the innermost piece, of relative size grading^pieces, is
/// dropped: the integrand is evaluated only at interior nodes, never at the singularity;
/// towards a nonzero endpoint s the grading stops at pieces of length ~1e-15|s|).
template <class F>
double IntegrateComposite(const GaussLegendre &rule, F &&g, double lo, double hi,
                          const CompositeOptions &o) {
  if (!(hi > lo)) return 0.0;
  double cuts[16];
  int    nc  = 0;
  cuts[nc++] = lo;
  for (double x : o.breaks)
    if (x > lo && x < hi && nc < 15) cuts[nc++] = x;
  cuts[nc++] = hi;
  // breaks are few (discontinuities of a, f); a small insertion sort keeps them ordered
  for (int i = 1; i < nc; ++i)
    for (int j = i; j > 0 && cuts[j] < cuts[j - 1]; --j) std::swap(cuts[j], cuts[j - 1]);
  double total = 0;
  for (int p = 0; p + 1 < nc; ++p) {
    const double a = cuts[p], b = cuts[p + 1];
    if (!(b > a)) continue;
    const bool sing_a = (o.singular_at == a), sing_b = (o.singular_at == b);
    if (sing_a || sing_b) {
      // geometric pieces [s + r^(k+1) L, s + r^k L] measured from the singular end s
      const double L     = b - a;
      double       outer = 1.0;
      for (int k = 0; k < o.graded_pieces; ++k) {
        const double inner = outer * o.grading;
        // near a nonzero endpoint, x = s ± tiny rounds to s: stop before the nodes do
        if (inner * L < 1e-15 * std::fabs(sing_a ? a : b)) break;
        const double x0 = sing_a ? a + inner * L : b - outer * L;
        const double x1 = sing_a ? a + outer * L : b - inner * L;
        total += rule.Apply(g, x0, x1);
        outer = inner;
      }
      continue;
    }
    if (o.singular_at == o.singular_at) {
      // near (not at) the singularity: pieces no longer than their distance to it
      const double s = o.singular_at, da = std::fabs(a - s), db = std::fabs(b - s);
      if (b - a > std::min(da, db)) {
        double x0 = s < a ? a : b; // the end nearest the singularity
        for (int k = 0; k < 200; ++k) {
          const double d  = std::fabs(x0 - s);
          const double x1 = s < a ? std::min(b, x0 + d) : std::max(a, x0 - d);
          total += rule.Apply(g, std::min(x0, x1), std::max(x0, x1));
          if (x1 == (s < a ? b : a)) break;
          x0 = x1;
        }
        continue;
      }
    }
    const int    pieces = std::max(1, static_cast<int>(std::ceil((b - a) / o.max_piece - 1e-12)));
    const double h      = (b - a) / pieces;
    for (int k = 0; k < pieces; ++k)
      total += rule.Apply(g, a + k * h, k + 1 == pieces ? b : a + (k + 1) * h);
  }
  return total;
}

} // namespace petnet
