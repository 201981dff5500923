#pragma once
/// \file lsq_metric.hpp
/// The base of the spectral least-squares types (svd: linalg/lsq_svd.cpp, gram:
/// linalg/lsq_gram.cpp). Without a metric each uses its own decomposition of J; with
/// -<prefix>ls_metric κ > 0 both solve min ‖J x − b‖² + κ‖V x‖² + μ‖x‖² through one
/// truncated eigen-decomposition of K Kᵀ, K = [J; V] (linalg/lsq_metric.cpp).
#include "linalg/least_squares_impl.hpp"

namespace petnet {

class SpectralLeastSquares : public LeastSquaresImpl {
public:
  PetscErrorCode Setup(const LeastSquaresOptions &opt, const LSQLayout &lay,
                       JacobianSource &jac) final;
  PetscErrorCode Solve(const LeastSquaresOptions &opt, const LSQLayout &lay, Vec b, double mu,
                       double metric_scale, double *x, LSQStats *st) final;

protected:
  /// The type's own pseudo-inverse of J (κ = 0).
  virtual PetscErrorCode SetupPlain(const LeastSquaresOptions &opt, const LSQLayout &lay,
                                    JacobianSource &jac)                = 0;
  virtual PetscErrorCode SolvePlain(const LeastSquaresOptions &opt, const LSQLayout &lay, Vec b,
                                    double mu, double *x, LSQStats *st) = 0;

private:
  PetscErrorCode SetupMetric(const LeastSquaresOptions &opt, const LSQLayout &lay,
                             JacobianSource &jac);
  PetscErrorCode SolveMetric(const LSQLayout &lay, Vec b, double mu, double kappa, double *x,
                             LSQStats *st);

  // K = [J; V] = Y Σ Zᵀ: K_ all N rows of this rank's columns (row-major), Y (N × r)
  std::vector<double> K_, Y_;
  PetscInt            n_metric_ = 0;
};

} // namespace petnet
