#include "solvers/trsqp/steps.hpp"

#include "solvers/trsqp/vector_ops.hpp"

#include <petscblaslapack.h>

#include <algorithm>
#include <cmath>

namespace petnet {

namespace {
using vec::Dot;
using vec::Norm2;

/// τ ≥ 0 with ‖z + τ d‖ = r (‖z‖ ≤ r).
double ToBoundary(PetscInt n, const double *z, const double *d, double r) {
  const double a = Dot(n, d, d), b = 2 * Dot(n, z, d), c = Dot(n, z, z) - r * r;
  if (a == 0) return 0;
  const double disc = std::sqrt(std::max(0.0, b * b - 4 * a * c));
  return b >= 0 ? (-2 * c) / (b + disc) : (-b + disc) / (2 * a); // stable root
}
} // namespace

PetscErrorCode ConstraintProjector::Factor(MPI_Comm comm, const double *A, PetscInt M, PetscInt p) {
  PetscFunctionBeginUser;
  PetscCheck(M <= p, comm, PETSC_ERR_ARG_SIZ,
             "more constraints (%" PetscInt_FMT ") than parameters (%" PetscInt_FMT ")", M, p);
  M_ = M, p_ = p;
  Q_.assign(A, A + M * p); // row-major M × p = column-major p × M: Aᵀ
  PetscBLASInt m = static_cast<PetscBLASInt>(p), n = static_cast<PetscBLASInt>(M), info = 0,
               lwork = -1;
  std::vector<double> tau(std::max<PetscInt>(M, 1));
  double              wq;
  if (M == 0) {
    rank_ = 0;
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  LAPACKgeqrf_(&m, &n, Q_.data(), &m, tau.data(), &wq, &lwork, &info);
  lwork = static_cast<PetscBLASInt>(wq);
  std::vector<double> work(std::max<PetscBLASInt>(lwork, 1));
  LAPACKgeqrf_(&m, &n, Q_.data(), &m, tau.data(), work.data(), &lwork, &info);
  PetscCheck(!info, comm, PETSC_ERR_LIB, "LAPACK geqrf failed (info %d)", static_cast<int>(info));
  R_.assign(M * M, 0.0);
  for (PetscInt j = 0; j < M; ++j)
    for (PetscInt i = 0; i <= j; ++i) R_[i + j * M] = Q_[i + j * p];
  lwork = -1;
  LAPACKorgqr_(&m, &n, &n, Q_.data(), &m, tau.data(), &wq, &lwork, &info);
  lwork = static_cast<PetscBLASInt>(wq);
  work.resize(std::max<PetscBLASInt>(lwork, 1));
  LAPACKorgqr_(&m, &n, &n, Q_.data(), &m, tau.data(), work.data(), &lwork, &info);
  PetscCheck(!info, comm, PETSC_ERR_LIB, "LAPACK orgqr failed (info %d)", static_cast<int>(info));
  double rmax = 0;
  for (PetscInt j = 0; j < M; ++j) rmax = std::max(rmax, std::fabs(R_[j + j * M]));
  keep_.assign(M, 1);
  rank_ = 0;
  for (PetscInt j = 0; j < M; ++j) {
    keep_[j] = std::fabs(R_[j + j * M]) > 1e-12 * rmax;
    rank_ += keep_[j];
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

void ConstraintProjector::Project(const double *x, double *y) const {
  const PetscInt      p = p_, M = M_;
  std::vector<double> w(M);
  for (PetscInt j = 0; j < M; ++j) w[j] = keep_[j] ? Dot(p, &Q_[j * p], x) : 0.0;
  for (PetscInt i = 0; i < p; ++i) y[i] = x[i];
  for (PetscInt j = 0; j < M; ++j)
    if (keep_[j])
      for (PetscInt i = 0; i < p; ++i) y[i] -= w[j] * Q_[i + j * p];
}

void ConstraintProjector::NewtonPoint(const double *c, double *v) const {
  // A v = −c with A = Rᵀ Qᵀ: v = Q z, Rᵀ z = −c (forward substitution; dropped rows → 0).
  const PetscInt      p = p_, M = M_;
  std::vector<double> z(M);
  for (PetscInt i = 0; i < M; ++i) {
    double s = -c[i];
    for (PetscInt k = 0; k < i; ++k) s -= R_[k + i * M] * z[k];
    z[i] = keep_[i] ? s / R_[i + i * M] : 0.0;
  }
  for (PetscInt i = 0; i < p; ++i) v[i] = 0;
  for (PetscInt j = 0; j < M; ++j)
    for (PetscInt i = 0; i < p; ++i) v[i] += z[j] * Q_[i + j * p];
}

void ConstraintProjector::Multipliers(const double *g, double *lambda) const {
  // min ‖g + Q R λ‖: R λ = −Qᵀ g (back substitution).
  const PetscInt      p = p_, M = M_;
  std::vector<double> b(M);
  for (PetscInt j = 0; j < M; ++j) b[j] = -Dot(p, &Q_[j * p], g);
  for (PetscInt i = M - 1; i >= 0; --i) {
    double s = b[i];
    for (PetscInt k = i + 1; k < M; ++k) s -= R_[i + k * M] * lambda[k];
    lambda[i] = keep_[i] ? s / R_[i + i * M] : 0.0;
  }
}

void NormalStep(const double *A, PetscInt M, PetscInt p, const double *c,
                const ConstraintProjector &P, double radius, double *v, NormalStepInfo *info) {
  std::vector<double> vn(p), Ax(M);
  auto                lin_res = [&](const double *x) {
    double s = 0;
    for (PetscInt i = 0; i < M; ++i) {
      const double r = c[i] + Dot(p, &A[i * p], x);
      s += r * r;
    }
    return std::sqrt(s);
  };
  P.NewtonPoint(c, vn.data());
  const double nn = Norm2(p, vn.data());
  info->newton    = nn <= radius;
  if (info->newton) {
    std::copy(vn.begin(), vn.end(), v);
  } else {
    // Cauchy point along g = Aᵀc.
    std::vector<double> g(p, 0.0), x1(p), x2(p);
    for (PetscInt i = 0; i < M; ++i)
      for (PetscInt k = 0; k < p; ++k) g[k] += A[i * p + k] * c[i];
    double agag = 0;
    for (PetscInt i = 0; i < M; ++i) {
      const double a = Dot(p, &A[i * p], g.data());
      agag += a * a;
    }
    const double        gg = Dot(p, g.data(), g.data());
    std::vector<double> cp(p);
    for (PetscInt k = 0; k < p; ++k) cp[k] = agag > 0 ? -gg / agag * g[k] : 0.0;
    const double nc = Norm2(p, cp.data());
    if (nc >= radius) {
      for (PetscInt k = 0; k < p; ++k) x1[k] = nc > 0 ? cp[k] * radius / nc : 0.0;
    } else {
      std::vector<double> d(p);
      for (PetscInt k = 0; k < p; ++k) d[k] = vn[k] - cp[k];
      const double tau = ToBoundary(p, cp.data(), d.data(), radius);
      for (PetscInt k = 0; k < p; ++k) x1[k] = cp[k] + tau * d[k];
    }
    for (PetscInt k = 0; k < p; ++k) x2[k] = vn[k] * radius / nn;
    const double r1 = lin_res(x1.data()), r2 = lin_res(x2.data());
    std::copy(r1 < r2 ? x1.begin() : x2.begin(), r1 < r2 ? x1.end() : x2.end(), v);
  }
  info->norm    = Norm2(p, v);
  info->lin_res = lin_res(v);
}

void TangentialStep(const std::function<void(const double *, double *)> &H,
                    const ConstraintProjector &P, const double *g, PetscInt p, double radius,
                    PetscInt max_it, double *t, CGInfo *info, double tol_in) {
  std::vector<double> r(g, g + p), z(p), d(p), Hd(p), tn(p);
  std::fill(t, t + p, 0.0);
  info->its    = 0;
  info->reason = 4;
  if (radius <= 1e-25) {
    info->reason = 2;
    return;
  }
  P.Project(r.data(), z.data());
  for (PetscInt i = 0; i < p; ++i) d[i] = -z[i];
  double       rz = Dot(p, r.data(), z.data());
  const double tol =
      tol_in >= 0 ? tol_in : std::max(std::min(0.01 * std::sqrt(rz), 0.1 * rz), 1e-25);
  for (PetscInt it = 0; it < max_it; ++it) {
    if (rz < tol) {
      info->reason = 1;
      return;
    }
    ++info->its;
    H(d.data(), Hd.data());
    const double dHd = Dot(p, d.data(), Hd.data());
    if (dHd <= 0) {
      const double tau = ToBoundary(p, t, d.data(), radius);
      for (PetscInt i = 0; i < p; ++i) t[i] += tau * d[i];
      info->reason = 3;
      return;
    }
    const double alpha = rz / dHd;
    for (PetscInt i = 0; i < p; ++i) tn[i] = t[i] + alpha * d[i];
    if (Norm2(p, tn.data()) >= radius) {
      const double tau = ToBoundary(p, t, d.data(), radius);
      for (PetscInt i = 0; i < p; ++i) t[i] += tau * d[i];
      info->reason = 2;
      return;
    }
    std::copy(tn.begin(), tn.end(), t);
    for (PetscInt i = 0; i < p; ++i) r[i] += alpha * Hd[i];
    P.Project(r.data(), z.data());
    const double rz_new = Dot(p, r.data(), z.data()), beta = rz_new / rz;
    rz = rz_new;
    for (PetscInt i = 0; i < p; ++i) d[i] = -z[i] + beta * d[i];
  }
}

} // namespace petnet
