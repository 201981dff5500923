#pragma once
/// \file burgers_spectral.hpp
/// Reference solution of the viscous Burgers equation u_t + (u²/2)_x = ν u_xx on
/// x ∈ [0, 1) (periodic) by the Fourier pseudo-spectral ETDRK4 integrator of
/// reference/periodic_etdrk4.hpp with ℓ(ω) = −νω², f(u) = u², m(ω) = −iω/2 (so the modes
/// |k| < N/3 are kept, Orszag's 2/3 rule). `Solve` runs at (N, dt) and at (2N, dt/2) and
/// returns the finer solution with the largest difference as its error estimate.
#include "reference/periodic_etdrk4.hpp"

#include <vector>

namespace petnet {

struct BurgersSpectralOptions : Etdrk4Options {
  double nu = 0.01; ///< viscosity ν
  /// -<prefix>nu, -<prefix>n, -<prefix>dt, -<prefix>contour.
  PetscErrorCode SetFromOptions(MPI_Comm comm, const char *prefix);
  PetscErrorCode Check(MPI_Comm comm) const;
};

/// u(x_j, t_k) at index k·nx + j and the error estimate (see Etdrk4Result).
using BurgersSpectralResult = Etdrk4Result;

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
                       const std::vector<double> &x, BurgersSpectralResult *res) const {
    return solver_.Solve(u0, times, x, res);
  }
  /// One run on n points with step dt into u (times × points).
  PetscErrorCode Run(const std::vector<double> &u0, PetscInt n, double dt,
                     const std::vector<double> &times, const std::vector<double> &x,
                     std::vector<double> *u) const {
    return solver_.Run(u0, n, dt, times, x, u);
  }

private:
  BurgersSpectralOptions opt_;
  PeriodicEtdrk4         solver_;
};

} // namespace petnet
