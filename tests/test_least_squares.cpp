// Moore–Penrose solves against an independent closed form. A = B C with B (m × k) of
// full column rank and C (k × n) of full row rank is rank-deficient for k < min(m, n),
// and A⁺ = Cᵀ(CCᵀ)⁻¹(BᵀB)⁻¹Bᵀ. Every registered type (svd, gram, chol; lsqr on the
// dense and on the augmented operator) must reproduce x = A⁺b. Runs on 1 and 2 ranks.
#include "core/random.hpp"
#include "linalg/least_squares.hpp"
#include "linalg/least_squares_impl.hpp"

#include "test_util.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <petscmat.h>

using namespace petnet;
using petnet_test::RelErr;

namespace {

/// A row-distributed dense m × n matrix from row-major values.
Mat DenseRows(MPI_Comm comm, const std::vector<double> &A, PetscInt m, PetscInt n) {
  Mat      M;
  PetscInt lo, hi;
  MatCreateDense(comm, PETSC_DECIDE, PETSC_DECIDE, m, n, nullptr, &M);
  MatGetOwnershipRange(M, &lo, &hi);
  for (PetscInt i = lo; i < hi; ++i)
    for (PetscInt j = 0; j < n; ++j) MatSetValue(M, i, j, A[i * n + j], INSERT_VALUES);
  MatAssemblyBegin(M, MAT_FINAL_ASSEMBLY);
  MatAssemblyEnd(M, MAT_FINAL_ASSEMBLY);
  return M;
}

/// The fixed Jacobian A of r(θ) = Aθ − b (rows distributed), and b.
class LinearResidual : public JacobianSource {
public:
  LinearResidual(MPI_Comm comm, const std::vector<double> &A, const std::vector<double> &b,
                 PetscInt m, PetscInt n)
      : comm_(comm), n_(n), b_(b) {
    PetscInt lo, hi;
    J_ = DenseRows(comm, A, m, n);
    MatGetOwnershipRange(J_, &lo, &hi);
    local_ = hi - lo;
    lo_    = lo;
  }
  ~LinearResidual() override {
    MatDestroy(&J_);
    MatDestroy(&V_);
  }
  /// The metric rows V (mv × n, row-major), distributed like J's rows.
  void SetMetric(const std::vector<double> &V, PetscInt mv) { V_ = DenseRows(comm_, V, mv, n_); }
  MPI_Comm       Comm() const override { return comm_; }
  PetscInt       NumParams() const override { return n_; }
  PetscInt       LocalRows() const override { return local_; }
  PetscErrorCode Jacobian(Mat *J) override {
    *J = J_;
    return 0;
  }
  PetscErrorCode JacobianOperator(Mat *A) override {
    *A = J_;
    return 0;
  }
  PetscErrorCode MetricJacobian(Mat *V) override {
    PetscCheck(V_, comm_, PETSC_ERR_SUP, "no metric in this test");
    *V = V_;
    return 0;
  }
  PetscErrorCode CreateRowVec(Vec *v) const {
    return VecCreateMPI(comm_, local_, PETSC_DETERMINE, v);
  }
  PetscErrorCode RHS(Vec b) {
    for (PetscInt i = 0; i < local_; ++i) VecSetValue(b, lo_ + i, b_[lo_ + i], INSERT_VALUES);
    VecAssemblyBegin(b);
    return VecAssemblyEnd(b);
  }

private:
  MPI_Comm            comm_;
  PetscInt            n_, local_ = 0, lo_ = 0;
  std::vector<double> b_;
  Mat                 J_ = nullptr, V_ = nullptr;
};

// Solve the small dense SPD system M y = z (Gaussian elimination, no pivoting needed).
std::vector<double> SolveSPD(std::vector<double> M, std::vector<double> z, int k) {
  for (int c = 0; c < k; ++c)
    for (int r = c + 1; r < k; ++r) {
      const double f = M[r * k + c] / M[c * k + c];
      for (int j = c; j < k; ++j) M[r * k + j] -= f * M[c * k + j];
      z[r] -= f * z[c];
    }
  for (int r = k - 1; r >= 0; --r) {
    for (int j = r + 1; j < k; ++j) z[r] -= M[r * k + j] * z[j];
    z[r] /= M[r * k + r];
  }
  return z;
}

struct RankDeficient {
  PetscInt            m, n, k;
  std::vector<double> A, b, x; // x = A⁺ b
  RankDeficient(PetscInt m_, PetscInt n_, PetscInt k_, std::uint64_t seed) : m(m_), n(n_), k(k_) {
    Rng                 rng(seed);
    std::vector<double> B(m * k), C(k * n);
    for (auto &v : B) v = rng.Normal();
    for (auto &v : C) v = rng.Normal();
    A.assign(m * n, 0.0);
    for (PetscInt i = 0; i < m; ++i)
      for (PetscInt j = 0; j < n; ++j)
        for (PetscInt l = 0; l < k; ++l) A[i * n + j] += B[i * k + l] * C[l * n + j];
    b.resize(m);
    for (auto &v : b) v = rng.Normal(); // generally inconsistent: a true least-squares problem
    // y = (BᵀB)⁻¹ Bᵀ b;  w = (CCᵀ)⁻¹ y;  x = Cᵀ w
    std::vector<double> BtB(k * k, 0.0), Btb(k, 0.0), CCt(k * k, 0.0);
    for (PetscInt a = 0; a < k; ++a) {
      for (PetscInt c = 0; c < k; ++c) {
        for (PetscInt i = 0; i < m; ++i) BtB[a * k + c] += B[i * k + a] * B[i * k + c];
        for (PetscInt j = 0; j < n; ++j) CCt[a * k + c] += C[a * n + j] * C[c * n + j];
      }
      for (PetscInt i = 0; i < m; ++i) Btb[a] += B[i * k + a] * b[i];
    }
    auto y = SolveSPD(BtB, Btb, static_cast<int>(k));
    auto w = SolveSPD(CCt, y, static_cast<int>(k));
    x.assign(n, 0.0);
    for (PetscInt j = 0; j < n; ++j)
      for (PetscInt l = 0; l < k; ++l) x[j] += C[l * n + j] * w[l];
  }
};

/// Sets ls up on f's Jacobian and solves for f's right-hand side (damping mu).
std::vector<double> SolveLinear(LeastSquares &ls, LinearResidual &f, PetscInt n, LSQStats *st,
                                double mu = 0.0) {
  Vec                 b;
  std::vector<double> x(n);
  f.CreateRowVec(&b);
  f.RHS(b);
  EXPECT_EQ(ls.Setup(f), 0);
  EXPECT_EQ(ls.Solve(b, mu, x.data(), st), 0);
  VecDestroy(&b);
  return x;
}

void CheckBackend(const char *type, PetscInt m, PetscInt n, PetscInt k) {
  RankDeficient  prob(m, n, k, 17 + m + n);
  LinearResidual f(PETSC_COMM_WORLD, prob.A, prob.b, m, n);
  LeastSquares   ls;
  LSQStats       st;
  ls.SetType(type);
  ls.SetRcond(1e-6); // the rank-deficient part is at rounding level
  const std::vector<double> x = SolveLinear(ls, f, n, &st);
  EXPECT_LT(RelErr(x, prob.x), 1e-8) << type << " " << m << "x" << n << " rank " << k;
  if (std::string(type) != "lsqr") EXPECT_EQ(st.rank, k);
}

} // namespace

namespace {
/// gram with -ls_pchol (the pivoted-Cholesky eigenpairs) on the closed form A⁺b.
void CheckPivoted(PetscInt m, PetscInt n, PetscInt k) {
  RankDeficient       prob(m, n, k, 23 + m + n);
  LinearResidual      f(PETSC_COMM_WORLD, prob.A, prob.b, m, n);
  LeastSquares        ls;
  LeastSquaresOptions o;
  o.type  = "gram";
  o.rcond = 1e-6;
  o.pchol = PETSC_TRUE;
  ASSERT_EQ(ls.SetFromOptions(PETSC_COMM_WORLD, "pc_", o), 0);
  LSQStats                  st;
  const std::vector<double> x = SolveLinear(ls, f, n, &st);
  EXPECT_LT(RelErr(x, prob.x), 1e-8) << m << "x" << n << " rank " << k;
  EXPECT_EQ(st.rank, k);
}
} // namespace

TEST(LeastSquares, GramPivotedMatchesPseudoInverseWide) { CheckPivoted(9, 40, 4); }
TEST(LeastSquares, GramPivotedMatchesPseudoInverseTall) { CheckPivoted(40, 9, 4); }

// The metric solve against its closed form: for μ > 0 the minimizer of
// ‖Ax − b‖² + κ‖Vx‖² + μ‖x‖², x = (AᵀA + κVᵀV + μI)⁻¹Aᵀb, lies in range([A; V]ᵀ), which
// is where the spectral types look for it. svd, gram and gram + pchol must all find it,
// with A rank-deficient and [A; V] too (wide, so the Gram product is split by columns on
// 2 ranks).
TEST(LeastSquares, MetricSolveMatchesClosedForm) {
  const PetscInt      m = 7, mv = 5, n = 19, k = 3;
  const double        kappa = 0.5, mu = 0.1;
  RankDeficient       prob(m, n, k, 41), vpart(mv, n, 2, 43);
  std::vector<double> M(n * n, 0.0), rhs(n, 0.0);
  for (PetscInt a = 0; a < n; ++a) {
    for (PetscInt c = 0; c < n; ++c) {
      for (PetscInt i = 0; i < m; ++i) M[a * n + c] += prob.A[i * n + a] * prob.A[i * n + c];
      for (PetscInt i = 0; i < mv; ++i)
        M[a * n + c] += kappa * vpart.A[i * n + a] * vpart.A[i * n + c];
    }
    M[a * n + a] += mu;
    for (PetscInt i = 0; i < m; ++i) rhs[a] += prob.A[i * n + a] * prob.b[i];
  }
  const std::vector<double> xref = SolveSPD(M, rhs, static_cast<int>(n));
  for (const char *variant : {"svd", "gram", "gram+pchol"}) {
    LinearResidual f(PETSC_COMM_WORLD, prob.A, prob.b, m, n);
    f.SetMetric(vpart.A, mv);
    LeastSquares        ls;
    LeastSquaresOptions o;
    o.type   = std::string(variant).substr(0, std::string(variant).find('+'));
    o.rcond  = 1e-7;
    o.metric = kappa;
    o.pchol  = std::string(variant).find("pchol") != std::string::npos ? PETSC_TRUE : PETSC_FALSE;
    ASSERT_EQ(ls.SetFromOptions(PETSC_COMM_WORLD, "met_", o), 0);
    LSQStats                  st;
    const std::vector<double> x = SolveLinear(ls, f, n, &st, mu);
    EXPECT_LT(RelErr(x, xref), 1e-9) << variant;
    EXPECT_EQ(st.rank, k + 2) << variant; // rank [A; V] = 3 + 2
  }
}

TEST(LeastSquares, PivotedNeedsGram) {
  LeastSquares        ls;
  LeastSquaresOptions o;
  o.type  = "svd";
  o.pchol = PETSC_TRUE; // svd without a metric has no Gram matrix
  PetscPushErrorHandler(PetscReturnErrorHandler, nullptr);
  const PetscErrorCode ierr = ls.SetFromOptions(PETSC_COMM_WORLD, "pcb_", o);
  PetscPopErrorHandler();
  EXPECT_EQ(ierr, PETSC_ERR_ARG_INCOMP);
}

TEST(LeastSquares, SVDMatchesPseudoInverseTall) { CheckBackend("svd", 12, 7, 4); }
TEST(LeastSquares, SVDMatchesPseudoInverseWide) { CheckBackend("svd", 6, 15, 3); }
TEST(LeastSquares, GramMatchesPseudoInverseTall) { CheckBackend("gram", 12, 7, 4); }
TEST(LeastSquares, GramMatchesPseudoInverseWide) { CheckBackend("gram", 6, 15, 3); }
namespace {
/// chol with rcond 1e-5 on a rank-deficient m × n problem against A⁺b; also checks the
/// model reduction ½(‖b‖² − ‖b − Ax‖²) it reports.
void CheckChol(PetscInt m, PetscInt n, PetscInt k, std::uint64_t seed) {
  RankDeficient  prob(m, n, k, seed);
  LinearResidual f(PETSC_COMM_WORLD, prob.A, prob.b, m, n);
  LeastSquares   ls;
  ls.SetType("chol");
  ls.SetRcond(1e-5);
  Vec b;
  f.CreateRowVec(&b);
  f.RHS(b);
  ASSERT_EQ(ls.Setup(f), 0);
  std::vector<double> x(n);
  LSQStats            st;
  ASSERT_EQ(ls.Solve(b, 0.0, x.data(), &st), 0);
  EXPECT_LT(RelErr(x, prob.x), 1e-5) << m << "x" << n;
  double b2 = 0, r2 = 0;
  for (PetscInt i = 0; i < m; ++i) {
    double ax = 0;
    for (PetscInt j = 0; j < n; ++j) ax += prob.A[i * n + j] * x[j];
    b2 += prob.b[i] * prob.b[i];
    r2 += (prob.b[i] - ax) * (prob.b[i] - ax);
  }
  EXPECT_NEAR(st.model_reduction, 0.5 * (b2 - r2), 1e-5 * b2) << m << "x" << n;
  // damped (rcond 0, μ = 0.3) against the SVD's filter factors
  LeastSquares chol0, svd;
  chol0.SetType("chol");
  chol0.SetRcond(0.0);
  svd.SetType("svd");
  svd.SetRcond(0.0);
  chol0.Setup(f);
  svd.Setup(f);
  std::vector<double> xc(n), xs(n);
  chol0.Solve(b, 0.3, xc.data());
  svd.Solve(b, 0.3, xs.data());
  EXPECT_LT(RelErr(xc, xs), 1e-10) << "damped, " << m << "x" << n;
  VecDestroy(&b);
}
} // namespace

// Tikhonov through the normal-equation Gram matrix: components of b outside the range
// of A are amplified by 1/μ before Aᵀ removes them, so the error floor is about
// eps/rcond²; with rcond = 1e-5 that is ~1e-6 (documented in least_squares.hpp).
TEST(LeastSquares, CholMatchesPseudoInverseWide) { CheckChol(6, 15, 3, 5); }
// Tall: the p × p normal equations, AᵀA summed over the ranks' own rows; the Tikhonov
// floor (rcond·‖A‖_F)² and the squared condition number give the same ~eps/rcond².
TEST(LeastSquares, CholMatchesPseudoInverseTall) { CheckChol(15, 6, 3, 8); }
TEST(LeastSquares, LSQRMatchesPseudoInverseTall) { CheckBackend("lsqr", 12, 7, 4); }
TEST(LeastSquares, LSQRMatchesPseudoInverseWide) { CheckBackend("lsqr", 6, 15, 3); }

namespace {
/// LSQR on a full-rank tall problem whose columns are scaled by 10^-4 … 10^4: the solution
/// is unique, so every variant must find it; returns the LSQR iterations.
PetscInt ScaledColumnsLSQR(PetscBool scale, PetscBool matfree, double *err) {
  const PetscInt      m = 40, n = 10;
  RankDeficient       prob(m, n, n, 5); // k = n: full column rank, x = A⁻¹-least-squares
  std::vector<double> As = prob.A, xs = prob.x;
  for (PetscInt j = 0; j < n; ++j) {
    const double s = std::pow(10.0, -4.0 + 8.0 * static_cast<double>(j) / (n - 1));
    for (PetscInt i = 0; i < m; ++i) As[i * n + j] *= s;
    xs[j] /= s;
  }
  LinearResidual      f(PETSC_COMM_WORLD, As, prob.b, m, n);
  LeastSquaresOptions o;
  o.type    = "lsqr";
  o.scale   = scale;
  o.matfree = matfree;
  LeastSquares ls;
  LSQStats     st;
  EXPECT_EQ(ls.SetFromOptions(PETSC_COMM_WORLD, "colscale_", o), 0);
  *err = RelErr(SolveLinear(ls, f, n, &st), xs);
  return st.its;
}
} // namespace

TEST(LeastSquares, LSQRColumnScalingPreconditions) {
  double   e_plain, e_exact, e_probe;
  PetscInt plain = ScaledColumnsLSQR(PETSC_FALSE, PETSC_FALSE, &e_plain);
  PetscInt exact = ScaledColumnsLSQR(PETSC_TRUE, PETSC_FALSE, &e_exact); // dense: column norms
  PetscInt probe = ScaledColumnsLSQR(PETSC_TRUE, PETSC_TRUE, &e_probe);  // 16 sign probes
  EXPECT_LT(e_exact, 1e-8);
  EXPECT_LT(e_probe, 1e-8);
  // Exact scaling leaves a well-conditioned 10-column problem: LSQR needs about n steps;
  // the unscaled one (column norms over 8 decades) needs far more, or stalls short of 1e-8.
  EXPECT_LE(exact, 2 * 10);
  EXPECT_LE(probe, 3 * 10);
  EXPECT_TRUE(plain > 3 * exact || e_plain > 1e-6) << plain << " its, error " << e_plain;
}

TEST(LeastSquares, DampedBackendsAgree) {
  // Tikhonov: x = argmin |Ax-b|^2 + mu|x|^2 by SVD filter factors and by LSQR on [A; sqrt(mu) I].
  RankDeficient  prob(10, 14, 5, 99);
  LinearResidual f(PETSC_COMM_WORLD, prob.A, prob.b, 10, 14);
  Vec            b;
  f.CreateRowVec(&b);
  f.RHS(b);
  std::vector<double> xs(14), xl(14), xc(14);
  LeastSquares        svd, lsqr, chol;
  chol.SetType("chol");
  chol.SetRcond(0.0);
  chol.Setup(f);
  chol.Solve(b, 0.3, xc.data());
  svd.SetType("svd");
  svd.SetRcond(0.0);
  lsqr.SetType("lsqr");
  svd.Setup(f);
  lsqr.Setup(f);
  svd.Solve(b, 0.3, xs.data());
  lsqr.Solve(b, 0.3, xl.data());
  EXPECT_LT(RelErr(xl, xs), 1e-8);
  EXPECT_LT(RelErr(xc, xs), 1e-10);
  VecDestroy(&b);
}

namespace {
/// A small least-squares problem with a closed-form minimum-norm solution: duplicated
/// rows with different right-hand sides (least squares), a zero column and, tall, zero
/// rows (rank deficiency).
struct ClosedForm {
  PetscInt            m, n;
  std::vector<double> A, b, x;
};

// Built from arrays, not from braced lists, and this file compiled at -O2
// (tests/linalg.cmake): GCC 12.2 at -O3 with -march=native on AVX-512 hosts was seen to
// miscompile these fixtures (the last entry of x came out as 1).
template <size_t NA, size_t NB, size_t NX>
ClosedForm MakeClosedForm(const double (&A)[NA], const double (&b)[NB], const double (&x)[NX]) {
  static_assert(NB * NX == NA, "A must be m x n");
  ClosedForm cf;
  cf.m = static_cast<PetscInt>(NB);
  cf.n = static_cast<PetscInt>(NX);
  cf.A.assign(A, A + NA);
  cf.b.assign(b, b + NB);
  cf.x.assign(x, x + NX);
  return cf;
}

// Tall 6 × 4, rank 2: x1 + x2 ≈ 1, 3 and 2 x3 ≈ 1, 3 (rows 3 and 5 zero, column 4 zero):
// x1 + x2 = 2 and 2 x3 = 2 minimize; minimum norm x = (1, 1, 1, 0).
ClosedForm TallClosedForm() {
  static const double A[] = {1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 2, 0,
                             0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0};
  static const double b[] = {1, 3, 1, 5, 3, 7}, x[] = {1, 1, 1, 0};
  return MakeClosedForm(A, b, x);
}
// Wide 3 × 5, rank 2: x1 + x2 ≈ 1, 3 and 3 x3 = 6: x = (1, 1, 2, 0, 0).
ClosedForm WideClosedForm() {
  static const double A[] = {1, 1, 0, 0, 0, 0, 0, 3, 0, 0, 1, 1, 0, 0, 0};
  static const double b[] = {1, 6, 3}, x[] = {1, 1, 2, 0, 0};
  return MakeClosedForm(A, b, x);
}

/// Choose `type` through the options database under -tbl_ls_type (the owner's prefix
/// "tbl_" plus the "ls_" LeastSquares appends) and solve `cf`.
void CheckRegisteredType(const char *type, const ClosedForm &cf) {
  LinearResidual f(PETSC_COMM_WORLD, cf.A, cf.b, cf.m, cf.n);
  LeastSquares   ls;
  ASSERT_EQ(PetscOptionsSetValue(nullptr, "-tbl_ls_type", type), 0);
  LeastSquaresOptions defaults; // svd by default: the option must override it
  defaults.rcond = 1e-5;
  ASSERT_EQ(ls.SetFromOptions(PETSC_COMM_WORLD, "tbl_", defaults), 0);
  ASSERT_EQ(PetscOptionsClearValue(nullptr, "-tbl_ls_type"), 0);
  EXPECT_EQ(ls.Type(), type);
  EXPECT_EQ(ls.Rcond(), 1e-5);
  Vec b;
  f.CreateRowVec(&b);
  f.RHS(b);
  ASSERT_EQ(ls.Setup(f), 0);
  std::vector<double> x(cf.n, -1.0);
  LSQStats            st;
  ASSERT_EQ(ls.Solve(b, 0.0, x.data(), &st), 0);
  // chol: Tikhonov (rcond·‖A‖_F)², and the parts of b outside the range of A amplified by
  // its inverse: the eps/rcond² floor documented in linalg/lsq_chol.cpp.
  const double tol = std::string(type) == "chol" ? 1e-5 : 1e-9;
  EXPECT_LT(RelErr(x, cf.x), tol) << type << " " << cf.m << "x" << cf.n;
  // ½(‖b‖² − ‖b − Ax⁺‖²) = ½ (‖b‖² − residual of the pairs and of the zero rows)
  double b2 = 0, r2 = 0;
  for (PetscInt i = 0; i < cf.m; ++i) {
    double ax = 0;
    for (PetscInt j = 0; j < cf.n; ++j) ax += cf.A[i * cf.n + j] * cf.x[j];
    b2 += cf.b[i] * cf.b[i];
    r2 += (cf.b[i] - ax) * (cf.b[i] - ax);
  }
  EXPECT_NEAR(st.model_reduction, 0.5 * (b2 - r2), tol * b2) << type;
  VecDestroy(&b);
}
} // namespace

TEST(LeastSquares, TableHasEveryType) {
  std::vector<std::string> names;
  for (const LeastSquaresType &t : LeastSquaresTypes()) {
    names.push_back(t.name);
    EXPECT_NE(std::string(t.description), "");
    EXPECT_NE(t.create(), nullptr) << t.name;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"svd", "gram", "chol", "lsqr"}));
}

TEST(LeastSquares, EveryRegisteredTypeSolvesClosedFormTall) {
  for (const LeastSquaresType &t : LeastSquaresTypes())
    CheckRegisteredType(t.name, TallClosedForm());
}

TEST(LeastSquares, EveryRegisteredTypeSolvesClosedFormWide) {
  for (const LeastSquaresType &t : LeastSquaresTypes())
    CheckRegisteredType(t.name, WideClosedForm());
}

// The stated defaults hold unless the database overrides a field; names are -<prefix>ls_*.
TEST(LeastSquares, OptionsOverrideStatedDefaults) {
  LeastSquaresOptions defaults;
  defaults.type   = "gram";
  defaults.rcond  = 1e-6;
  defaults.metric = 1e-4;
  LeastSquares kept, changed;
  ASSERT_EQ(kept.SetFromOptions(PETSC_COMM_WORLD, "keep_", defaults), 0);
  EXPECT_EQ(kept.Type(), "gram");
  EXPECT_EQ(kept.Rcond(), 1e-6);
  EXPECT_EQ(kept.Options().metric, 1e-4);
  ASSERT_EQ(
      PetscOptionsInsertString(nullptr, "-chg_ls_type chol -chg_ls_rcond 1e-3 -chg_ls_damping 0.5"),
      0);
  ASSERT_EQ(changed.SetFromOptions(PETSC_COMM_WORLD, "chg_", defaults), 0);
  PetscOptionsClear(nullptr);
  EXPECT_EQ(changed.Type(), "chol");
  EXPECT_EQ(changed.Rcond(), 1e-3);
  EXPECT_EQ(changed.Options().damping, 0.5);
  EXPECT_EQ(changed.Options().metric, 1e-4);
}

TEST(LeastSquares, UnknownTypeErrors) {
  LeastSquares ls;
  ASSERT_EQ(PetscOptionsSetValue(nullptr, "-bad_ls_type", "qr"), 0);
  PetscPushErrorHandler(PetscReturnErrorHandler, nullptr);
  const PetscErrorCode ierr = ls.SetFromOptions(PETSC_COMM_WORLD, "bad_");
  PetscPopErrorHandler();
  PetscOptionsClearValue(nullptr, "-bad_ls_type");
  EXPECT_NE(ierr, 0);
}

TEST(LeastSquares, MetricNeedsATypeThatSupportsIt) {
  LeastSquares        ls;
  LeastSquaresOptions o;
  o.type   = "lsqr";
  o.metric = 1e-4;
  PetscPushErrorHandler(PetscReturnErrorHandler, nullptr);
  const PetscErrorCode ierr = ls.SetFromOptions(PETSC_COMM_WORLD, "met_", o);
  PetscPopErrorHandler();
  EXPECT_EQ(ierr, PETSC_ERR_ARG_INCOMP);
}
