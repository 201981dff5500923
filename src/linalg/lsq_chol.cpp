/// \file lsq_chol.cpp
/// -<prefix>ls_type chol: Tikhonov-regularized minimum-norm solve through the Gram
/// matrix, x = Kᵀ(K Kᵀ + μI)⁻¹ c with μ = damping + (rcond·‖K‖_F)², one Cholesky of the
/// N × N Gram matrix and no eigensolver: the cheapest route for wide Jacobians (n ≪ p).
/// Rounding: parts of b outside the range of J are amplified by 1/μ before Kᵀ removes
/// them, an error floor of about eps/rcond² (use rcond ≥ 1e-6). With the metric,
/// K = [J; √κ V] and c = [b; 0].
///
/// Tall (rows > p, the usual PINN case): the p × p normal equations
/// (JᵀJ + κVᵀV + μI) x = Jᵀb instead, with JᵀJ formed from each rank's own rows and
/// summed (one MPI_Allreduce of p² values): no gather of J, and the O(n p²) product
/// splits over the ranks. cond(JᵀJ + μI) ≤ 1/rcond², so x is accurate to ~eps/rcond²
/// relative: enough for LM steps. J is borrowed from the source until the solves are done.
#include "linalg/least_squares_impl.hpp"

#include "core/log.hpp"
#include "linalg/lapack.hpp"

#include <algorithm>
#include <cmath>

namespace petnet {

namespace {

class LeastSquaresChol final : public LeastSquaresImpl {
public:
  PetscErrorCode Setup(const LeastSquaresOptions &opt, const LSQLayout &lay,
                       JacobianSource &jac) override;
  PetscErrorCode Solve(const LeastSquaresOptions &opt, const LSQLayout &lay, Vec b, double mu,
                       double metric_scale, double *x, LSQStats *st) override;

private:
  PetscErrorCode SetupWide(const LeastSquaresOptions &opt, const LSQLayout &lay, Mat J, Mat V);
  PetscErrorCode SetupTall(const LeastSquaresOptions &opt, const LSQLayout &lay, Mat J, Mat V);
  /// Gfac_ = the Cholesky factor of G_ (+ κ GV_, tall) + reg·I for reg = mu + (rcond‖K‖_F)²,
  /// kept while that stays the same; if rounding makes it indefinite, regularize more.
  PetscErrorCode Factor(const LeastSquaresOptions &opt, MPI_Comm comm, int N, double mu,
                        const char *what);
  PetscErrorCode SolveWide(const LSQLayout &lay, Vec b, double *x, LSQStats *st);
  PetscErrorCode SolveTall(const LSQLayout &lay, Vec b, double *x, LSQStats *st);

  // wide: K (row-major N × p), G = K Kᵀ (N × N); tall: G_ = JᵀJ and GV_ = VᵀV (p × p,
  // summed over ranks), J borrowed. Gfac_: the factor for the last μ.
  std::vector<double> K_, G_, GV_, Gfac_;
  PetscInt            n_metric_ = 0;
  double              fro2_ = 0, fac_mu_ = -1;
  bool                tall_  = false;
  Mat                 Jtall_ = nullptr;
};

PetscErrorCode LeastSquaresChol::Setup(const LeastSquaresOptions &opt, const LSQLayout &lay,
                                       JacobianSource &jac) {
  Mat J, V = nullptr;
  PetscFunctionBeginUser;
  n_metric_ = 0;
  if (opt.metric > 0) {
    PetscCall(jac.MetricJacobian(&V));
    PetscCall(MatGetSize(V, &n_metric_, nullptr));
  }
  tall_ = lay.n + n_metric_ > lay.p;
  PetscCall(jac.Jacobian(&J));
  if (tall_) PetscCall(SetupTall(opt, lay, J, V));
  else PetscCall(SetupWide(opt, lay, J, V));
  s_.assign(1, std::sqrt(fro2_)); // ‖K‖_F ≥ σ_max: the scale for relative damping
  fac_mu_ = -1;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LeastSquaresChol::SetupWide(const LeastSquaresOptions &opt, const LSQLayout &lay,
                                           Mat J, Mat V) {
  PetscInt nJ;
  PetscFunctionBeginUser;
  PetscCall(lay.GatherMatRows(J, &K_, &nJ));
  if (V) {
    std::vector<double> Vrows;
    PetscCall(lay.GatherMatRows(V, &Vrows, &n_metric_));
    const double w = std::sqrt(opt.metric);
    for (double &v : Vrows) v *= w;
    K_.insert(K_.end(), Vrows.begin(), Vrows.end());
  }
  PetscCall(PetscLogEventBegin(Log::lsq_svd, 0, 0, 0, 0));
  const int    N = static_cast<int>(lay.n + n_metric_), p = static_cast<int>(lay.p);
  const double one = 1.0, zero = 0.0;
  G_.assign(static_cast<size_t>(N) * N, 0.0);
  BLASsyrk_("L", "T", &N, &p, &one, K_.data(), &p, &zero, G_.data(), &N); // K Kᵀ (lower)
  fro2_ = 0;
  for (int i = 0; i < N; ++i) fro2_ += G_[i + static_cast<size_t>(i) * N];
  PetscCall(PetscLogEventEnd(Log::lsq_svd, 0, 0, 0, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LeastSquaresChol::SetupTall(const LeastSquaresOptions &opt, const LSQLayout &lay,
                                           Mat J, Mat V) {
  const PetscInt p = lay.p;
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(Log::lsq_svd, 0, 0, 0, 0));
  PetscCall(lay.LocalGram(J, &G_)); // JᵀJ
  GV_.clear();
  if (V) PetscCall(lay.LocalGram(V, &GV_)); // VᵀV, weighted by κ at solve time
  fro2_ = 0;
  for (PetscInt i = 0; i < p; ++i)
    fro2_ += G_[i + static_cast<size_t>(i) * p] +
             (V ? opt.metric * GV_[i + static_cast<size_t>(i) * p] : 0.0);
  Jtall_ = J; // borrowed: the solves use the setup point's J
  PetscCall(PetscLogEventEnd(Log::lsq_svd, 0, 0, 0, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LeastSquaresChol::Factor(const LeastSquaresOptions &opt, MPI_Comm comm, int N,
                                        double mu, const char *what) {
  PetscFunctionBeginUser;
  double reg = mu + opt.rcond * opt.rcond * fro2_;
  if (reg <= 0) reg = 1e-300;
  if (reg != fac_mu_) {
    int info = 1;
    for (int attempt = 0; attempt < 8 && info != 0; ++attempt, reg *= 100.0) {
      Gfac_ = G_;
      if (tall_ && !GV_.empty())
        for (size_t i = 0; i < Gfac_.size(); ++i) Gfac_[i] += opt.metric * GV_[i];
      for (int i = 0; i < N; ++i) Gfac_[i + static_cast<size_t>(i) * N] += reg;
      LAPACKpotrf_("L", &N, Gfac_.data(), &N, &info);
      if (info == 0) break;
    }
    PetscCheck(info == 0, comm, PETSC_ERR_LIB, "Cholesky of the %s failed (info %d)", what, info);
    fac_mu_ = mu + opt.rcond * opt.rcond * fro2_;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LeastSquaresChol::Solve(const LeastSquaresOptions &opt, const LSQLayout &lay, Vec b,
                                       double mu, double, double *x, LSQStats *st) {
  PetscFunctionBeginUser;
  if (tall_) {
    PetscCall(Factor(opt, lay.comm, static_cast<int>(lay.p), mu, "normal equations"));
    PetscCall(SolveTall(lay, b, x, st));
  } else {
    PetscCall(Factor(opt, lay.comm, static_cast<int>(lay.n + n_metric_), mu, "Gram matrix"));
    PetscCall(SolveWide(lay, b, x, st));
  }
  st->sigma_max = std::sqrt(fro2_);
  st->reason    = KSP_CONVERGED_ATOL;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LeastSquaresChol::SolveWide(const LSQLayout &lay, Vec b, double *x, LSQStats *st) {
  std::vector<double> ball;
  PetscFunctionBeginUser;
  PetscCall(lay.GatherRows(b, &ball));
  const int N = static_cast<int>(lay.n + n_metric_), n = static_cast<int>(lay.n),
            p = static_cast<int>(lay.p);
  std::vector<double> y(N, 0.0);
  std::copy(ball.begin(), ball.end(), y.begin()); // c = [b; 0]
  int info = 0, one_i = 1;
  LAPACKpotrs_("L", &N, &one_i, Gfac_.data(), &N, y.data(), &N, &info);
  PetscCheck(info == 0, lay.comm, PETSC_ERR_LIB, "dpotrs failed, info %d", info);
  const double one = 1.0, zero = 0.0;
  const int    inc = 1;
  BLASgemv_("N", &p, &N, &one, K_.data(), &p, y.data(), &inc, &zero, x, &inc); // x = Kᵀ y
  // J x = (K Kᵀ y)[0:n] from the stored lower triangle of G.
  double b2 = 0, res2 = 0;
  for (int i = 0; i < n; ++i) {
    double jx = 0;
    for (int j = 0; j < N; ++j)
      jx +=
          (j <= i ? G_[i + static_cast<size_t>(j) * N] : G_[j + static_cast<size_t>(i) * N]) * y[j];
    b2 += ball[i] * ball[i];
    res2 += (ball[i] - jx) * (ball[i] - jx);
  }
  st->model_reduction = 0.5 * (b2 - res2);
  st->rank            = N;
  PetscFunctionReturn(PETSC_SUCCESS);
}

// (JᵀJ + κVᵀV + reg I) x = Jᵀb: Jᵀb from the local rows of the setup point's J and one
// MPI_Allreduce; the p × p factorization is the same on every rank.
PetscErrorCode LeastSquaresChol::SolveTall(const LSQLayout &lay, Vec b, double *x, LSQStats *st) {
  const PetscScalar *a, *bl;
  PetscInt           lda, m;
  PetscFunctionBeginUser;
  const int           p = static_cast<int>(lay.p), inc = 1;
  const double        one = 1.0, zero = 0.0;
  std::vector<double> loc(p, 0.0), jtb(p, 0.0);
  PetscCall(MatGetLocalSize(Jtall_, &m, nullptr));
  PetscCall(MatDenseGetLDA(Jtall_, &lda));
  PetscCall(MatDenseGetArrayRead(Jtall_, &a));
  PetscCall(VecGetArrayRead(b, &bl));
  const int mi = static_cast<int>(m), ldai = static_cast<int>(lda);
  if (mi > 0)
    BLASgemv_("T", &mi, &p, &one, a, &ldai, bl, &inc, &zero, loc.data(), &inc); // local Jᵀb
  PetscCall(VecRestoreArrayRead(b, &bl));
  PetscCall(MatDenseRestoreArrayRead(Jtall_, &a));
  PetscCallMPI(MPI_Allreduce(loc.data(), jtb.data(), p, MPI_DOUBLE, MPI_SUM, lay.comm));
  std::copy(jtb.begin(), jtb.end(), x);
  int info = 0, one_i = 1;
  LAPACKpotrs_("L", &p, &one_i, Gfac_.data(), &p, x, &p, &info);
  PetscCheck(info == 0, lay.comm, PETSC_ERR_LIB, "dpotrs failed, info %d", info);
  // model reduction ½(‖b‖² − ‖b − Jx‖²) = xᵀJᵀb − ½ xᵀ(JᵀJ)x (G_ holds the lower triangle)
  std::vector<double> gx(p); // (JᵀJ) x
  dsymv_("L", &p, &one, G_.data(), &p, x, &inc, &zero, gx.data(), &inc);
  double xjb = 0, xgx = 0;
  for (int j = 0; j < p; ++j) {
    xjb += x[j] * jtb[j];
    xgx += x[j] * gx[j];
  }
  st->model_reduction = xjb - 0.5 * xgx;
  st->rank            = p;
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace

std::unique_ptr<LeastSquaresImpl> CreateLeastSquaresChol() {
  return std::make_unique<LeastSquaresChol>();
}

} // namespace petnet
