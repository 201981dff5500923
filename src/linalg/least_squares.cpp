#include "linalg/least_squares.hpp"

#include "core/log.hpp"

#include <algorithm>
#include <cmath>

extern "C" void dsyrk_(const char *uplo, const char *trans, const int *n, const int *k, const double *alpha,
                       const double *a, const int *lda, const double *beta, double *c, const int *ldc);
extern "C" void dsyevd_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda, double *w,
                        double *work, const int *lwork, int *iwork, const int *liwork, int *info);
extern "C" void dgemv_(const char *trans, const int *m, const int *n, const double *alpha, const double *a,
                       const int *lda, const double *x, const int *incx, const double *beta, double *y,
                       const int *incy);
extern "C" void dsymv_(const char *uplo, const int *n, const double *alpha, const double *a, const int *lda,
                       const double *x, const int *incx, const double *beta, double *y, const int *incy);
extern "C" void dposv_(const char *uplo, const int *n, const int *nrhs, double *a, const int *lda, double *b,
                       const int *ldb, int *info);
extern "C" void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info);
extern "C" void dpotrs_(const char *uplo, const int *n, const int *nrhs, const double *a, const int *lda, double *b,
                        const int *ldb, int *info);
extern "C" void dsyevr_(const char *jobz, const char *range, const char *uplo, const int *n, double *a, const int *lda,
                        const double *vl, const double *vu, const int *il, const int *iu, const double *abstol, int *m,
                        double *w, double *z, const int *ldz, int *isuppz, double *work, const int *lwork, int *iwork,
                        const int *liwork, int *info);
extern "C" void dgesdd_(const char *jobz, const int *m, const int *n, double *a, const int *lda, double *s, double *u,
                        const int *ldu, double *vt, const int *ldvt, double *work, const int *lwork, int *iwork,
                        int *info);

namespace petnet {

LeastSquares::~LeastSquares() {
  KSPDestroy(&ksp_);
  MatDestroy(&aug_);
  VecDestroy(&xcol_);
  VecDestroy(&baug_);
  VecDestroy(&xall_);
  VecDestroy(&jx_);
  VecScatterDestroy(&to_all_);
}

PetscErrorCode LeastSquares::SetFromOptions(MPI_Comm comm, const char *prefix) {
  char buf[32];
  PetscFunctionBeginUser;
  comm_   = comm;
  prefix_ = prefix ? prefix : "";
  const std::string pre = "-" + prefix_ + "ls_";
  PetscCall(PetscStrncpy(buf, type_.c_str(), sizeof buf));
  PetscOptionsBegin(comm, nullptr, "Least-squares (Moore-Penrose) solver", "LeastSquares");
  PetscCall(PetscOptionsString((pre + "type").c_str(), "svd (exact), gram (J J^T eigen), chol (J J^T Cholesky, Tikhonov) or lsqr (KSPLSQR, distributed)",
                               "LeastSquares", buf, buf, sizeof buf, nullptr));
  PetscCall(PetscOptionsReal((pre + "rcond").c_str(), "SVD truncation: keep sigma_i > rcond*sigma_max",
                             "LeastSquares", rcond_, &rcond_, nullptr));
  PetscCall(PetscOptionsReal((pre + "damping").c_str(), "Tikhonov damping mu: min |Jx-b|^2 + mu|x|^2", "LeastSquares",
                             damping_, &damping_, nullptr));
  PetscCall(PetscOptionsReal((pre + "metric").c_str(),
                             "Function-space metric weight kappa: min |Jx-b|^2 + kappa |Vx|^2 (0: off; svd/gram)",
                             "LeastSquares", metric_, &metric_, nullptr));
  PetscCall(PetscOptionsBool((pre + "matfree").c_str(), "lsqr: use the matrix-free J.v / J^T.w operator",
                             "LeastSquares", matfree_, &matfree_, nullptr));
  PetscOptionsEnd();
  type_ = buf;
  PetscCheck(type_ == "svd" || type_ == "gram" || type_ == "chol" || type_ == "lsqr", comm, PETSC_ERR_ARG_UNKNOWN_TYPE,
             "%sls_type must be svd, gram, chol or lsqr, got %s",
             pre.c_str() + 1, buf);
  PetscCheck(rcond_ >= 0 && rcond_ < 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "%srcond must be in [0, 1), got %g",
             pre.c_str(), rcond_);
  PetscCheck(metric_ >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "%smetric must be >= 0, got %g", pre.c_str(), metric_);
  PetscCheck(metric_ == 0 || type_ != "lsqr", comm, PETSC_ERR_ARG_INCOMP, "%smetric needs %stype svd, gram or chol",
             pre.c_str(), pre.c_str());
  PetscCheck(damping_ >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "%sdamping must be >= 0, got %g", pre.c_str(), damping_);
  if (type_ == "lsqr") {
    // Create the KSP now so that its options are read (and checked) up front.
    PetscCall(KSPCreate(comm, &ksp_));
    PetscCall(KSPSetType(ksp_, KSPLSQR));
    PetscCall(KSPSetOptionsPrefix(ksp_, (prefix_ + "ls_").c_str()));
    PetscCall(KSPSetTolerances(ksp_, 1e-10, 1e-50, PETSC_DEFAULT, 2000));
    PC pc;
    PetscCall(KSPGetPC(ksp_, &pc));
    PetscCall(PCSetType(pc, PCNONE));
    PetscCall(KSPSetFromOptions(ksp_));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LeastSquares::Setup(ResidualFunction &f) {
  PetscFunctionBeginUser;
  if (comm_ == MPI_COMM_NULL) comm_ = f.Comm();
  p_       = f.NumParams();
  n_local_ = f.LocalRows();
  const int size = Size(comm_);
  counts_.assign(size, 0);
  displs_.assign(size, 0);
  int nl = static_cast<int>(n_local_);
  PetscCallMPI(MPI_Allgather(&nl, 1, MPI_INT, counts_.data(), 1, MPI_INT, comm_));
  n_ = 0;
  for (int r = 0; r < size; ++r) {
    displs_[r] = static_cast<int>(n_);
    n_ += counts_[r];
  }
  if (type_ == "chol") PetscCall(SetupChol(f));
  else if (metric_ > 0) PetscCall(SetupMetric(f));
  else if (type_ == "svd") PetscCall(SetupSVD(f));
  else if (type_ == "gram") PetscCall(SetupGram(f));
  else PetscCall(SetupLSQR(f));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LeastSquares::GatherRows(Vec b, std::vector<double> *all) const {
  const PetscScalar *a;
  PetscFunctionBeginUser;
  all->resize(n_);
  PetscCall(VecGetArrayRead(b, &a));
  PetscCallMPI(MPI_Allgatherv(a, counts_[Rank(comm_)], MPI_DOUBLE, all->data(), counts_.data(), displs_.data(),
                              MPI_DOUBLE, comm_));
  PetscCall(VecRestoreArrayRead(b, &a));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LeastSquares::GatherJacobian(ResidualFunction &f, std::vector<double> *rows) const {
  Mat      J;
  PetscInt n;
  PetscFunctionBeginUser;
  PetscCall(f.Jacobian(&J));
  PetscCall(GatherMatRows(J, rows, &n));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LeastSquares::GatherMatRows(Mat A, std::vector<double> *rows, PetscInt *n_total) const {
  const PetscScalar *a;
  PetscInt           lda, m;
  PetscFunctionBeginUser;
  PetscCall(MatGetLocalSize(A, &m, nullptr));
  const int size = Size(comm_), mi = static_cast<int>(m);
  std::vector<int> cnt(size), dsp(size);
  PetscCallMPI(MPI_Allgather(&mi, 1, MPI_INT, cnt.data(), 1, MPI_INT, comm_));
  PetscInt total = 0;
  for (int r = 0; r < size; ++r) {
    dsp[r] = static_cast<int>(total * p_);
    total += cnt[r];
    cnt[r] *= static_cast<int>(p_);
  }
  std::vector<double> local(static_cast<size_t>(m) * p_);
  PetscCall(MatDenseGetLDA(A, &lda));
  PetscCall(MatDenseGetArrayRead(A, &a));
  for (PetscInt i = 0; i < m; ++i)
    for (PetscInt j = 0; j < p_; ++j) local[i * p_ + j] = a[i + j * lda];
  PetscCall(MatDenseRestoreArrayRead(A, &a));
  rows->resize(static_cast<size_t>(total) * p_);
  PetscCallMPI(MPI_Allgatherv(local.data(), static_cast<int>(local.size()), MPI_DOUBLE, rows->data(), cnt.data(),
                              dsp.data(), MPI_DOUBLE, comm_));
  *n_total = total;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LeastSquares::SetupMetric(ResidualFunction &f) {
  Mat                 V;
  std::vector<double> Vrows;
  PetscFunctionBeginUser;
  PetscCall(GatherJacobian(f, &K_));
  const PetscInt nJ = n_;
  PetscCall(f.MetricJacobian(&V));
  PetscCall(GatherMatRows(V, &Vrows, &n_metric_));
  K_.insert(K_.end(), Vrows.begin(), Vrows.end());
  PetscCall(PetscLogEventBegin(Log::lsq_svd, 0, 0, 0, 0));
  const int    N = static_cast<int>(nJ + n_metric_), p = static_cast<int>(p_);
  const double one = 1.0, zero = 0.0;
  std::vector<double> G(static_cast<size_t>(N) * N, 0.0), ev(N);
  dsyrk_("L", "T", &N, &p, &one, K_.data(), &p, &zero, G.data(), &N); // K Kᵀ
  // Only the eigenpairs above the truncation are wanted: dsyevr with a value range
  // (σ² > cut², cut relative to σ_max² ≤ trace) skips the rest.
  double trace = 0;
  for (int i = 0; i < N; ++i) trace += G[i + static_cast<size_t>(i) * N];
  const double rel = std::max(rcond_, 3e-8), vl = rel * rel * trace * 1e-2, vu = 2.0 * trace + 1.0;
  int          m = 0, lwork = -1, liwork = -1, info = 0, iwq = 0, il = 1, iu = N;
  double       wq = 0, abstol = 0;
  std::vector<double> Z(static_cast<size_t>(N) * N);
  std::vector<int>    isuppz(2 * static_cast<size_t>(N));
  dsyevr_("V", "V", "L", &N, G.data(), &N, &vl, &vu, &il, &iu, &abstol, &m, ev.data(), Z.data(), &N, isuppz.data(),
          &wq, &lwork, &iwq, &liwork, &info);
  lwork  = static_cast<int>(wq);
  liwork = iwq;
  std::vector<double> work(std::max(lwork, 1));
  std::vector<int>    iwork(std::max(liwork, 1));
  dsyevr_("V", "V", "L", &N, G.data(), &N, &vl, &vu, &il, &iu, &abstol, &m, ev.data(), Z.data(), &N, isuppz.data(),
          work.data(), &lwork, iwork.data(), &liwork, &info);
  PetscCall(PetscLogEventEnd(Log::lsq_svd, 0, 0, 0, 0));
  PetscCheck(info == 0, comm_, PETSC_ERR_LIB, "LAPACK dsyevr failed, info = %d", info);
  const double smax = m > 0 ? std::sqrt(std::max(ev[m - 1], 0.0)) : 0.0, cut = rel * smax;
  s_.clear();
  Y_.clear();
  for (int i = m - 1; i >= 0; --i) { // ascending → descending
    const double si = std::sqrt(std::max(ev[i], 0.0));
    if (!(si > cut)) break;
    s_.push_back(si);
    Y_.insert(Y_.end(), Z.begin() + static_cast<size_t>(i) * N, Z.begin() + static_cast<size_t>(i + 1) * N);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

// K = Y Σ Zᵀ; x = Z z, J x = A z, V x = B z with A = Y_J Σ, B = Y_V Σ:
// z = (AᵀA + κ BᵀB + μ I)⁻¹ Aᵀ b,  x = Kᵀ Y Σ⁻¹ z.
PetscErrorCode LeastSquares::SolveMetric(Vec b, double mu, double kappa, double *x, LSQStats *st) {
  std::vector<double> ball;
  PetscFunctionBeginUser;
  PetscCall(GatherRows(b, &ball));
  const int n = static_cast<int>(n_), N = static_cast<int>(n_ + n_metric_), r = static_cast<int>(s_.size());
  std::vector<double> M(static_cast<size_t>(r) * r, 0.0), rhs(r, 0.0);
  for (int i = 0; i < r; ++i) {
    const double *yi = &Y_[static_cast<size_t>(i) * N];
    for (int q = 0; q < n; ++q) rhs[i] += s_[i] * yi[q] * ball[q];
    for (int j = 0; j <= i; ++j) {
      const double *yj = &Y_[static_cast<size_t>(j) * N];
      double        aa = 0, bb = 0;
      for (int q = 0; q < n; ++q) aa += yi[q] * yj[q];
      for (int q = n; q < N; ++q) bb += yi[q] * yj[q];
      M[i + static_cast<size_t>(j) * r] = M[j + static_cast<size_t>(i) * r] = s_[i] * s_[j] * (aa + kappa * bb);
    }
    M[i + static_cast<size_t>(i) * r] += mu;
  }
  std::vector<double> z = rhs;
  int                 info = 0, one_i = 1;
  if (r > 0) dposv_("L", &r, &one_i, M.data(), &r, z.data(), &r, &info);
  PetscCheck(info == 0, comm_, PETSC_ERR_LIB, "LAPACK dposv failed in the metric solve, info = %d", info);
  // model reduction: ½(‖b‖² − ‖b − A z‖²) = zᵀAᵀb − ½‖Az‖²
  double zr = 0, az2 = 0;
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
  const int    p = static_cast<int>(p_), inc = 1;
  const double one = 1.0, zero = 0.0;
  dgemv_("N", &p, &N, &one, K_.data(), &p, yz.data(), &inc, &zero, x, &inc); // Kᵀ (Y Σ⁻¹ z)
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LeastSquares::SetupChol(ResidualFunction &f) {
  PetscFunctionBeginUser;
  Mat V = nullptr;
  n_metric_ = 0;
  if (metric_ > 0) {
    PetscCall(f.MetricJacobian(&V));
    PetscCall(MatGetSize(V, &n_metric_, nullptr));
  }
  chol_tall_ = n_ + n_metric_ > p_;
  if (chol_tall_) PetscCall(SetupCholTall(f, V));
  else {
    PetscCall(GatherJacobian(f, &K_));
    const PetscInt nJ = n_;
    if (V) {
      std::vector<double> Vrows;
      PetscCall(GatherMatRows(V, &Vrows, &n_metric_));
      const double w = std::sqrt(metric_);
      for (double &v : Vrows) v *= w;
      K_.insert(K_.end(), Vrows.begin(), Vrows.end());
    }
    PetscCall(PetscLogEventBegin(Log::lsq_svd, 0, 0, 0, 0));
    const int    N = static_cast<int>(nJ + n_metric_), p = static_cast<int>(p_);
    const double one = 1.0, zero = 0.0;
    G_.assign(static_cast<size_t>(N) * N, 0.0);
    dsyrk_("L", "T", &N, &p, &one, K_.data(), &p, &zero, G_.data(), &N); // K Kᵀ (lower)
    fro2_ = 0;
    for (int i = 0; i < N; ++i) fro2_ += G_[i + static_cast<size_t>(i) * N];
    PetscCall(PetscLogEventEnd(Log::lsq_svd, 0, 0, 0, 0));
  }
  s_.assign(1, std::sqrt(fro2_)); // ‖K‖_F ≥ σ_max: the scale for relative damping
  fac_mu_ = -1;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// AᵀA of a row-distributed dense matrix (lower triangle, p × p, column-major), summed
/// over the ranks: each rank multiplies its own rows, one MPI_Allreduce of p² values.
PetscErrorCode LeastSquares::LocalGram(Mat A, std::vector<double> *G) const {
  const PetscScalar *a;
  PetscInt           lda, m;
  PetscFunctionBeginUser;
  const int    p = static_cast<int>(p_);
  const double one = 1.0, zero = 0.0;
  std::vector<double> loc(static_cast<size_t>(p) * p, 0.0);
  PetscCall(MatGetLocalSize(A, &m, nullptr));
  PetscCall(MatDenseGetLDA(A, &lda));
  PetscCall(MatDenseGetArrayRead(A, &a));
  const int mi = static_cast<int>(m), ldai = static_cast<int>(lda);
  if (mi > 0) dsyrk_("L", "T", &p, &mi, &one, a, &ldai, &zero, loc.data(), &p); // (local rows)ᵀ(local rows)
  PetscCall(MatDenseRestoreArrayRead(A, &a));
  G->assign(loc.size(), 0.0);
  PetscCallMPI(MPI_Allreduce(loc.data(), G->data(), static_cast<int>(loc.size()), MPI_DOUBLE, MPI_SUM, comm_));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LeastSquares::SetupCholTall(ResidualFunction &f, Mat V) {
  Mat J;
  PetscFunctionBeginUser;
  PetscCall(f.Jacobian(&J));
  PetscCall(PetscLogEventBegin(Log::lsq_svd, 0, 0, 0, 0));
  PetscCall(LocalGram(J, &G_)); // JᵀJ
  GV_.clear();
  if (V) PetscCall(LocalGram(V, &GV_)); // VᵀV, weighted by κ at solve time
  fro2_ = 0;
  for (PetscInt i = 0; i < p_; ++i) fro2_ += G_[i + static_cast<size_t>(i) * p_] + (V ? metric_ * GV_[i + static_cast<size_t>(i) * p_] : 0.0);
  Jtall_ = J; // borrowed until the next SetPoint (the solves use the setup point's J)
  PetscCall(PetscLogEventEnd(Log::lsq_svd, 0, 0, 0, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LeastSquares::SolveChol(Vec b, double mu, double *x, LSQStats *st) {
  std::vector<double> ball;
  PetscFunctionBeginUser;
  if (chol_tall_) {
    PetscCall(SolveCholTall(b, mu, x, st));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCall(GatherRows(b, &ball));
  const int N = static_cast<int>(n_ + n_metric_), n = static_cast<int>(n_), p = static_cast<int>(p_);
  double    reg = mu + rcond_ * rcond_ * fro2_;
  if (reg <= 0) reg = 1e-300;
  if (reg != fac_mu_) { // factor G + reg·I; if rounding makes it indefinite, regularize more
    int info = 1;
    for (int attempt = 0; attempt < 8 && info != 0; ++attempt, reg *= 100.0) {
      Gfac_ = G_;
      for (int i = 0; i < N; ++i) Gfac_[i + static_cast<size_t>(i) * N] += reg;
      dpotrf_("L", &N, Gfac_.data(), &N, &info);
      if (info == 0) break;
    }
    PetscCheck(info == 0, comm_, PETSC_ERR_LIB, "Cholesky of the Gram matrix failed (info %d)", info);
    fac_mu_ = mu + rcond_ * rcond_ * fro2_;
  }
  std::vector<double> y(N, 0.0);
  std::copy(ball.begin(), ball.end(), y.begin()); // c = [b; 0]
  int info = 0, one_i = 1;
  dpotrs_("L", &N, &one_i, Gfac_.data(), &N, y.data(), &N, &info);
  PetscCheck(info == 0, comm_, PETSC_ERR_LIB, "dpotrs failed, info %d", info);
  const double one = 1.0, zero = 0.0;
  const int    inc = 1;
  dgemv_("N", &p, &N, &one, K_.data(), &p, y.data(), &inc, &zero, x, &inc); // x = Kᵀ y
  // J x = (K Kᵀ y)[0:n] from the stored lower triangle of G.
  double b2 = 0, res2 = 0;
  for (int i = 0; i < n; ++i) {
    double jx = 0;
    for (int j = 0; j < N; ++j) jx += (j <= i ? G_[i + static_cast<size_t>(j) * N] : G_[j + static_cast<size_t>(i) * N]) * y[j];
    b2 += ball[i] * ball[i];
    res2 += (ball[i] - jx) * (ball[i] - jx);
  }
  st->model_reduction = 0.5 * (b2 - res2);
  st->sigma_max       = std::sqrt(fro2_);
  st->rank            = N;
  st->reason          = KSP_CONVERGED_ATOL;
  PetscFunctionReturn(PETSC_SUCCESS);
}

// (JᵀJ + κVᵀV + reg I) x = Jᵀb: Jᵀb from the local rows of the setup point's J and one
// MPI_Allreduce; the p × p factorization is the same on every rank.
PetscErrorCode LeastSquares::SolveCholTall(Vec b, double mu, double *x, LSQStats *st) {
  const PetscScalar *a, *bl;
  PetscInt           lda, m;
  PetscFunctionBeginUser;
  const int    p = static_cast<int>(p_), inc = 1;
  const double one = 1.0, zero = 0.0;
  double       reg = mu + rcond_ * rcond_ * fro2_;
  if (reg <= 0) reg = 1e-300;
  if (reg != fac_mu_) {
    int info = 1;
    for (int attempt = 0; attempt < 8 && info != 0; ++attempt, reg *= 100.0) {
      Gfac_ = G_;
      if (!GV_.empty())
        for (size_t i = 0; i < Gfac_.size(); ++i) Gfac_[i] += metric_ * GV_[i];
      for (int i = 0; i < p; ++i) Gfac_[i + static_cast<size_t>(i) * p] += reg;
      dpotrf_("L", &p, Gfac_.data(), &p, &info);
      if (info == 0) break;
    }
    PetscCheck(info == 0, comm_, PETSC_ERR_LIB, "Cholesky of the normal equations failed (info %d)", info);
    fac_mu_ = mu + rcond_ * rcond_ * fro2_;
  }
  std::vector<double> loc(p, 0.0), jtb(p, 0.0);
  PetscCall(MatGetLocalSize(Jtall_, &m, nullptr));
  PetscCall(MatDenseGetLDA(Jtall_, &lda));
  PetscCall(MatDenseGetArrayRead(Jtall_, &a));
  PetscCall(VecGetArrayRead(b, &bl));
  const int mi = static_cast<int>(m), ldai = static_cast<int>(lda);
  if (mi > 0) dgemv_("T", &mi, &p, &one, a, &ldai, bl, &inc, &zero, loc.data(), &inc); // local Jᵀb
  PetscCall(VecRestoreArrayRead(b, &bl));
  PetscCall(MatDenseRestoreArrayRead(Jtall_, &a));
  PetscCallMPI(MPI_Allreduce(loc.data(), jtb.data(), p, MPI_DOUBLE, MPI_SUM, comm_));
  std::copy(jtb.begin(), jtb.end(), x);
  int info = 0, one_i = 1;
  dpotrs_("L", &p, &one_i, Gfac_.data(), &p, x, &p, &info);
  PetscCheck(info == 0, comm_, PETSC_ERR_LIB, "dpotrs failed, info %d", info);
  // model reduction ½(‖b‖² − ‖b − Jx‖²) = xᵀJᵀb − ½ xᵀ(JᵀJ)x (G_ holds the lower triangle)
  std::vector<double> gx(p); // (JᵀJ) x
  dsymv_("L", &p, &one, G_.data(), &p, x, &inc, &zero, gx.data(), &inc);
  double xjb = 0, xgx = 0;
  for (int j = 0; j < p; ++j) {
    xjb += x[j] * jtb[j];
    xgx += x[j] * gx[j];
  }
  st->model_reduction = xjb - 0.5 * xgx;
  st->sigma_max       = std::sqrt(fro2_);
  st->rank            = p;
  st->reason          = KSP_CONVERGED_ATOL;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LeastSquares::SetupGram(ResidualFunction &f) {
  PetscFunctionBeginUser;
  PetscCall(GatherJacobian(f, &Jrows_));
  PetscCall(PetscLogEventBegin(Log::lsq_svd, 0, 0, 0, 0));
  const int p = static_cast<int>(p_), n = static_cast<int>(n_);
  gram_wide_  = n <= p;
  const int    k = std::min(n, p);
  const double one = 1.0, zero = 0.0;
  W_.assign(static_cast<size_t>(k) * k, 0.0);
  // Jrows_ read column-major is Jᵀ (p × n): J Jᵀ = (Jᵀ)ᵀ(Jᵀ) ('T'), JᵀJ = (Jᵀ)(Jᵀ)ᵀ ('N').
  if (gram_wide_) dsyrk_("L", "T", &n, &p, &one, Jrows_.data(), &p, &zero, W_.data(), &n);
  else dsyrk_("L", "N", &p, &n, &one, Jrows_.data(), &p, &zero, W_.data(), &p);
  std::vector<double> ev(k);
  int                 lwork = -1, liwork = -1, info = 0, iwq = 0;
  double              wq    = 0;
  dsyevd_("V", "L", &k, W_.data(), &k, ev.data(), &wq, &lwork, &iwq, &liwork, &info);
  lwork  = static_cast<int>(wq);
  liwork = iwq;
  std::vector<double> work(std::max(lwork, 1));
  std::vector<int>    iwork(std::max(liwork, 1));
  dsyevd_("V", "L", &k, W_.data(), &k, ev.data(), work.data(), &lwork, iwork.data(), &liwork, &info);
  PetscCall(PetscLogEventEnd(Log::lsq_svd, 0, 0, 0, 0));
  PetscCheck(info == 0, comm_, PETSC_ERR_LIB, "LAPACK dsyevd failed, info = %d", info);
  // Ascending eigenvalues → descending σ (reverse the columns of W too).
  s_.assign(k, 0.0);
  std::vector<double> Wd(W_.size());
  for (int i = 0; i < k; ++i) {
    s_[i] = std::sqrt(std::max(ev[k - 1 - i], 0.0));
    std::copy(W_.begin() + static_cast<size_t>(k - 1 - i) * k, W_.begin() + static_cast<size_t>(k - i) * k,
              Wd.begin() + static_cast<size_t>(i) * k);
  }
  W_.swap(Wd);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LeastSquares::SetupSVD(ResidualFunction &f) {
  PetscFunctionBeginUser;
  std::vector<double> At;
  PetscCall(GatherJacobian(f, &At));
  PetscCall(PetscLogEventBegin(Log::lsq_svd, 0, 0, 0, 0));
  const int m = static_cast<int>(p_), n = static_cast<int>(n_), k = std::min(m, n);
  s_.assign(k, 0.0);
  U_.assign(static_cast<size_t>(m) * k, 0.0);
  VT_.assign(static_cast<size_t>(k) * n, 0.0);
  std::vector<int> iwork(8 * static_cast<size_t>(k));
  int              lwork = -1, info = 0;
  double           wq;
  dgesdd_("S", &m, &n, At.data(), &m, s_.data(), U_.data(), &m, VT_.data(), &k, &wq, &lwork, iwork.data(), &info);
  lwork = static_cast<int>(wq);
  std::vector<double> work(std::max(lwork, 1));
  dgesdd_("S", &m, &n, At.data(), &m, s_.data(), U_.data(), &m, VT_.data(), &k, work.data(), &lwork, iwork.data(),
          &info);
  PetscCall(PetscLogEventEnd(Log::lsq_svd, 0, 0, 0, 0));
  PetscCheck(info == 0, comm_, PETSC_ERR_LIB, "LAPACK dgesdd failed, info = %d", info);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LeastSquares::SetupLSQR(ResidualFunction &f) {
  PetscFunctionBeginUser;
  if (matfree_) PetscCall(f.JacobianOperator(&op_));
  else PetscCall(f.Jacobian(&op_));
  if (!ksp_) { // SetFromOptions not called: defaults
    PetscCall(KSPCreate(comm_, &ksp_));
    PetscCall(KSPSetType(ksp_, KSPLSQR));
    PetscCall(KSPSetTolerances(ksp_, 1e-10, 1e-50, PETSC_DEFAULT, 2000));
    PC pc;
    PetscCall(KSPGetPC(ksp_, &pc));
    PetscCall(PCSetType(pc, PCNONE));
  }
  if (!xcol_) {
    PetscCall(MatCreateVecs(op_, &xcol_, nullptr));
    PetscCall(VecScatterCreateToAll(xcol_, &to_all_, &xall_));
    PetscInt pl;
    PetscCall(VecGetLocalSize(xcol_, &pl));
    PetscCall(MatCreateShell(comm_, n_local_ + pl, pl, PETSC_DETERMINE, p_, this, &aug_));
    PetscCall(MatShellSetOperation(aug_, MATOP_MULT, (void (*)(void))AugMult));
    PetscCall(MatShellSetOperation(aug_, MATOP_MULT_TRANSPOSE, (void (*)(void))AugMultTranspose));
    PetscCall(MatCreateVecs(aug_, nullptr, &baug_));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

// [J; √μ I] x
PetscErrorCode LeastSquares::AugMult(Mat A, Vec x, Vec y) {
  LeastSquares *self;
  PetscScalar  *ya;
  PetscInt      pl;
  PetscFunctionBeginUser;
  PetscCall(MatShellGetContext(A, &self));
  Vec top;
  PetscCall(VecCreateMPIWithArray(self->comm_, 1, self->n_local_, PETSC_DETERMINE, nullptr, &top));
  PetscCall(VecGetArray(y, &ya));
  PetscCall(VecPlaceArray(top, ya));
  PetscCall(MatMult(self->op_, x, top));
  PetscCall(VecResetArray(top));
  const PetscScalar *xa;
  PetscCall(VecGetLocalSize(x, &pl));
  PetscCall(VecGetArrayRead(x, &xa));
  for (PetscInt i = 0; i < pl; ++i) ya[self->n_local_ + i] = self->aug_sqrt_mu_ * xa[i];
  PetscCall(VecRestoreArrayRead(x, &xa));
  PetscCall(VecRestoreArray(y, &ya));
  PetscCall(VecDestroy(&top));
  PetscFunctionReturn(PETSC_SUCCESS);
}

// Jᵀ y_top + √μ y_bottom
PetscErrorCode LeastSquares::AugMultTranspose(Mat A, Vec y, Vec x) {
  LeastSquares      *self;
  const PetscScalar *ya;
  PetscScalar       *xa;
  PetscInt           pl;
  PetscFunctionBeginUser;
  PetscCall(MatShellGetContext(A, &self));
  Vec top;
  PetscCall(VecCreateMPIWithArray(self->comm_, 1, self->n_local_, PETSC_DETERMINE, nullptr, &top));
  PetscCall(VecGetArrayRead(y, &ya));
  PetscCall(VecPlaceArray(top, ya));
  PetscCall(MatMultTranspose(self->op_, top, x));
  PetscCall(VecResetArray(top));
  PetscCall(VecGetLocalSize(x, &pl));
  PetscCall(VecGetArray(x, &xa));
  for (PetscInt i = 0; i < pl; ++i) xa[i] += self->aug_sqrt_mu_ * ya[self->n_local_ + i];
  PetscCall(VecRestoreArray(x, &xa));
  PetscCall(VecRestoreArrayRead(y, &ya));
  PetscCall(VecDestroy(&top));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LeastSquares::Solve(Vec b, double mu_extra, double *x, LSQStats *stats, double metric_scale) {
  const double mu = damping_ + mu_extra;
  LSQStats     st;
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(Log::lsq_solve, 0, 0, 0, 0));
  if (type_ == "chol") {
    PetscCall(SolveChol(b, mu, x, &st));
  } else if (metric_ > 0) {
    PetscCall(SolveMetric(b, mu, metric_ * metric_scale, x, &st));
  } else if (type_ == "gram") {
    // wide (n ≤ p): J = W Σ Zᵀ, x = Jᵀ W diag(φ_i/σ_i) Wᵀ b
    // tall (n > p): J = Y Σ Wᵀ, x = W diag(φ_i/σ_i) Wᵀ Jᵀ b
    std::vector<double> ball;
    PetscCall(GatherRows(b, &ball));
    const int    k = static_cast<int>(s_.size()), p = static_cast<int>(p_), n = static_cast<int>(n_), inc = 1;
    const double one = 1.0, zero = 0.0;
    const double smax = k ? s_[0] : 0.0, cut = std::max(rcond_, 3e-8) * smax;
    std::vector<double> rhs(k), y(k, 0.0);
    if (gram_wide_) rhs = ball;
    else dgemv_("N", &p, &n, &one, Jrows_.data(), &p, ball.data(), &inc, &zero, rhs.data(), &inc); // Jᵀ b
    st.sigma_max = smax;
    for (int i = 0; i < k; ++i) {
      if (!(s_[i] > cut)) break;
      double beta = 0;
      for (int r = 0; r < k; ++r) beta += W_[r + static_cast<size_t>(i) * k] * rhs[r];
      if (!gram_wide_) beta /= s_[i]; // Wᵀ Jᵀ b = Σ Yᵀ b
      const double phi = mu > 0 ? s_[i] / (s_[i] * s_[i] + mu) : 1.0 / s_[i];
      st.model_reduction += 0.5 * beta * beta * s_[i] * phi * (2.0 - s_[i] * phi);
      const double coef = gram_wide_ ? beta * phi / s_[i] : beta * phi;
      for (int r = 0; r < k; ++r) y[r] += coef * W_[r + static_cast<size_t>(i) * k];
      st.rank++;
      st.sigma_min_kept = s_[i];
    }
    if (gram_wide_) dgemv_("N", &p, &n, &one, Jrows_.data(), &p, y.data(), &inc, &zero, x, &inc); // Jᵀ y
    else std::copy(y.begin(), y.end(), x);
    st.reason = KSP_CONVERGED_ATOL;
  } else if (type_ == "svd") {
    std::vector<double> ball, c(s_.size(), 0.0);
    PetscCall(GatherRows(b, &ball));
    const int    k = static_cast<int>(s_.size());
    const double smax = k ? s_[0] : 0.0, cut = rcond_ * smax;
    st.sigma_max      = smax;
    for (int i = 0; i < k; ++i) {
      if (!(s_[i] > cut) || s_[i] == 0.0) break;
      double beta = 0;
      for (PetscInt r = 0; r < n_; ++r) beta += VT_[i + static_cast<size_t>(r) * k] * ball[r];
      const double phi = mu > 0 ? s_[i] / (s_[i] * s_[i] + mu) : 1.0 / s_[i]; // filter factor
      c[i]             = beta * phi;
      // ‖b − Jx‖² = ‖b‖² − Σ β_i² (2σφ − (σφ)²)
      st.model_reduction += 0.5 * beta * beta * s_[i] * phi * (2.0 - s_[i] * phi);
      st.rank++;
      st.sigma_min_kept = s_[i];
    }
    for (PetscInt j = 0; j < p_; ++j) x[j] = 0.0;
    for (int i = 0; i < st.rank; ++i)
      for (PetscInt j = 0; j < p_; ++j) x[j] += U_[j + static_cast<size_t>(i) * p_] * c[i];
    st.reason = KSP_CONVERGED_ATOL;
  } else {
    Mat A = op_;
    Vec rhs = b;
    if (mu > 0) { // augmented system [J; √μ I] x ≈ [b; 0]
      aug_sqrt_mu_ = std::sqrt(mu);
      PetscScalar       *ba;
      const PetscScalar *bb;
      PetscInt           nb;
      PetscCall(VecGetLocalSize(baug_, &nb));
      PetscCall(VecGetArray(baug_, &ba));
      PetscCall(VecGetArrayRead(b, &bb));
      for (PetscInt i = 0; i < nb; ++i) ba[i] = i < n_local_ ? bb[i] : 0.0;
      PetscCall(VecRestoreArrayRead(b, &bb));
      PetscCall(VecRestoreArray(baug_, &ba));
      A   = aug_;
      rhs = baug_;
    }
    { // J (n × p) and the damped [J; √μ I] have different row sizes: a KSP cannot switch
      // between them without a reset (PETSc refuses to change an operator's local size).
      Mat       prev = nullptr;
      PetscInt  pm = -1, am = -1;
      PetscBool has_op = PETSC_FALSE;
      PetscCall(KSPGetOperatorsSet(ksp_, &has_op, nullptr));
      if (has_op) {
        PetscCall(KSPGetOperators(ksp_, &prev, nullptr));
        PetscCall(MatGetLocalSize(prev, &pm, nullptr));
        PetscCall(MatGetLocalSize(A, &am, nullptr));
        if (pm != am) PetscCall(KSPReset(ksp_));
      }
    }
    PetscCall(KSPSetOperators(ksp_, A, A));
    PetscCall(KSPSetInitialGuessNonzero(ksp_, PETSC_FALSE)); // zero start → minimum-norm solution
    PetscCall(VecSet(xcol_, 0.0));
    PetscCall(KSPSolve(ksp_, rhs, xcol_));
    PetscCall(KSPGetIterationNumber(ksp_, &st.its));
    PetscCall(KSPGetConvergedReason(ksp_, &st.reason));
    // Model reduction from J x (op_ still refers to the setup point: see Setup).
    if (!jx_) PetscCall(VecDuplicate(b, &jx_));
    PetscReal nb, nres;
    PetscCall(MatMult(op_, xcol_, jx_));
    PetscCall(VecNorm(b, NORM_2, &nb));
    PetscCall(VecAYPX(jx_, -1.0, b));
    PetscCall(VecNorm(jx_, NORM_2, &nres));
    st.model_reduction = 0.5 * (nb * nb - nres * nres);
    PetscCall(VecScatterBegin(to_all_, xcol_, xall_, INSERT_VALUES, SCATTER_FORWARD));
    PetscCall(VecScatterEnd(to_all_, xcol_, xall_, INSERT_VALUES, SCATTER_FORWARD));
    const PetscScalar *xa;
    PetscCall(VecGetArrayRead(xall_, &xa));
    std::copy(xa, xa + p_, x);
    PetscCall(VecRestoreArrayRead(xall_, &xa));
  }
  PetscCall(PetscLogEventEnd(Log::lsq_solve, 0, 0, 0, 0));
  if (stats) *stats = st;
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
