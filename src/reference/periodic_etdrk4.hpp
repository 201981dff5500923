#pragma once
/// \file periodic_etdrk4.hpp
/// A Fourier pseudo-spectral ETDRK4 integrator for a semilinear periodic equation on
/// y ∈ [0, 1):
///
///   u_t = L u + N(u),  (L u)^_k = ℓ(ω_k) û_k,  N(u)^_k = m(ω_k) (f(u))^_k,  ω_k = 2πk,
///
/// with ℓ a real symbol (diffusion, a linear reaction), f a pointwise polynomial of degree q
/// and m a Fourier multiplier (a derivative, or 1). Burgers: ℓ = −νω², f = u², m = −iω/2;
/// Allen–Cahn: ℓ = −dω² + a, f = −a u³, m = 1.
///
/// - N grid points y_i = i/N (N even); the state is the Fourier series truncated to the
///   modes |k| ≤ K, K = ⌊(N − 1)/(q + 1)⌋ (Orszag's rule for a degree-q product: the modes
///   it aliases onto lie above K), so f(u) computed on the grid is alias-free on the modes
///   kept; the input u0 is truncated to the same modes;
/// - L is integrated exactly and N by ETDRK4 (Cox–Matthews), with the φ-function coefficients
///   evaluated by the contour-integral means of Kassam–Trefethen (no cancellation near
///   ℓh = 0): fourth order in the fixed step h = dt;
/// - outputs at the requested times (each a multiple of dt) are the Fourier series evaluated
///   at the requested points (spectral interpolation, so any y), or the modes themselves.
///
/// `Solve` runs twice, at (N, dt) and at (2N, dt/2), returns the finer solution and, as its
/// error estimate, the largest difference between the two on the output grid (and the
/// relative L2 difference): an estimate of the coarser run's error and so, for a converged
/// method, a bound on the finer one's.
#include "core/base.hpp"

#include <complex>
#include <functional>
#include <string>
#include <vector>

namespace petnet {

/// The equation: ℓ, f (degree q) and m as above; `what` names it in error messages
/// ("Burgers reference").
struct SemilinearEquation {
  std::string                                 what = "spectral reference";
  std::function<double(double)>               symbol;     ///< ℓ(ω), real
  std::function<double(double)>               pointwise;  ///< f(u)
  std::function<std::complex<double>(double)> multiplier; ///< m(ω)
  int                                         degree = 2; ///< q, the degree of f
};

/// Resolution of the coarser run.
struct Etdrk4Options {
  PetscInt n       = 512;  ///< grid points N of the coarser run (even)
  double   dt      = 1e-3; ///< time step of the coarser run
  PetscInt contour = 32;   ///< points on the half circle of the Kassam–Trefethen means
  /// -<prefix>n, -<prefix>dt, -<prefix>contour, inside the caller's PetscOptionsBegin/End
  /// (no check: call Check).
  PetscErrorCode ReadOptions(PetscOptionItems *PetscOptionsObject, const std::string &prefix);
  PetscErrorCode Check(MPI_Comm comm, const char *what) const;
};

struct Etdrk4Result {
  /// u(y_j, t_k) at index k·nx + j (times × points), from the (2N, dt/2) run.
  std::vector<double> u;
  /// max |u_(N, dt) − u_(2N, dt/2)| over the output grid.
  double error_estimate = 0;
  /// ‖u_(N, dt) − u_(2N, dt/2)‖ / ‖u_(2N, dt/2)‖ over the output grid.
  double relative_l2_estimate = 0;
};

/// The modes c_k = û_k/N, k = 0..K, of one real state: u(y) = c_0 + 2 Re Σ_{k≥1} c_k e^{2πiky}.
using FourierModes = std::vector<std::complex<double>>;
/// u(y) from its modes (host).
double EvaluateModes(const FourierModes &c, double y);
/// u(i/m), i < m, from its modes by one inverse FFT (m even, > 2K).
std::vector<double> SampleModes(const FourierModes &c, PetscInt m);

class PeriodicEtdrk4 {
public:
  PetscErrorCode       Setup(MPI_Comm comm, const SemilinearEquation &eq, const Etdrk4Options &opt);
  const Etdrk4Options &Options() const { return opt_; }

  /// u0 on the uniform grid y_i = i/m (i < m, m ≥ 4; its modes k < m/2 are used);
  /// times nondecreasing, ≥ 0, each a multiple of dt; y any points. Both runs and the
  /// estimate.
  PetscErrorCode Solve(const std::vector<double> &u0, const std::vector<double> &times,
                       const std::vector<double> &y, Etdrk4Result *res) const;
  /// One run on n points with step dt into u (times × points).
  PetscErrorCode Run(const std::vector<double> &u0, PetscInt n, double dt,
                     const std::vector<double> &times, const std::vector<double> &y,
                     std::vector<double> *u) const;
  /// One run on n points with step dt: the modes at each time.
  PetscErrorCode RunModes(const std::vector<double> &u0, PetscInt n, double dt,
                          const std::vector<double> &times, std::vector<FourierModes> *modes) const;

private:
  PetscErrorCode CheckInput(const std::vector<double> &u0, PetscInt n, double dt,
                            const std::vector<double> &times, std::vector<long long> *steps) const;

  MPI_Comm           comm_ = MPI_COMM_SELF;
  SemilinearEquation eq_;
  Etdrk4Options      opt_;
};

} // namespace petnet
