#include "linalg/lsq_metric.hpp"

#include "core/log.hpp"
#include "linalg/gram_eigen.hpp"
#include "linalg/lapack.hpp"

#include <algorithm>
#include <cmath>

namespace petnet {

PetscErrorCode SpectralLeastSquares::Setup(const LeastSquaresOptions &opt, const LSQLayout &lay,
                                           JacobianSource &jac) {
  PetscFunctionBeginUser;
  if (opt.metric > 0) PetscCall(SetupMetric(opt, lay, jac));
  else PetscCall(SetupPlain(opt, lay, jac));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SpectralLeastSquares::Solve(const LeastSquaresOptions &opt, const LSQLayout &lay,
                                           Vec b, double mu, double metric_scale, double *x,
                                           LSQStats *st) {
  PetscFunctionBeginUser;
  if (opt.metric > 0) PetscCall(SolveMetric(lay, b, mu, opt.metric * metric_scale, x, st));
  else PetscCall(SolvePlain(opt, lay, b, mu, x, st));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SpectralLeastSquares::SetupMetric(const LeastSquaresOptions &opt,
                                                 const LSQLayout &lay, JacobianSource &jac) {
  Mat                 J, V;
  PetscInt            nJ;
  std::vector<double> G;
  PetscFunctionBeginUser;
  // K's rows on every rank, its columns split over the ranks (LSQLayout::ColumnGram).
  K_.clear();
  PetscCall(jac.Jacobian(&J));
  PetscCall(lay.GatherMatColumns(J, &K_, &nJ));
  PetscCall(jac.MetricJacobian(&V));
  PetscCall(lay.GatherMatColumns(V, &K_, &n_metric_));
  PetscCall(PetscLogEventBegin(Log::lsq_svd, 0, 0, 0, 0));
  const int N = static_cast<int>(nJ + n_metric_);
  PetscCall(lay.ColumnGram(K_, N, &G)); // K Kᵀ
  if (opt.pchol) {
    PetscCall(GramEigenPivoted(lay.comm, G, N, std::max(opt.rcond, 3e-8), &s_, &Y_));
    PetscCall(PetscLogEventEnd(Log::lsq_svd, 0, 0, 0, 0));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  std::vector<double> ev(N);
  // Only the eigenpairs above the truncation are wanted: dsyevr with a value range
  // (σ² > cut², cut relative to σ_max² ≤ trace) skips the rest.
  double trace = 0;
  for (int i = 0; i < N; ++i) trace += G[i + static_cast<size_t>(i) * N];
  const double rel = std::max(opt.rcond, 3e-8), vl = rel * rel * trace * 1e-2,
               vu       = 2.0 * trace + 1.0;
  int                 m = 0, lwork = -1, liwork = -1, info = 0, iwq = 0, il = 1, iu = N;
  double              wq = 0, abstol = 0;
  std::vector<double> Z(static_cast<size_t>(N) * N);
  std::vector<int>    isuppz(2 * static_cast<size_t>(N));
  dsyevr_("V", "V", "L", &N, G.data(), &N, &vl, &vu, &il, &iu, &abstol, &m, ev.data(), Z.data(), &N,
          isuppz.data(), &wq, &lwork, &iwq, &liwork, &info);
  lwork  = static_cast<int>(wq);
  liwork = iwq;
  std::vector<double> work(std::max(lwork, 1));
  std::vector<int>    iwork(std::max(liwork, 1));
  dsyevr_("V", "V", "L", &N, G.data(), &N, &vl, &vu, &il, &iu, &abstol, &m, ev.data(), Z.data(), &N,
          isuppz.data(), work.data(), &lwork, iwork.data(), &liwork, &info);
  PetscCall(PetscLogEventEnd(Log::lsq_svd, 0, 0, 0, 0));
  PetscCheck(info == 0, lay.comm, PETSC_ERR_LIB, "LAPACK dsyevr failed, info = %d", info);
  const double smax = m > 0 ? std::sqrt(std::max(ev[m - 1], 0.0)) : 0.0, cut = rel * smax;
  s_.clear();
  Y_.clear();
  for (int i = m - 1; i >= 0; --i) { // ascending → descending
    const double si = std::sqrt(std::max(ev[i], 0.0));
    if (!(si > cut)) break;
    s_.push_back(si);
    Y_.insert(Y_.end(), Z.begin() + static_cast<size_t>(i) * N,
              Z.begin() + static_cast<size_t>(i + 1) * N);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

// K = Y Σ Zᵀ; x = Z z, J x = A z, V x = B z with A = Y_J Σ, B = Y_V Σ:
// z = (AᵀA + κ BᵀB + μ I)⁻¹ Aᵀ b,  x = Kᵀ Y Σ⁻¹ z.
PetscErrorCode SpectralLeastSquares::SolveMetric(const LSQLayout &lay, Vec b, double mu,
                                                 double kappa, double *x, LSQStats *st) {
  std::vector<double> ball;
  PetscFunctionBeginUser;
  PetscCall(lay.GatherRows(b, &ball));
  const int n = static_cast<int>(lay.n), N = static_cast<int>(lay.n + n_metric_),
            r = static_cast<int>(s_.size());
  std::vector<double> M(static_cast<size_t>(r) * r, 0.0), rhs(r, 0.0);
  for (int i = 0; i < r; ++i) {
    const double *yi = &Y_[static_cast<size_t>(i) * N];
    for (int q = 0; q < n; ++q) rhs[i] += s_[i] * yi[q] * ball[q];
    for (int j = 0; j <= i; ++j) {
      const double *yj = &Y_[static_cast<size_t>(j) * N];
      double        aa = 0, bb = 0;
      for (int q = 0; q < n; ++q) aa += yi[q] * yj[q];
      for (int q = n; q < N; ++q) bb += yi[q] * yj[q];
      M[i + static_cast<size_t>(j) * r] = M[j + static_cast<size_t>(i) * r] =
          s_[i] * s_[j] * (aa + kappa * bb);
    }
    M[i + static_cast<size_t>(i) * r] += mu;
  }
  std::vector<double> z    = rhs;
  int                 info = 0, one_i = 1;
  if (r > 0) dposv_("L", &r, &one_i, M.data(), &r, z.data(), &r, &info);
  PetscCheck(info == 0, lay.comm, PETSC_ERR_LIB,
             "LAPACK dposv failed in the metric solve, info = %d", info);
  // model reduction: ½(‖b‖² − ‖b − A z‖²) = zᵀAᵀb − ½‖Az‖²
  double              zr = 0, az2 = 0;
  std::vector<double> yz(N, 0.0);
  for (int i = 0; i < r; ++i) {
    zr += z[i] * rhs[i];
    for (int q = 0; q < N; ++q) yz[q] += Y_[q + static_cast<size_t>(i) * N] * z[i] / s_[i];
  }
  for (int q = 0; q < n; ++q) {
    double az = 0;
    for (int i = 0; i < r; ++i) az += s_[i] * Y_[q + static_cast<size_t>(i) * N] * z[i];
    az2 += az * az;
  }
  st->model_reduction = zr - 0.5 * az2;
  st->rank            = r;
  st->sigma_max       = r ? s_[0] : 0.0;
  st->sigma_min_kept  = r ? s_[r - 1] : 0.0;
  st->reason          = KSP_CONVERGED_ATOL;
  PetscCall(lay.ColumnTransposeMult(K_, N, yz.data(), x)); // Kᵀ (Y Σ⁻¹ z)
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
