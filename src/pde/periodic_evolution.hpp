#pragma once
/// \file periodic_evolution.hpp
/// First-order-in-time problems on x ∈ [0, 2π] (periodic), t ∈ [0, 1], the test set of
/// the trSQP-PINN paper (Cheng & Na, Appendix B):
///
///   transport           u_t + β u_x = 0,                u(x, 0) = sin x,            exact sin(x −
///   βt) reaction            u_t − α u(1 − u) = 0,           u(x, 0) = exp(−ζ(x − π)²),  exact
///   logistic reaction_diffusion  u_t − ν u_xx − α u(1 − u) = 0,  same u(x, 0), reference by FFT
///
/// The point x of the Problem interface is (x, t): jet components (u, u_x, u_t, u_xx,
/// u_tt) in the order of core/jets.hpp. The residual's parameter λ is the PDE's
/// coefficient (β or α). BoundaryValue is the initial condition u0(x) (the boundary in
/// x is periodic; the constraint assembly pairs (0, t) with (2π, t)). Blind to networks.
#include "pde/problem.hpp"

namespace petnet {

class PeriodicEvolution : public Problem {
public:
  int  Dim() const override { return 2; }
  void Bounds(double *lo, double *hi) const override {
    lo[0] = 0.0, hi[0] = 6.283185307179586;
    lo[1] = 0.0, hi[1] = 1.0;
  }
  /// The domain wraps around in x.
  double Period(int k) const override {
    double lo[2], hi[2];
    Bounds(lo, hi);
    return k == 0 ? hi[0] - lo[0] : 0.0;
  }
  /// u(x, 0) (host).
  virtual double Initial(double x) const = 0;
  double         BoundaryValue(const double *x) const override { return Initial(x[0]); }
};

class Transport : public PeriodicEvolution {
public:
  const char    *Name() const override { return "transport"; }
  int            JetOrder() const override { return 1; }
  PetscErrorCode SetFromOptions(MPI_Comm comm) override;
  const char    *ParameterName() const override { return "beta"; }
  double         Target() const override { return beta_; }
  void   Interior(double beta, CView2 X, CView2 U, DView1 r, DView2 G, DView1 rl) const override;
  double Initial(double x) const override;
  bool   HasExact(double) const override { return true; }
  double Exact(const double *x, double beta) const override;
  std::string Describe() const override;
  void        SetBeta(double b) { beta_ = b; }

private:
  double beta_ = 30.0;
};

/// reaction (ν = 0, first order) and reaction_diffusion (ν > 0 allowed, second order).
class Reaction : public PeriodicEvolution {
public:
  explicit Reaction(bool diffusion)
      : diffusion_(diffusion), nu_(diffusion ? 2.0 : 0.0), alpha_(diffusion ? 20.0 : 30.0) {}
  const char    *Name() const override { return diffusion_ ? "reaction_diffusion" : "reaction"; }
  int            JetOrder() const override { return diffusion_ ? 2 : 1; }
  PetscErrorCode SetFromOptions(MPI_Comm comm) override;
  const char    *ParameterName() const override { return "alpha"; }
  double         Target() const override { return alpha_; }
  void   Interior(double alpha, CView2 X, CView2 U, DView1 r, DView2 G, DView1 rl) const override;
  double Initial(double x) const override;
  /// The logistic closed form for ν = 0; reaction–diffusion has none (see
  /// reference/reaction_diffusion_fft.hpp).
  bool        HasExact(double) const override { return nu_ == 0.0; }
  double      Exact(const double *x, double alpha) const override;
  std::string Describe() const override;
  double      Nu() const { return nu_; }
  double      Zeta() const { return zeta_; }
  void        Set(double alpha, double nu, double zeta) { alpha_ = alpha, nu_ = nu, zeta_ = zeta; }

private:
  bool   diffusion_;
  double nu_, alpha_, zeta_ = 2.0;
};

/// Names accepted by the trSQP job and the factory.
std::vector<std::string> PeriodicEvolutionNames();
PetscErrorCode           CreatePeriodicEvolution(MPI_Comm comm, const std::string &name,
                                                 std::unique_ptr<PeriodicEvolution> *problem);

} // namespace petnet
