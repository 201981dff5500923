#pragma once
/// \file burgers_cole_hopf.hpp
/// The Cole–Hopf solution of u_t + u u_x = ν u_xx on [−1, 1], u(x, 0) = −sin(πx),
/// u(±1, t) = 0 (pde/burgers_shock.hpp). With u = −2ν φ_x/φ and the heat kernel,
///   u(x, t) = −∫ sin(π(x − η)) f(x − η) e^{−η²/(4νt)} dη / ∫ f(x − η) e^{−η²/(4νt)} dη,
///   f(y) = exp(−cos(πy)/(2πν)),
/// and η = √(4νt) z turns both integrals into Gauss–Hermite ones. The exponents span
/// ±1/(2πν) (±50 at ν = 0.01/π), so the sums are taken with log-weights less their
/// largest. The rule's own error is estimated from a rule with twice the nodes.
#include "pde/burgers_shock.hpp"
#include "quadrature/gauss_hermite.hpp"
#include "reference/problem_reference.hpp"

namespace petnet {

class BurgersColeHopf {
public:
  /// A rule of `nodes` Gauss–Hermite points.
  PetscErrorCode Create(MPI_Comm comm, int nodes) {
    return GaussHermite::Create(comm, nodes, &gh_);
  }
  int Nodes() const { return gh_.Size(); }
  /// u(x, t) for viscosity ν > 0 (host).
  double At(double x, double t, double nu) const;

private:
  GaussHermite gh_;
};

/// The reference of burgers_shock: Cole–Hopf at any ν > 0 (so the path's L2RE is known at
/// every ν), by -pde_ref_nodes Gauss–Hermite points; Compute() estimates its error as the
/// largest difference from a rule of twice as many nodes on the benchmark's 256 × 100
/// grid at the target ν, and prints it.
class ColeHopfReference : public ProblemReference {
public:
  PetscErrorCode SetFromOptions(MPI_Comm comm, double nu);
  PetscErrorCode Compute(MPI_Comm comm) override;
  bool           Has(double nu) const override { return nu > 0; }
  double         At(const double *x, double nu) const override { return ch_.At(x[0], x[1], nu); }
  /// max |u_N − u_2N| on the check grid (NaN before Compute).
  double ErrorEstimate() const override { return err_; }

private:
  BurgersColeHopf ch_;
  PetscInt        nodes_ = 200;
  double          nu_ = 0.01 / M_PI, err_ = NAN;
};

} // namespace petnet
