/// \file lsq_svd.cpp
/// -<prefix>ls_type svd: J gathered on every rank, J = VTᵀ diag(s) Uᵀ by LAPACK dgesdd,
/// x = Σ_i φ_i (v_iᵀ b) u_i over σ_i > rcond·σ_max with the Tikhonov filter
/// φ = σ/(σ² + μ) (1/σ undamped). Exact and identical on every rank.
#include "linalg/lsq_metric.hpp"

#include "core/log.hpp"
#include "linalg/lapack.hpp"

#include <algorithm>

namespace petnet {

namespace {

class LeastSquaresSVD final : public SpectralLeastSquares {
protected:
  PetscErrorCode SetupPlain(const LeastSquaresOptions &opt, const LSQLayout &lay,
                            JacobianSource &jac) override;
  PetscErrorCode SolvePlain(const LeastSquaresOptions &opt, const LSQLayout &lay, Vec b, double mu,
                            double *x, LSQStats *st) override;

private:
  std::vector<double> U_, VT_; // U (p × k) and VT (k × n), column-major
};

PetscErrorCode LeastSquaresSVD::SetupPlain(const LeastSquaresOptions &, const LSQLayout &lay,
                                           JacobianSource &jac) {
  Mat                 J;
  PetscInt            nrows;
  std::vector<double> At;
  PetscFunctionBeginUser;
  PetscCall(jac.Jacobian(&J));
  PetscCall(lay.GatherMatRows(J, &At, &nrows));
  PetscCall(PetscLogEventBegin(Log::lsq_svd, 0, 0, 0, 0));
  const int m = static_cast<int>(lay.p), n = static_cast<int>(lay.n), k = std::min(m, n);
  s_.assign(k, 0.0);
  U_.assign(static_cast<size_t>(m) * k, 0.0);
  VT_.assign(static_cast<size_t>(k) * n, 0.0);
  std::vector<int> iwork(8 * static_cast<size_t>(k));
  int              lwork = -1, info = 0;
  double           wq;
  dgesdd_("S", &m, &n, At.data(), &m, s_.data(), U_.data(), &m, VT_.data(), &k, &wq, &lwork,
          iwork.data(), &info);
  lwork = static_cast<int>(wq);
  std::vector<double> work(std::max(lwork, 1));
  dgesdd_("S", &m, &n, At.data(), &m, s_.data(), U_.data(), &m, VT_.data(), &k, work.data(), &lwork,
          iwork.data(), &info);
  PetscCall(PetscLogEventEnd(Log::lsq_svd, 0, 0, 0, 0));
  PetscCheck(info == 0, lay.comm, PETSC_ERR_LIB, "LAPACK dgesdd failed, info = %d", info);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LeastSquaresSVD::SolvePlain(const LeastSquaresOptions &opt, const LSQLayout &lay,
                                           Vec b, double mu, double *x, LSQStats *st) {
  std::vector<double> ball, c(s_.size(), 0.0);
  PetscFunctionBeginUser;
  PetscCall(lay.GatherRows(b, &ball));
  const int    k    = static_cast<int>(s_.size());
  const double smax = k ? s_[0] : 0.0, cut = opt.rcond * smax;
  st->sigma_max = smax;
  for (int i = 0; i < k; ++i) {
    if (!(s_[i] > cut) || s_[i] == 0.0) break;
    double beta = 0;
    for (PetscInt r = 0; r < lay.n; ++r) beta += VT_[i + static_cast<size_t>(r) * k] * ball[r];
    const double phi = mu > 0 ? s_[i] / (s_[i] * s_[i] + mu) : 1.0 / s_[i]; // filter factor
    c[i]             = beta * phi;
    // ‖b − Jx‖² = ‖b‖² − Σ β_i² (2σφ − (σφ)²)
    st->model_reduction += 0.5 * beta * beta * s_[i] * phi * (2.0 - s_[i] * phi);
    st->rank++;
    st->sigma_min_kept = s_[i];
  }
  for (PetscInt j = 0; j < lay.p; ++j) x[j] = 0.0;
  for (int i = 0; i < st->rank; ++i)
    for (PetscInt j = 0; j < lay.p; ++j) x[j] += U_[j + static_cast<size_t>(i) * lay.p] * c[i];
  st->reason = KSP_CONVERGED_ATOL;
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace

std::unique_ptr<LeastSquaresImpl> CreateLeastSquaresSVD() {
  return std::make_unique<LeastSquaresSVD>();
}

} // namespace petnet
