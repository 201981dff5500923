#pragma once
/// \file least_squares.hpp
/// Moore–Penrose (minimum-norm least-squares) solves x = J⁺ b on a row-distributed
/// Jacobian, with the regularization that ill-conditioned network Jacobians need.
/// The front end of a PETSc-style type table (linalg/least_squares_impl.hpp): one
/// implementation per -<prefix>ls_type, each in its own file.
///
///   svd    gather J on every rank, LAPACK SVD, truncated at σ_i > rcond·σ_max and/or
///          Tikhonov-filtered σ/(σ²+μ). Exact, identical on every rank; for n·p up to
///          ~1e7 (linalg/lsq_svd.cpp).
///   gram   the same filtered pseudo-inverse from the eigenvalues of the Gram matrix
///          J Jᵀ (n ≤ p) or JᵀJ (n > p): ~5x cheaper than the SVD for the wide Jacobians
///          of PINNs, but σ_i below ~1e-7·σ_max are lost to rounding (σ² is computed),
///          so the truncation is never finer than that (linalg/lsq_gram.cpp).
///   chol   Tikhonov-regularized minimum-norm solve x = Kᵀ(K Kᵀ + μI)⁻¹ c with
///          μ = damping + (rcond·‖K‖_F)², one Cholesky, no eigensolver; tall systems
///          through the p × p normal equations (linalg/lsq_chol.cpp).
///   lsqr   PETSc KSPLSQR from a zero initial guess (which converges to the minimum-norm
///          solution) on the dense Jacobian, or matrix-free (-<prefix>ls_matfree) on
///          J·v / Jᵀ·w; damping μ by the augmented operator [J; √μ I]; early stopping
///          (-<prefix>ls_ksp_rtol, _max_it) is its truncation (linalg/lsq_lsqr.cpp).
///
///   -<prefix>ls_metric κ  (svd, gram, chol) minimize ‖J x − b‖² + κ‖V x‖² + μ‖x‖² with
///          V the function-space metric (JacobianSource::MetricJacobian): among nearly
///          equivalent updates, prefer the one that changes u_θ least. For sharp
///          interfaces this removes the drift along the nearly flat translation mode,
///          which ‖x‖-minimal updates do not (docs/ALGORITHMS.md; linalg/lsq_metric.cpp).
///   -<prefix>ls_pchol  (gram; svd/gram with a metric) the Gram matrix's eigenpairs above
///          the truncation from a rank-revealing pivoted Cholesky (cost ~N² r for rank r,
///          not ~N³; linalg/gram_eigen.hpp).
///
/// On several ranks the wide Gram products J Jᵀ and K Kᵀ are split by parameter columns
/// (each rank multiplies its columns, one reduction); the eigen-decomposition that
/// follows is repeated on every rank, on identical data.
///
/// x is replicated on every rank (parameters are); b has the row layout. Jacobians are
/// borrowed from the JacobianSource: Solve must come before the source's next
/// linearization (GaussNewtonSolve and the tracker keep that order).
#include "core/base.hpp"
#include "linalg/jacobian_source.hpp"

#include <functional>
#include <memory>
#include <petscksp.h>
#include <string>
#include <vector>

namespace petnet {

struct LSQStats {
  PetscInt           its       = 0; ///< Krylov iterations (lsqr)
  PetscInt           rank      = 0; ///< singular values kept (svd)
  double             sigma_max = 0, sigma_min_kept = 0;
  double             model_reduction = 0; ///< ½(‖b‖² − ‖b − J x‖²): the decrease the linear model predicts
  KSPConvergedReason reason = KSP_CONVERGED_ITERATING;
};

/// The settings of a LeastSquares, with the library defaults. An owner that wants other
/// defaults states them once in one of these; SetFromOptions then lets the options
/// database override each field (-<prefix>ls_type, _rcond, _damping, _metric, _matfree).
struct LeastSquaresOptions {
  std::string type  = "svd";
  double      rcond = 1e-8; ///< truncation σ_i > rcond·σ_max (chol: Tikhonov (rcond‖K‖_F)²)
  double      damping = 0;  ///< Tikhonov μ: min ‖Jx − b‖² + μ‖x‖²
  double      metric  = 0;  ///< κ of the function-space metric (0: off)
  PetscBool   matfree = PETSC_FALSE; ///< lsqr: the matrix-free operator
  /// lsqr: right preconditioning by the column scaling D = diag(JᵀJ)^½, i.e. LSQR on J D⁻¹
  /// (damping μ‖Dx‖², minimum ‖Dx‖); matrix-free, diag(JᵀJ) is estimated from
  /// scale_probes random sign vectors z as the mean of (Jᵀz)².
  PetscBool scale        = PETSC_FALSE;
  PetscInt  scale_probes = 16;
  /// gram, and svd/gram with a metric: the leading eigenpairs of the Gram matrix from a
  /// pivoted Cholesky and Rayleigh–Ritz (linalg/gram_eigen.hpp), not a full eigensolver.
  PetscBool pchol = PETSC_FALSE;
};

class LeastSquaresImpl;
struct LSQLayout;

/// Called after every iteration of an iterative type (lsqr) with the iteration number:
/// what lets a caller report progress inside one long solve. It must not communicate
/// (the ranks reach it together, but a hook that decides from a clock may not agree).
using LSQIterationHook = std::function<PetscErrorCode(PetscInt its)>;

class LeastSquares {
public:
  LeastSquares();
  ~LeastSquares();
  LeastSquares(const LeastSquares &)            = delete;
  LeastSquares &operator=(const LeastSquares &) = delete;

  /// Options under `prefix` + "ls_" (prefix "hom_": -hom_ls_type, -hom_ls_rcond,
  /// -hom_ls_damping, -hom_ls_metric, -hom_ls_matfree, -hom_ls_scale, -hom_ls_scale_probes,
  /// and the KSP's own options under
  /// -hom_ls_), starting from `defaults`.
  PetscErrorCode SetFromOptions(MPI_Comm comm, const char *prefix,
                                const LeastSquaresOptions &defaults);
  /// The same, starting from the current settings.
  PetscErrorCode             SetFromOptions(MPI_Comm comm, const char *prefix);
  void                       SetType(const std::string &t) { opt_.type = t; }
  void                       SetRcond(double rcond) { opt_.rcond = rcond; }
  void                       SetDamping(double mu) { opt_.damping = mu; }
  void                       SetMetric(double kappa) { opt_.metric = kappa; }
  double                     Rcond() const { return opt_.rcond; }
  const std::string         &Type() const { return opt_.type; }
  const LeastSquaresOptions &Options() const { return opt_; }

  /// Prepare for solves with the source's Jacobian at its current point.
  PetscErrorCode Setup(JacobianSource &jac);
  /// x = argmin ‖J x − b‖² + (damping + mu_extra)‖x‖² [+ κ·metric_scale‖V x‖²], minimum
  /// norm. metric_scale changes the function-space weight without a new Setup (svd/gram).
  PetscErrorCode Solve(Vec b, double mu_extra, double *x, LSQStats *stats = nullptr,
                       double metric_scale = 1.0);
  /// Singular values of the last setup (descending; chol: ‖K‖_F only; lsqr: none).
  const std::vector<double> &SingularValues() const;
  /// The hook every later solve calls once per iteration (none: empty); types without
  /// iterations never call it.
  void                    SetIterationHook(LSQIterationHook hook) { hook_ = std::move(hook); }
  const LSQIterationHook &IterationHook() const { return hook_; }

private:
  PetscErrorCode CreateImpl();

  MPI_Comm                          comm_ = MPI_COMM_NULL;
  std::string                       prefix_;
  LeastSquaresOptions               opt_;
  std::unique_ptr<LSQLayout>        layout_;
  std::unique_ptr<LeastSquaresImpl> impl_;
  std::string                       impl_type_; // the type impl_ was created for
  LSQIterationHook                  hook_;
};

} // namespace petnet
