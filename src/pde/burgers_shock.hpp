#pragma once
/// \file burgers_shock.hpp
/// Viscous Burgers with a shock (burgers_shock), the PINN benchmark of Raissi, Perdikaris
/// & Karniadakis (2019), on the space–time box (x, t) ∈ [−1, 1] × [0, 1]:
///   u_t + u u_x − ν u_xx = 0,  u(x, 0) = −sin(πx),  u(±1, t) = 0;  λ = ν, target 0.01/π.
/// Jet order 2 in (x, t): U = (u, u_x, u_t, u_xx, u_tt). Boundary rows lie on the faces
/// x = ±1 and t = 0 only (the final time t = 1 carries no condition). The solution is odd
/// in x. Its reference (Cole–Hopf by Gauss–Hermite quadrature) is in
/// reference/burgers_cole_hopf.hpp.
#include "pde/problem.hpp"

#include <cmath>

namespace petnet {

class BurgersShock : public Problem {
public:
  const char    *Name() const override { return "burgers_shock"; }
  int            Dim() const override { return 2; }
  int            JetOrder() const override { return 2; }
  void           Bounds(double *lo, double *hi) const override;
  PetscErrorCode SetFromOptions(MPI_Comm comm) override;
  const char    *ParameterName() const override { return "nu"; }
  double         Target() const override { return nu_; }
  /// ν from 0.1 (a smooth solution) down to the target.
  ContinuationParameter Continuation() const override {
    return ContinuationParameter::PositiveDecreasing("nu", 0.1, nu_);
  }
  void   Interior(double nu, CView2 X, CView2 U, DView1 r, DView2 G, DView1 rl) const override;
  double BoundaryValue(const double *x) const override;
  /// x = ±1 and t = 0; not t = 1.
  bool        BoundaryFace(int k, int side) const override { return !(k == 1 && side == 1); }
  Parity      Symmetry(int k) const override { return k == 0 ? Parity::Odd : Parity::None; }
  std::string Describe() const override;
  /// The initial state u(x, 0) = −sin(πx).
  static double InitialState(double x) { return -std::sin(M_PI * x); }

private:
  double nu_ = 0.01 / M_PI;
};

} // namespace petnet
