#pragma once
/// \file least_squares.hpp
/// Moore–Penrose (minimum-norm least-squares) solves x = J⁺ b on a row-distributed
/// Jacobian, with the regularization that ill-conditioned network Jacobians need.
///
///   -<prefix>ls_type svd    gather J on every rank, LAPACK SVD, truncated at
///                           σ_i > rcond·σ_max and/or Tikhonov-filtered σ/(σ²+μ).
///                           Exact, identical on every rank; for n·p up to ~1e7.
///   -<prefix>ls_type gram   the same filtered pseudo-inverse from the eigenvalues of
///                           the Gram matrix J Jᵀ (n ≤ p) or JᵀJ (n > p): ~5x cheaper
///                           than the SVD for the wide Jacobians of PINNs, but σ_i below
///                           ~1e-7·σ_max are lost to rounding (σ² is computed), so the
///                           truncation is never finer than that.
///   -<prefix>ls_type chol   Tikhonov-regularized minimum-norm solve through the Gram
///                           matrix: x = Kᵀ(K Kᵀ + μI)⁻¹ c with μ = damping + (rcond·‖K‖_F)²,
///                           one Cholesky of the n × n Gram matrix, no eigensolver: the
///                           cheapest route for wide Jacobians (n ≪ p). Rounding: parts of
///                           b outside the range of J are amplified by 1/μ before Kᵀ
///                           removes them, an error floor of about eps/rcond² (use
///                           rcond ≥ 1e-6).
///                           With the metric, K = [J; √κ V] and c = [b; 0].
///                           Tall (rows > p, the usual PINN case): the p × p normal
///                           equations (JᵀJ + κVᵀV + μI) x = Jᵀb instead, with JᵀJ formed
///                           from each rank's own rows and summed (one MPI_Allreduce of
///                           p² values): no gather of J, and the O(n p²) product splits
///                           over the ranks. Rounding: cond(JᵀJ + μI) ≤ 1/rcond², so
///                           x is accurate to ~eps/rcond² relative: enough for LM steps.
///                           J is borrowed from the residual: Solve must come before the
///                           next Jacobian evaluation (GaussNewtonSolve and the tracker
///                           keep that order).
///   -<prefix>ls_type lsqr   PETSc KSPLSQR from a zero initial guess (which converges
///                           to the minimum-norm solution) on the dense Jacobian, or
///                           matrix-free (-<prefix>ls_matfree) on J·v / Jᵀ·w; damping μ
///                           by the augmented operator [J; √μ I]; early stopping
///                           (-<prefix>ls_ksp_rtol, _max_it) is its truncation.
///
///   -<prefix>ls_metric κ    (gram and svd) minimize ‖J x − b‖² + κ‖V x‖² + μ‖x‖² with V
///                           the residual's function-space metric (MetricJacobian):
///                           among nearly equivalent updates, prefer the one that
///                           changes u_θ least. For sharp interfaces this removes the
///                           drift along the nearly flat translation mode, which
///                           ‖x‖-minimal updates do not (docs/ALGORITHMS.md).
///
/// x is replicated on every rank (parameters are); b has the row layout.
#include "core/base.hpp"
#include "functions/residual_function.hpp"

#include <petscksp.h>
#include <string>
#include <vector>

namespace petnet {

struct LSQStats {
  PetscInt its   = 0;  ///< Krylov iterations (lsqr)
  PetscInt rank  = 0;  ///< singular values kept (svd)
  double   sigma_max = 0, sigma_min_kept = 0;
  double   model_reduction = 0; ///< ½(‖b‖² − ‖b − J x‖²): the decrease the linear model predicts
  KSPConvergedReason reason = KSP_CONVERGED_ITERATING;
};

class LeastSquares {
public:
  LeastSquares() = default;
  ~LeastSquares();
  LeastSquares(const LeastSquares &) = delete;
  LeastSquares &operator=(const LeastSquares &) = delete;

  /// Options under `prefix` (e.g. "hom_": -hom_ls_type, -hom_ls_rcond, -hom_ls_damping,
  /// -hom_ls_matfree, and the KSP's own options under -hom_ls_).
  PetscErrorCode SetFromOptions(MPI_Comm comm, const char *prefix);
  void SetType(const std::string &t) { type_ = t; }
  void SetRcond(double rcond) { rcond_ = rcond; }
  void SetDamping(double mu) { damping_ = mu; }
  void SetMetric(double kappa) { metric_ = kappa; }
  double Rcond() const { return rcond_; }
  const std::string &Type() const { return type_; }

  /// Prepare for solves with f's Jacobian at f's current point.
  PetscErrorCode Setup(ResidualFunction &f);
  /// x = argmin ‖J x − b‖² + (damping + mu_extra)‖x‖² [+ κ·metric_scale‖V x‖²], minimum norm.
  /// metric_scale changes the function-space weight without a new Setup (svd/gram).
  PetscErrorCode Solve(Vec b, double mu_extra, double *x, LSQStats *stats = nullptr, double metric_scale = 1.0);
  /// Singular values of the last SVD setup (descending), for diagnostics.
  const std::vector<double> &SingularValues() const { return s_; }

private:
  PetscErrorCode SetupSVD(ResidualFunction &f);
  PetscErrorCode SetupGram(ResidualFunction &f);
  PetscErrorCode GatherJacobian(ResidualFunction &f, std::vector<double> *rows) const;
  PetscErrorCode GatherMatRows(Mat A, std::vector<double> *rows, PetscInt *n_total) const;
  PetscErrorCode SetupMetric(ResidualFunction &f);
  PetscErrorCode SolveMetric(Vec b, double mu, double kappa, double *x, LSQStats *st);
  PetscErrorCode SetupChol(ResidualFunction &f);
  PetscErrorCode SolveChol(Vec b, double mu, double *x, LSQStats *st);
  PetscErrorCode SetupCholTall(ResidualFunction &f, Mat V);
  PetscErrorCode SolveCholTall(Vec b, double mu, double *x, LSQStats *st);
  PetscErrorCode LocalGram(Mat A, std::vector<double> *G) const;
  PetscErrorCode SetupLSQR(ResidualFunction &f);
  PetscErrorCode GatherRows(Vec b, std::vector<double> *all) const;
  static PetscErrorCode AugMult(Mat A, Vec x, Vec y);
  static PetscErrorCode AugMultTranspose(Mat A, Vec x, Vec y);

  MPI_Comm    comm_ = MPI_COMM_NULL;
  std::string prefix_, type_ = "svd";
  double      rcond_ = 1e-8, damping_ = 0, metric_ = 0;
  PetscBool   matfree_ = PETSC_FALSE;
  PetscInt    p_ = 0, n_ = 0, n_local_ = 0;
  std::vector<int> counts_, displs_;
  // svd: J = VTᵀ diag(s) Uᵀ with U (p × k) and VT (k × n), column-major
  std::vector<double> s_, U_, VT_;
  // gram: J (gathered, row-major n × p), eigenvectors W of the k × k Gram matrix
  // (k = min(n, p); column-major), σ_i = sqrt(eigenvalue), descending
  std::vector<double> Jrows_, W_;
  bool                gram_wide_ = true;
  // metric: K = [J; V] (row-major N × p) = Y Σ Zᵀ, Y (N × r) kept
  std::vector<double> K_, Y_;
  PetscInt            n_metric_ = 0;
  // chol: G = K Kᵀ (N × N), its factor for the last μ
  std::vector<double> G_, Gfac_;
  double              fro2_ = 0, fac_mu_ = -1;
  // chol, tall (rows > p): G_ = JᵀJ and GV_ = VᵀV (p × p, summed over ranks), J borrowed
  bool                chol_tall_ = false;
  std::vector<double> GV_;
  Mat                 Jtall_ = nullptr;
  // lsqr
  KSP ksp_ = nullptr;
  Mat op_ = nullptr, aug_ = nullptr;
  Vec xcol_ = nullptr, baug_ = nullptr, xall_ = nullptr, jx_ = nullptr;
  VecScatter to_all_ = nullptr;
  double aug_sqrt_mu_ = 0;
};

} // namespace petnet
