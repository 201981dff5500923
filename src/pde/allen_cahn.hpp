#pragma once
/// \file allen_cahn.hpp
/// Steady Allen–Cahn problems.
///
/// 1D (allen_cahn_1d): ε² u'' − u³ + u = 0 on (0, 1), u(0) = −1, u(1) = 1; λ = ε.
///   Exact (to exp(−1/(√2 ε)) at the boundary): u = tanh((x − ½)/(√2 ε)).
///   The homotopy paper prints ε²u'' + u³ − u; its own exact solution satisfies the
///   sign used here (docs/ALGORITHMS.md).
/// 2D (allen_cahn_2d): the paper's (s, ε(s)) homotopy on [−1, 1]², u = 0 on ∂Ω,
///   H(u, s) = (1 − s)(ε(s)² Δu − u(u² − 1)) + s(u − u0),  u0 = −sin(πx) sin(πy),
///   ε(s) = max(s, ε_min); λ = s, target s = 0.
///   It has no closed-form solution; its reference at s = 0 (the finite-difference
///   steady state reached from u0) is computed in reference/allen_cahn_2d_reference.hpp.
#include "pde/problem.hpp"

#include <cmath>

namespace petnet {

class AllenCahn1D : public Problem {
public:
  const char           *Name() const override { return "allen_cahn_1d"; }
  int                   Dim() const override { return 1; }
  int                   JetOrder() const override { return 2; }
  void                  Bounds(double *lo, double *hi) const override { lo[0] = 0.0, hi[0] = 1.0; }
  PetscErrorCode        SetFromOptions(MPI_Comm comm) override;
  const char           *ParameterName() const override { return "eps"; }
  double                Target() const override { return eps_; }
  ContinuationParameter Continuation() const override {
    return ContinuationParameter::PositiveDecreasing("eps", 0.1, eps_);
  }
  void   Interior(double eps, CView2 X, CView2 U, DView1 r, DView2 G, DView1 rl) const override;
  double BoundaryValue(const double *x) const override { return x[0] < 0.5 ? -1.0 : 1.0; }
  bool   HasExact(double) const override { return true; }
  double Exact(const double *x, double eps) const override;
  std::string Describe() const override;

private:
  double eps_ = 0.01;
};

class AllenCahn2D : public Problem {
public:
  const char *Name() const override { return "allen_cahn_2d"; }
  int         Dim() const override { return 2; }
  int         JetOrder() const override { return 2; }
  void Bounds(double *lo, double *hi) const override { lo[0] = lo[1] = -1.0, hi[0] = hi[1] = 1.0; }
  PetscErrorCode        SetFromOptions(MPI_Comm comm) override;
  const char           *ParameterName() const override { return "s"; }
  double                Target() const override { return 0.0; }
  ContinuationParameter Continuation() const override {
    return ContinuationParameter::UnitDecreasing("s");
  }
  void   Interior(double s, CView2 X, CView2 U, DView1 r, DView2 G, DView1 rl) const override;
  double BoundaryValue(const double *) const override { return 0.0; }
  /// u0 = −sin(πx) sin(πy) is odd in x and in y, the square and u = 0 on ∂Ω symmetric.
  Parity      Symmetry(int) const override { return Parity::Odd; }
  std::string Describe() const override;
  double      EpsMin() const { return eps_min_; }
  /// The homotopy's start u0(x, y) = −sin(πx) sin(πy) (host).
  static double InitialState(double x, double y) {
    return -std::sin(M_PI * x) * std::sin(M_PI * y);
  }

private:
  double    eps_min_   = 0.05;
  PetscBool accretive_ = PETSC_FALSE; ///< -pde_accretive: flip the sign of the PDE part of H
};

} // namespace petnet
