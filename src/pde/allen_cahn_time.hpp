#pragma once
/// \file allen_cahn_time.hpp
/// Time-dependent Allen–Cahn (allen_cahn_time), the PINN benchmark of Raissi et al. and of
/// the jaxpi / PirateNets papers, on the space–time box (x, t) ∈ [−1, 1] × [0, 1]:
///   u_t − ε u_xx + a u³ − a u = 0,  u(x, 0) = x² cos(πx),  x periodic;  ε = 1e-4, a = 5.
/// λ scales the time horizon: r = u_t − λ(ε u_xx − a u³ + a u), i.e. u_λ(x, t) = u(x, λt).
/// At λ = 0 the solution is u0 for all t; the target is λ = 1. Jet order 2 in (x, t):
/// U = (u, u_x, u_t, u_xx, u_tt). Boundary rows lie on the initial face t = 0 only:
/// periodicity in x belongs to the network (an exact periodic input embedding). The
/// solution is even in x. Its reference (Fourier pseudo-spectral ETDRK4) is in
/// reference/allen_cahn_time_reference.hpp.
#include "pde/problem.hpp"

#include <cmath>

namespace petnet {

class AllenCahnTime : public Problem {
public:
  const char    *Name() const override { return "allen_cahn_time"; }
  int            Dim() const override { return 2; }
  int            JetOrder() const override { return 2; }
  void           Bounds(double *lo, double *hi) const override;
  PetscErrorCode SetFromOptions(MPI_Comm comm) override;
  const char    *ParameterName() const override { return "horizon"; }
  double         Target() const override { return 1.0; }
  /// λ from 0 (u = u0 for all t) up to 1.
  ContinuationParameter Continuation() const override;
  void   Interior(double lambda, CView2 X, CView2 U, DView1 r, DView2 G, DView1 rl) const override;
  double BoundaryValue(const double *x) const override { return InitialState(x[0]); }
  /// t = 0 only.
  bool        BoundaryFace(int k, int side) const override { return k == 1 && side == 0; }
  Parity      Symmetry(int k) const override { return k == 0 ? Parity::Even : Parity::None; }
  std::string Describe() const override;
  /// The initial state u(x, 0) = x² cos(πx).
  static double InitialState(double x) { return x * x * std::cos(M_PI * x); }
  double        Diffusion() const { return eps_; }
  double        Rate() const { return rate_; }

private:
  double eps_ = 1e-4, rate_ = 5.0;
};

} // namespace petnet
