#pragma once
/// \file burgers_spectral.hpp
/// Reference solution of the viscous Burgers equation u_t + (u²/2)_x = ν u_xx on
/// x ∈ [0, 1) (periodic) by a Fourier pseudo-spectral method:
///
/// - N grid points x_i = i/N (N even); the state is the Fourier series truncated to the
///   modes |k| < N/3 (Orszag's 2/3 rule), so the product u² computed on the grid is
///   alias-free on the modes kept; the input u0 is truncated to the same modes;
/// - the viscous term is integrated exactly and the nonlinear term −(u²/2)_x = −iπk (u²)^_k
///   by ETDRK4 (Cox–Matthews), with the φ-function coefficients evaluated by the
///   contour-integral means of Kassam–Trefethen (no cancellation near νk²h = 0): fourth
///   order in the fixed step h = dt;
/// - outputs at the requested times (each a multiple of dt) are the Fourier series evaluated
///   at the requested points (spectral interpolation, so any x).
///
/// `Solve` runs twice, at (N, dt) and at (2N, dt/2), returns the finer solution and, as its
/// error estimate, the largest difference between the two on the output grid: an estimate of
/// the coarser run's error and so, for a converged method, a bound on the finer one's.
#include "core/base.hpp"

#include <vector>

namespace petnet {

struct BurgersSpectralOptions {
  double   nu      = 0.01; ///< viscosity ν
  PetscInt n       = 512;  ///< grid points N of the coarser run (even); modes |k| < N/3
  double   dt      = 1e-3; ///< time step of the coarser run
  PetscInt contour = 32;   ///< points on the half circle of the Kassam–Trefethen means
  /// -<prefix>nu, -<prefix>n, -<prefix>dt, -<prefix>contour.
  PetscErrorCode SetFromOptions(MPI_Comm comm, const char *prefix);
  PetscErrorCode Check(MPI_Comm comm) const;
};

struct BurgersSpectralResult {
  /// u(x_j, t_k) at index k·nx + j (times × points), from the (2N, dt/2) run.
  std::vector<double> u;
  /// max |u_(N, dt) − u_(2N, dt/2)| over the output grid.
  double error_estimate = 0;
};

/// A closed-form periodic solution by Cole–Hopf and a Galilean shift, for checking the
/// reference: u = c − 2ν φ_x/φ at (x − ct, t), φ(y, t) = 1 + a e^{−4π²νt} cos 2πy +
/// b e^{−16π²νt} sin 4πy (φ solves the heat equation; |a| + |b| < 1 keeps φ > 0). Mean c.
struct BurgersColeHopf {
  double nu = 0.01, a = 0.6, b = 0.25, c = 0.4;
  double operator()(double x, double t) const;
  /// u(·, 0) on x_i = i/m, i < m.
  std::vector<double> Initial(PetscInt m) const;
  /// max |u − exact| over u (times × points, as BurgersSpectral returns it).
  double MaxError(const std::vector<double> &u, const std::vector<double> &times,
                  const std::vector<double> &x) const;
};

class BurgersSpectral {
public:
  PetscErrorCode                Setup(MPI_Comm comm, const BurgersSpectralOptions &opt);
  const BurgersSpectralOptions &Options() const { return opt_; }

  /// u0 on the uniform grid x_i = i/m (i < m, m ≥ 4; its modes k < m/2 are used);
  /// times nondecreasing, ≥ 0, each a multiple of dt; x any points. Both runs and the
  /// estimate.
  PetscErrorCode Solve(const std::vector<double> &u0, const std::vector<double> &times,
                       const std::vector<double> &x, BurgersSpectralResult *res) const;
  /// One run on n points with step dt into u (times × points).
  PetscErrorCode Run(const std::vector<double> &u0, PetscInt n, double dt,
                     const std::vector<double> &times, const std::vector<double> &x,
                     std::vector<double> *u) const;

private:
  MPI_Comm               comm_ = MPI_COMM_SELF;
  BurgersSpectralOptions opt_;
};

} // namespace petnet
