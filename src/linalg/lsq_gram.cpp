/// \file lsq_gram.cpp
/// -<prefix>ls_type gram: the filtered pseudo-inverse of lsq_svd.cpp from the
/// eigen-decomposition of the Gram matrix J Jᵀ (n ≤ p) or JᵀJ (n > p), σ_i = √λ_i.
/// Cheaper than the SVD for wide Jacobians; σ_i below ~1e-7·σ_max are lost to rounding,
/// so the truncation is never finer than 3e-8·σ_max.
#include "linalg/lsq_metric.hpp"

#include "core/log.hpp"
#include "linalg/gram_eigen.hpp"
#include "linalg/lapack.hpp"

#include <algorithm>
#include <cmath>

namespace petnet {

namespace {

class LeastSquaresGram final : public SpectralLeastSquares {
protected:
  PetscErrorCode SetupPlain(const LeastSquaresOptions &opt, const LSQLayout &lay,
                            JacobianSource &jac) override;
  PetscErrorCode SolvePlain(const LeastSquaresOptions &opt, const LSQLayout &lay, Vec b, double mu,
                            double *x, LSQStats *st) override;

private:
  // J (row-major; wide: this rank's columns of all n rows, tall: all of it), eigenvectors W of the
  // k × k Gram matrix (k = min(n, p); column-major), σ_i = sqrt(eigenvalue), descending
  std::vector<double> Jrows_, W_;
  bool                wide_ = true;
};

PetscErrorCode LeastSquaresGram::SetupPlain(const LeastSquaresOptions &opt, const LSQLayout &lay,
                                            JacobianSource &jac) {
  Mat      J;
  PetscInt nrows;
  PetscFunctionBeginUser;
  PetscCall(jac.Jacobian(&J));
  const int p = static_cast<int>(lay.p), n = static_cast<int>(lay.n);
  wide_ = n <= p;
  // Wide: J Jᵀ from the column split (LSQLayout::ColumnGram), Jrows_ this rank's columns
  // of every row. Tall: every row of J on every rank, JᵀJ multiplied redundantly.
  Jrows_.clear();
  if (wide_) PetscCall(lay.GatherMatColumns(J, &Jrows_, &nrows));
  else PetscCall(lay.GatherMatRows(J, &Jrows_, &nrows));
  PetscCall(PetscLogEventBegin(Log::lsq_svd, 0, 0, 0, 0));
  const int    k   = std::min(n, p);
  const double one = 1.0, zero = 0.0;
  W_.assign(static_cast<size_t>(k) * k, 0.0);
  // Jrows_ read column-major is Jᵀ (p × n): JᵀJ = (Jᵀ)(Jᵀ)ᵀ ('N').
  if (wide_) PetscCall(lay.ColumnGram(Jrows_, n, &W_));
  else BLASsyrk_("L", "N", &p, &n, &one, Jrows_.data(), &p, &zero, W_.data(), &p);
  if (opt.pchol) { // only the pairs above the truncation, W_ k × (kept)
    std::vector<double> G;
    G.swap(W_);
    PetscCall(GramEigenPivoted(lay.comm, G, k, std::max(opt.rcond, 3e-8), &s_, &W_));
    PetscCall(PetscLogEventEnd(Log::lsq_svd, 0, 0, 0, 0));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  std::vector<double> ev(k);
  int                 lwork = -1, liwork = -1, info = 0, iwq = 0;
  double              wq = 0;
  dsyevd_("V", "L", &k, W_.data(), &k, ev.data(), &wq, &lwork, &iwq, &liwork, &info);
  lwork  = static_cast<int>(wq);
  liwork = iwq;
  std::vector<double> work(std::max(lwork, 1));
  std::vector<int>    iwork(std::max(liwork, 1));
  dsyevd_("V", "L", &k, W_.data(), &k, ev.data(), work.data(), &lwork, iwork.data(), &liwork,
          &info);
  PetscCall(PetscLogEventEnd(Log::lsq_svd, 0, 0, 0, 0));
  PetscCheck(info == 0, lay.comm, PETSC_ERR_LIB, "LAPACK dsyevd failed, info = %d", info);
  // Ascending eigenvalues → descending σ (reverse the columns of W too).
  s_.assign(k, 0.0);
  std::vector<double> Wd(W_.size());
  for (int i = 0; i < k; ++i) {
    s_[i] = std::sqrt(std::max(ev[k - 1 - i], 0.0));
    std::copy(W_.begin() + static_cast<size_t>(k - 1 - i) * k,
              W_.begin() + static_cast<size_t>(k - i) * k, Wd.begin() + static_cast<size_t>(i) * k);
  }
  W_.swap(Wd);
  PetscFunctionReturn(PETSC_SUCCESS);
}

// wide (n ≤ p): J = W Σ Zᵀ, x = Jᵀ W diag(φ_i/σ_i) Wᵀ b
// tall (n > p): J = Y Σ Wᵀ, x = W diag(φ_i/σ_i) Wᵀ Jᵀ b
PetscErrorCode LeastSquaresGram::SolvePlain(const LeastSquaresOptions &opt, const LSQLayout &lay,
                                            Vec b, double mu, double *x, LSQStats *st) {
  std::vector<double> ball;
  PetscFunctionBeginUser;
  PetscCall(lay.GatherRows(b, &ball));
  // s_: every pair (full eigensolver) or those above the truncation (pchol); W_'s
  // columns have min(n, p) entries either way.
  const int p = static_cast<int>(lay.p), n = static_cast<int>(lay.n), k = std::min(n, p),
            m = static_cast<int>(s_.size()), inc = 1;
  const double        one = 1.0, zero = 0.0;
  const double        smax = m ? s_[0] : 0.0, cut = std::max(opt.rcond, 3e-8) * smax;
  std::vector<double> rhs(k), y(k, 0.0);
  if (wide_) rhs = ball;
  else
    BLASgemv_("N", &p, &n, &one, Jrows_.data(), &p, ball.data(), &inc, &zero, rhs.data(),
              &inc); // Jᵀ b
  st->sigma_max = smax;
  for (int i = 0; i < m; ++i) {
    if (!(s_[i] > cut)) break;
    double beta = 0;
    for (int r = 0; r < k; ++r) beta += W_[r + static_cast<size_t>(i) * k] * rhs[r];
    if (!wide_) beta /= s_[i]; // Wᵀ Jᵀ b = Σ Yᵀ b
    const double phi = mu > 0 ? s_[i] / (s_[i] * s_[i] + mu) : 1.0 / s_[i];
    st->model_reduction += 0.5 * beta * beta * s_[i] * phi * (2.0 - s_[i] * phi);
    const double coef = wide_ ? beta * phi / s_[i] : beta * phi;
    for (int r = 0; r < k; ++r) y[r] += coef * W_[r + static_cast<size_t>(i) * k];
    st->rank++;
    st->sigma_min_kept = s_[i];
  }
  if (wide_) PetscCall(lay.ColumnTransposeMult(Jrows_, n, y.data(), x)); // Jᵀ y
  else std::copy(y.begin(), y.end(), x);
  st->reason = KSP_CONVERGED_ATOL;
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace

std::unique_ptr<LeastSquaresImpl> CreateLeastSquaresGram() {
  return std::make_unique<LeastSquaresGram>();
}

} // namespace petnet
