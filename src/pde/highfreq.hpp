#pragma once
/// \file highfreq.hpp
/// High-frequency function fitting (homotopy paper §5.2, Appendix B.4):
///
///   H(u, ε) = u − sin(πx/ε) on [0, 1], λ = ε, target ε = 1/50 (u = sin(50πx)).
///
/// A pure fit: no boundary rows (the paper uses none, and a Dirichlet value at x = 1,
/// sin(π/ε), would depend on ε, which boundary rows do not). The homotopy runs from a
/// low frequency 1/ε0 = 15 to the target; the paper lists ε ∈ [1/15, 1/20, …, 1/50].
///   ∂H/∂u = 1,   ∂H/∂ε = (πx/ε²) cos(πx/ε).
#include "pde/problem.hpp"

namespace petnet {

class HighFrequency : public Problem {
public:
  const char           *Name() const override { return "highfreq"; }
  int                   Dim() const override { return 1; }
  int                   JetOrder() const override { return 0; }
  void                  Bounds(double *lo, double *hi) const override { lo[0] = 0.0, hi[0] = 1.0; }
  PetscErrorCode        SetFromOptions(MPI_Comm comm) override;
  const char           *ParameterName() const override { return "eps"; }
  double                Target() const override { return eps_; }
  ContinuationParameter Continuation() const override {
    return ContinuationParameter::PositiveDecreasing("eps", 0.1, eps_);
  }
  void   Interior(double eps, CView2 X, CView2 U, DView1 r, DView2 G, DView1 rl) const override;
  bool   HasBoundary() const override { return false; }
  double BoundaryValue(const double *) const override { return 0.0; }
  bool   HasExact(double) const override { return true; }
  double Exact(const double *x, double eps) const override;
  std::string Describe() const override;

private:
  double eps_ = 1.0 / 50.0;
};

} // namespace petnet
