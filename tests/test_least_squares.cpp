// Moore–Penrose solves against an independent closed form. A = B C with B (m × k) of
// full column rank and C (k × n) of full row rank is rank-deficient for k < min(m, n),
// and A⁺ = Cᵀ(CCᵀ)⁻¹(BᵀB)⁻¹Bᵀ. Both backends (svd; lsqr on the dense and on the
// augmented operator) must reproduce x = A⁺b. Runs on 1 and 2 ranks.
#include "linalg/least_squares.hpp"
#include "core/random.hpp"

#include "test_util.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <petscmat.h>

using namespace petnet;
using petnet_test::RelErr;

namespace {

/// r(θ) = Aθ − b for a fixed matrix (rows distributed), as a ResidualFunction.
class LinearResidual : public ResidualFunction {
public:
  LinearResidual(MPI_Comm comm, const std::vector<double> &A, const std::vector<double> &b, PetscInt m, PetscInt n)
      : comm_(comm), n_(n), b_(b) {
    PetscInt lo, hi;
    MatCreateDense(comm, PETSC_DECIDE, PETSC_DECIDE, m, n, nullptr, &J_);
    MatGetOwnershipRange(J_, &lo, &hi);
    for (PetscInt i = lo; i < hi; ++i)
      for (PetscInt j = 0; j < n; ++j) MatSetValue(J_, i, j, A[i * n + j], INSERT_VALUES);
    MatAssemblyBegin(J_, MAT_FINAL_ASSEMBLY);
    MatAssemblyEnd(J_, MAT_FINAL_ASSEMBLY);
    local_ = hi - lo;
    lo_    = lo;
  }
  ~LinearResidual() override { MatDestroy(&J_); }
  MPI_Comm Comm() const override { return comm_; }
  PetscInt NumParams() const override { return n_; }
  PetscInt LocalRows() const override { return local_; }
  PetscErrorCode SetPoint(const double *, double) override { return 0; }
  PetscErrorCode Residual(Vec r) override { return VecSet(r, 0.0); }
  PetscErrorCode DLambda(Vec rl) override { return VecSet(rl, 0.0); }
  PetscErrorCode Jacobian(Mat *J) override {
    *J = J_;
    return 0;
  }
  PetscErrorCode JacobianOperator(Mat *A) override {
    *A = J_;
    return 0;
  }
  PetscErrorCode MultTranspose(Vec, double *) override { return 0; }
  PetscErrorCode RHS(Vec b) {
    for (PetscInt i = 0; i < local_; ++i) VecSetValue(b, lo_ + i, b_[lo_ + i], INSERT_VALUES);
    VecAssemblyBegin(b);
    return VecAssemblyEnd(b);
  }

private:
  MPI_Comm            comm_;
  PetscInt            n_, local_ = 0, lo_ = 0;
  std::vector<double> b_;
  Mat                 J_ = nullptr;
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

void CheckBackend(const char *type, PetscInt m, PetscInt n, PetscInt k) {
  RankDeficient  prob(m, n, k, 17 + m + n);
  LinearResidual f(PETSC_COMM_WORLD, prob.A, prob.b, m, n);
  LeastSquares   ls;
  ls.SetType(type);
  ls.SetRcond(1e-6); // the rank-deficient part is at rounding level
  Vec b;
  f.CreateRowVec(&b);
  f.RHS(b);
  ASSERT_EQ(ls.Setup(f), 0);
  std::vector<double> x(n);
  LSQStats            st;
  ASSERT_EQ(ls.Solve(b, 0.0, x.data(), &st), 0);
  EXPECT_LT(RelErr(x, prob.x), 1e-8) << type << " " << m << "x" << n << " rank " << k;
  if (std::string(type) != "lsqr") EXPECT_EQ(st.rank, k);
  VecDestroy(&b);
}

} // namespace

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
