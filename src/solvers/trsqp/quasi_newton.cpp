#include "solvers/trsqp/quasi_newton.hpp"

#include "core/choice.hpp"
#include "solvers/trsqp/vector_ops.hpp"

#include <petscblaslapack.h>

#include <cmath>

namespace petnet {

namespace {
using vec::Dot;
using vec::Norm2;

/// In-place LU with partial pivoting of a small k × k row-major matrix.
void LuFactor(std::vector<double> &A, std::vector<int> &piv, PetscInt k) {
  piv.resize(k);
  for (PetscInt j = 0; j < k; ++j) {
    PetscInt m = j;
    for (PetscInt i = j + 1; i < k; ++i)
      if (std::fabs(A[i * k + j]) > std::fabs(A[m * k + j])) m = i;
    piv[j] = static_cast<int>(m);
    if (m != j)
      for (PetscInt c = 0; c < k; ++c) std::swap(A[j * k + c], A[m * k + c]);
    const double d = A[j * k + j];
    if (d == 0) continue; // singular: leaves a zero pivot, LuSolve zeroes that component
    for (PetscInt i = j + 1; i < k; ++i) {
      const double f = A[i * k + j] / d;
      A[i * k + j]   = f;
      for (PetscInt c = j + 1; c < k; ++c) A[i * k + c] -= f * A[j * k + c];
    }
  }
}
void LuSolve(const std::vector<double> &LU, const std::vector<int> &piv, PetscInt k, double *b) {
  for (PetscInt j = 0; j < k; ++j)
    std::swap(b[j], b[piv[j]]); // rows were swapped whole: permute first
  for (PetscInt j = 0; j < k; ++j)
    for (PetscInt i = j + 1; i < k; ++i) b[i] -= LU[i * k + j] * b[j];
  for (PetscInt j = k - 1; j >= 0; --j) {
    for (PetscInt c = j + 1; c < k; ++c) b[j] -= LU[j * k + c] * b[c];
    b[j] = LU[j * k + j] != 0 ? b[j] / LU[j * k + j] : 0.0;
  }
}
} // namespace

namespace {
/// Indexed by HessianUpdate.
const char *const kHessianUpdateNames[] = {"sr1", "bfgs", "identity", "gn"};
} // namespace

const char *HessianUpdateName(HessianUpdate u) { return kHessianUpdateNames[static_cast<int>(u)]; }

PetscErrorCode ParseHessianUpdate(MPI_Comm comm, const std::string &name, HessianUpdate *u) {
  PetscFunctionBeginUser;
  PetscCheck(FindChoice(kHessianUpdateNames, name.c_str(), u), comm, PETSC_ERR_ARG_UNKNOWN_TYPE,
             "unknown Hessian update %s (sr1, bfgs, identity, gn)", name.c_str());
  PetscFunctionReturn(PETSC_SUCCESS);
}

void QuasiNewton::Init(PetscInt p, HessianUpdate kind, bool limited, PetscInt memory) {
  p_       = p;
  kind_    = kind;
  limited_ = limited;
  memory_  = memory;
  skipped_ = 0;
  S_.clear(), Y_.clear(), P_.clear();
  k_ = 0;
  H_.clear();
  if (kind_ == HessianUpdate::GaussNewton) kind_ = HessianUpdate::Identity; // the solver supplies G
  if (!limited_ && kind_ != HessianUpdate::Identity) {
    H_.assign(static_cast<size_t>(p * p), 0.0);
    for (PetscInt i = 0; i < p; ++i) H_[i * p + i] = 1.0;
  }
}

void QuasiNewton::Apply(const double *x, double *y) const {
  const PetscInt p = p_;
  if (kind_ == HessianUpdate::Identity) {
    for (PetscInt i = 0; i < p; ++i) y[i] = x[i];
    return;
  }
  if (!limited_) {
    PetscBLASInt n = static_cast<PetscBLASInt>(p), one = 1;
    double       a = 1.0, b = 0.0;
    BLASgemv_("N", &n, &n, &a, H_.data(), &n, x, &one, &b, y,
              &one); // symmetric: row/column major alike
    return;
  }
  for (PetscInt i = 0; i < p; ++i) y[i] = x[i];
  const PetscInt m = static_cast<PetscInt>(S_.size());
  if (m == 0) return;
  std::vector<double> w(k_);
  if (kind_ == HessianUpdate::SR1) {
    for (PetscInt j = 0; j < m; ++j) w[j] = Dot(p, P_[j].data(), x);
    LuSolve(K_, piv_, k_, w.data());
    for (PetscInt j = 0; j < m; ++j)
      for (PetscInt i = 0; i < p; ++i) y[i] += w[j] * P_[j][i];
  } else {
    for (PetscInt j = 0; j < m; ++j)
      w[j] = Dot(p, S_[j].data(), x), w[m + j] = Dot(p, Y_[j].data(), x);
    LuSolve(K_, piv_, k_, w.data());
    for (PetscInt j = 0; j < m; ++j)
      for (PetscInt i = 0; i < p; ++i) y[i] -= w[j] * S_[j][i] + w[m + j] * Y_[j][i];
  }
}

bool QuasiNewton::Update(const double *s, const double *y) {
  const PetscInt p = p_;
  if (kind_ == HessianUpdate::Identity) return false;
  std::vector<double> Hs(p), r(p);
  Apply(s, Hs.data());
  if (kind_ == HessianUpdate::SR1) {
    for (PetscInt i = 0; i < p; ++i) r[i] = y[i] - Hs[i];
    const double den = Dot(p, r.data(), s);
    if (!(std::fabs(den) >= skip_tol * Norm2(p, s) * Norm2(p, r.data())) || den == 0) {
      ++skipped_;
      return false;
    }
    if (!limited_) {
      for (PetscInt i = 0; i < p; ++i) {
        const double f = r[i] / den;
        double      *h = &H_[i * p];
        for (PetscInt j = 0; j < p; ++j) h[j] += f * r[j];
      }
      return true;
    }
  } else {
    const double sHs = Dot(p, s, Hs.data()), sy = Dot(p, s, y);
    if (!(sHs > 0)) {
      ++skipped_;
      return false;
    }
    const double phi = sy >= damping * sHs ? 1.0 : (1.0 - damping) * sHs / (sHs - sy);
    for (PetscInt i = 0; i < p; ++i) r[i] = phi * y[i] + (1.0 - phi) * Hs[i];
    const double sr = Dot(p, s, r.data());
    if (!limited_) {
      for (PetscInt i = 0; i < p; ++i) {
        const double a = Hs[i] / sHs, b = r[i] / sr;
        double      *h = &H_[i * p];
        for (PetscInt j = 0; j < p; ++j) h[j] += b * r[j] - a * Hs[j];
      }
      return true;
    }
  }
  // compact form: store (s, y or damped r), drop the oldest when full
  if (static_cast<PetscInt>(S_.size()) == memory_) S_.erase(S_.begin()), Y_.erase(Y_.begin());
  S_.emplace_back(s, s + p);
  Y_.emplace_back(kind_ == HessianUpdate::SR1 ? std::vector<double>(y, y + p) : r);
  Rebuild();
  return true;
}

void QuasiNewton::Rebuild() {
  const PetscInt      m = static_cast<PetscInt>(S_.size()), p = p_;
  std::vector<double> SS(m * m), SY(m * m);
  for (PetscInt i = 0; i < m; ++i)
    for (PetscInt j = 0; j < m; ++j)
      SS[i * m + j]            = Dot(p, S_[i].data(), S_[j].data()),
                 SY[i * m + j] = Dot(p, S_[i].data(), Y_[j].data());
  if (kind_ == HessianUpdate::SR1) {
    P_.assign(m, std::vector<double>(p));
    for (PetscInt j = 0; j < m; ++j)
      for (PetscInt i = 0; i < p; ++i) P_[j][i] = Y_[j][i] - S_[j][i];
    k_ = m;
    K_.assign(m * m, 0.0);
    for (PetscInt i = 0; i < m; ++i)
      for (PetscInt j = 0; j < m; ++j) {
        // (D + L + Lᵀ)_ij = s_max(i,j)ᵀ y_min(i,j)... = SY(i,j) for i >= j, SY(j,i) for i < j
        const double dl = i >= j ? SY[i * m + j] : SY[j * m + i];
        K_[i * m + j]   = dl - SS[i * m + j];
      }
  } else {
    k_ = 2 * m;
    K_.assign(k_ * k_, 0.0);
    for (PetscInt i = 0; i < m; ++i)
      for (PetscInt j = 0; j < m; ++j) {
        K_[i * k_ + j]       = SS[i * m + j];
        const double L       = i > j ? SY[i * m + j] : 0.0; // L_ij = s_iᵀ y_j, i > j
        K_[i * k_ + m + j]   = L;
        K_[(m + j) * k_ + i] = L;
        if (i == j) K_[(m + i) * k_ + m + i] = -SY[i * m + i];
      }
  }
  LuFactor(K_, piv_, k_);
}

void QuasiNewton::Save(const std::string &prefix, SolverState *s) const {
  s->Put(prefix + "/skipped", static_cast<double>(skipped_));
  if (!H_.empty()) s->Put(prefix + "/dense", H_);
  std::vector<double> pairs; // S then Y, pair by pair
  for (size_t j = 0; j < S_.size(); ++j) {
    pairs.insert(pairs.end(), S_[j].begin(), S_[j].end());
    pairs.insert(pairs.end(), Y_[j].begin(), Y_[j].end());
  }
  if (limited_) s->Put(prefix + "/pairs", pairs);
}

PetscErrorCode QuasiNewton::Load(MPI_Comm comm, const std::string &prefix, const SolverState &s) {
  PetscFunctionBeginUser;
  PetscCall(s.Get(comm, prefix + "/skipped", &skipped_));
  if (!H_.empty()) PetscCall(s.Get(comm, prefix + "/dense", &H_, H_.size()));
  if (limited_) {
    std::vector<double> pairs;
    PetscCall(s.Get(comm, prefix + "/pairs", &pairs));
    const size_t n = static_cast<size_t>(2 * p_), m = pairs.size() / n;
    PetscCheck(
        pairs.size() % n == 0 && static_cast<PetscInt>(m) <= memory_, comm,
        PETSC_ERR_FILE_UNEXPECTED,
        "checkpoint: %zu quasi-Newton values do not make pairs of length %zu (memory %" PetscInt_FMT
        ")",
        pairs.size(), n, memory_);
    S_.clear(), Y_.clear();
    for (size_t j = 0; j < m; ++j) {
      S_.emplace_back(pairs.begin() + j * n, pairs.begin() + j * n + p_);
      Y_.emplace_back(pairs.begin() + j * n + p_, pairs.begin() + (j + 1) * n);
    }
    if (m > 0) Rebuild();
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

std::vector<double> QuasiNewton::Dense() const {
  const PetscInt      p = p_;
  std::vector<double> D(p * p), e(p, 0.0), col(p);
  for (PetscInt j = 0; j < p; ++j) {
    e[j] = 1.0;
    Apply(e.data(), col.data());
    e[j] = 0.0;
    for (PetscInt i = 0; i < p; ++i) D[i * p + j] = col[i];
  }
  return D;
}

} // namespace petnet
