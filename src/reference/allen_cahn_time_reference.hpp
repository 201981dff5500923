#pragma once
/// \file allen_cahn_time_reference.hpp
/// The reference of allen_cahn_time (pde/allen_cahn_time.hpp): the Fourier pseudo-spectral
/// ETDRK4 integrator of reference/periodic_etdrk4.hpp on y = (x + 1)/2 ∈ [0, 1), where the
/// equation reads u_t = (ε/4) u_yy + a u − a u³ (ℓ(ω) = −εω²/4 + a, f(u) = −a u³, m = 1;
/// modes |k| < N/4, alias-free for the cubic), from u0 sampled on 8N points.
///
/// Compute() runs at (N, dt) and at (2N, dt/2) (-pde_ref_n, -pde_ref_dt, -pde_ref_contour)
/// and keeps the finer run's modes at every multiple of dt up to t = 1. At(x, λ) is
/// u(x, λt): at t = 0 the initial state itself; at t > 0 the Fourier series of the level
/// at t (a multiple of dt), or the cubic interpolation in t of the four nearest levels (the
/// homotopy's intermediate horizons), sampled on 8N points by an inverse FFT and
/// interpolated in x by eight-point Lagrange (rounding-level against the series itself). The error
/// estimate is the relative L2 difference of the two runs over the benchmark's 512 × 201 grid (x_j
/// = −1 + 2j/511, t_k = k/200).
#include "pde/allen_cahn_time.hpp"
#include "reference/periodic_etdrk4.hpp"
#include "reference/problem_reference.hpp"

namespace petnet {

/// u_t = ε u_xx + a u − a u³ on x ∈ [−1, 1) as the integrator's equation in y = (x + 1)/2.
SemilinearEquation AllenCahnTimeEquation(double eps, double a);

class AllenCahnTimeReference : public ProblemReference {
public:
  /// Reads -pde_ref_n, -pde_ref_dt, -pde_ref_contour (dt lowered, if needed, so that 1/200
  /// is a whole number of steps).
  PetscErrorCode SetFromOptions(MPI_Comm comm, const AllenCahnTime &problem);
  /// Both runs (on every rank: the same deterministic serial work).
  PetscErrorCode Compute(MPI_Comm comm) override;
  bool           Has(double lambda) const override { return lambda >= 0 && lambda <= 1; }
  double         At(const double *x, double lambda) const override;
  double         ErrorEstimate() const override { return err_; }
  /// The largest difference of the two runs on the same grid (NaN before Compute).
  double MaxErrorEstimate() const { return err_max_; }
  /// u(x, t) of the finer run (host).
  double Solution(double x, double t) const;

private:
  /// The finer run at t > 0 (a level's modes, or the cubic interpolation in t of four) on
  /// 8N points of y by one inverse FFT, kept for the next calls at the same t (the
  /// evaluation grid runs through x at each t).
  void SampleAt(double t) const;

  PeriodicEtdrk4              solver_;
  std::vector<FourierModes>   fine_; // the (2N, dt/2) run at t = j·dt, j = 0..1/dt
  double                      dt_ = 0, err_ = NAN, err_max_ = NAN;
  mutable double              cached_t_ = -1;
  mutable std::vector<double> samples_;
};

} // namespace petnet
