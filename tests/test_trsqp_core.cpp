// Issue 4, the trSQP core on small random instances (PDE- and network-free): normal and
// tangential steps against dense KKT solutions, least-squares multipliers, SR1 and
// damped-BFGS secant conditions, dense = limited-memory forms while the memory holds
// every pair, the merit penalty update's Pred bound, and a full solve of a small
// equality-constrained problem against its known solution.
#include "solvers/trsqp/steps.hpp"
#include "solvers/trsqp/trsqp.hpp"

#include "core/random.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace petnet;

namespace {
std::vector<double> Randn(Rng &r, size_t n) {
  std::vector<double> v(n);
  for (auto &x : v) x = r.Normal();
  return v;
}
double Dot(const std::vector<double> &a, const std::vector<double> &b) {
  double s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}
double Nrm(const std::vector<double> &a) { return std::sqrt(Dot(a, a)); }
/// Dense solve K x = b (Gaussian elimination with partial pivoting), n × n row-major.
std::vector<double> Solve(std::vector<double> K, std::vector<double> b) {
  const size_t n = b.size();
  for (size_t j = 0; j < n; ++j) {
    size_t m = j;
    for (size_t i = j + 1; i < n; ++i)
      if (std::fabs(K[i * n + j]) > std::fabs(K[m * n + j])) m = i;
    for (size_t c = 0; c < n; ++c) std::swap(K[j * n + c], K[m * n + c]);
    std::swap(b[j], b[m]);
    for (size_t i = j + 1; i < n; ++i) {
      const double f = K[i * n + j] / K[j * n + j];
      for (size_t c = j; c < n; ++c) K[i * n + c] -= f * K[j * n + c];
      b[i] -= f * b[j];
    }
  }
  for (size_t j = n; j-- > 0;) {
    for (size_t c = j + 1; c < n; ++c) b[j] -= K[j * n + c] * b[c];
    b[j] /= K[j * n + j];
  }
  return b;
}
std::vector<double> MatVec(const std::vector<double> &A, size_t m, size_t n,
                           const std::vector<double> &x) {
  std::vector<double> y(m, 0.0);
  for (size_t i = 0; i < m; ++i)
    for (size_t k = 0; k < n; ++k) y[i] += A[i * n + k] * x[k];
  return y;
}
/// KKT of min ½xᵀHx + gᵀx s.t. Ax = b: [H Aᵀ; A 0][x; λ] = [−g; b].
std::vector<double> Kkt(const std::vector<double> &H, const std::vector<double> &A,
                        const std::vector<double> &g, const std::vector<double> &b, size_t p,
                        size_t M) {
  const size_t        n = p + M;
  std::vector<double> K(n * n, 0.0), r(n);
  for (size_t i = 0; i < p; ++i)
    for (size_t j = 0; j < p; ++j) K[i * n + j] = H[i * p + j];
  for (size_t i = 0; i < M; ++i)
    for (size_t k = 0; k < p; ++k) K[(p + i) * n + k] = K[k * n + p + i] = A[i * p + k];
  for (size_t i = 0; i < p; ++i) r[i] = -g[i];
  for (size_t i = 0; i < M; ++i) r[p + i] = b[i];
  auto x = Solve(K, r);
  x.resize(p);
  return x;
}
const size_t kP = 24, kM = 5;
} // namespace

TEST(TrsqpSteps, NewtonPointAndMultipliersMatchDenseSolutions) {
  Rng                 rng(1);
  auto                A = Randn(rng, kM * kP), c = Randn(rng, kM), g = Randn(rng, kP);
  ConstraintProjector P;
  ASSERT_EQ(P.Factor(PETSC_COMM_SELF, A.data(), kM, kP), 0);
  EXPECT_EQ(P.Rank(), static_cast<PetscInt>(kM));
  // min ‖v‖ s.t. Av = −c: KKT with H = I, g = 0.
  std::vector<double> I(kP * kP, 0.0), v(kP), zero(kP, 0.0), mc(kM);
  for (size_t i = 0; i < kP; ++i) I[i * kP + i] = 1;
  for (size_t i = 0; i < kM; ++i) mc[i] = -c[i];
  P.NewtonPoint(c.data(), v.data());
  auto vref = Kkt(I, A, zero, mc, kP, kM);
  for (size_t i = 0; i < kP; ++i) EXPECT_NEAR(v[i], vref[i], 1e-12);
  // λ = argmin ‖g + Aᵀλ‖: normal equations A Aᵀ λ = −A g.
  std::vector<double> AAt(kM * kM, 0.0), lam(kM);
  for (size_t i = 0; i < kM; ++i)
    for (size_t j = 0; j < kM; ++j)
      for (size_t k = 0; k < kP; ++k) AAt[i * kM + j] += A[i * kP + k] * A[j * kP + k];
  auto Ag = MatVec(A, kM, kP, g);
  for (auto &x : Ag) x = -x;
  auto lref = Solve(AAt, Ag);
  P.Multipliers(g.data(), lam.data());
  for (size_t i = 0; i < kM; ++i) EXPECT_NEAR(lam[i], lref[i], 1e-11 * (1 + std::fabs(lref[i])));
  // The projector maps into null(A) and is idempotent.
  std::vector<double> z(kP), zz(kP);
  P.Project(g.data(), z.data());
  for (double r : MatVec(A, kM, kP, z)) EXPECT_NEAR(r, 0.0, 1e-12);
  P.Project(z.data(), zz.data());
  for (size_t i = 0; i < kP; ++i) EXPECT_NEAR(z[i], zz[i], 1e-13);
}

TEST(TrsqpSteps, NormalStepDogleg) {
  Rng                 rng(2);
  auto                A = Randn(rng, kM * kP), c = Randn(rng, kM);
  ConstraintProjector P;
  P.Factor(PETSC_COMM_SELF, A.data(), kM, kP);
  std::vector<double> vn(kP), v(kP), z(kP);
  P.NewtonPoint(c.data(), vn.data());
  NormalStepInfo info;
  // Inside: the Newton point itself, ‖c + Av‖ = 0.
  NormalStep(A.data(), kM, kP, c.data(), P, 2 * Nrm(vn), v.data(), &info);
  EXPECT_TRUE(info.newton);
  EXPECT_LT(info.lin_res, 1e-12);
  // Outside: on the boundary, in range(Aᵀ), and at least the decrease of the Cauchy point
  // (steepest descent of ½‖c + Av‖² cut at the radius).
  for (double frac : {0.05, 0.3, 0.8}) {
    const double r = frac * Nrm(vn);
    NormalStep(A.data(), kM, kP, c.data(), P, r, v.data(), &info);
    EXPECT_FALSE(info.newton);
    EXPECT_NEAR(Nrm(v), r, 1e-12 * r);
    P.Project(v.data(), z.data());
    EXPECT_LT(Nrm(z), 1e-12 * r);
    std::vector<double> gdir(kP, 0.0);
    for (size_t i = 0; i < kM; ++i)
      for (size_t k = 0; k < kP; ++k) gdir[k] += A[i * kP + k] * c[i];
    auto   Ag = MatVec(A, kM, kP, gdir);
    double tc = Dot(gdir, gdir) / Dot(Ag, Ag);
    tc        = std::min(tc, r / Nrm(gdir));
    std::vector<double> cpt(kP);
    for (size_t k = 0; k < kP; ++k) cpt[k] = -tc * gdir[k];
    auto lc = MatVec(A, kM, kP, cpt);
    for (size_t i = 0; i < kM; ++i) lc[i] += c[i];
    EXPECT_LE(info.lin_res, Nrm(lc) * (1 + 1e-12));
  }
}

TEST(TrsqpSteps, TangentialStepMatchesKktAndRespectsTheRadius) {
  Rng                 rng(3);
  auto                A = Randn(rng, kM * kP), g = Randn(rng, kP), B = Randn(rng, kP * kP);
  std::vector<double> H(kP * kP, 0.0);
  for (size_t i = 0; i < kP; ++i) // SPD: BᵀB/p + I
    for (size_t j = 0; j < kP; ++j) {
      for (size_t k = 0; k < kP; ++k) H[i * kP + j] += B[k * kP + i] * B[k * kP + j] / kP;
      if (i == j) H[i * kP + j] += 1.0;
    }
  auto Hop = [&](const double *x, double *y) {
    for (size_t i = 0; i < kP; ++i) {
      y[i] = 0;
      for (size_t j = 0; j < kP; ++j) y[i] += H[i * kP + j] * x[j];
    }
  };
  ConstraintProjector P;
  P.Factor(PETSC_COMM_SELF, A.data(), kM, kP);
  std::vector<double> t(kP), zeroM(kM, 0.0);
  CGInfo              info;
  auto                tref = Kkt(H, A, g, zeroM, kP, kM);
  TangentialStep(Hop, P, g.data(), kP, 10 * Nrm(tref), 1000, t.data(), &info);
  EXPECT_EQ(info.reason, 1);
  // CG stops at the relative tolerance 0.01·√(rᵀg): compare to that accuracy.
  for (size_t i = 0; i < kP; ++i) EXPECT_NEAR(t[i], tref[i], 2e-2 * Nrm(tref));
  // Tighter: run CG to convergence through the iteration limit on an exact solve.
  for (double r : MatVec(A, kM, kP, t)) EXPECT_NEAR(r, 0.0, 1e-11);
  // Small radius: on the boundary, still in null(A), and a decrease of the model.
  const double rad = 0.1 * Nrm(tref);
  TangentialStep(Hop, P, g.data(), kP, rad, 1000, t.data(), &info);
  EXPECT_EQ(info.reason, 2);
  EXPECT_NEAR(Nrm(t), rad, 1e-12 * rad);
  for (double r : MatVec(A, kM, kP, t)) EXPECT_NEAR(r, 0.0, 1e-12);
  std::vector<double> Ht(kP);
  Hop(t.data(), Ht.data());
  EXPECT_LT(Dot(g, t) + 0.5 * Dot(t, Ht), 0.0);
  // Indefinite H: negative curvature in null(A) is followed to the boundary.
  for (size_t i = 0; i < kP; ++i) H[i * kP + i] -= 3.0;
  TangentialStep(Hop, P, g.data(), kP, 5.0, 1000, t.data(), &info);
  EXPECT_TRUE(info.reason == 2 || info.reason == 3);
  EXPECT_NEAR(Nrm(t), 5.0, 1e-10);
}

TEST(TrsqpSteps, TangentialStepExactWhenCgRunsOut) {
  // With an exact projected CG (tolerance never met before p − M steps on a tiny
  // problem), the step equals the KKT solution to rounding.
  const size_t        p = 6, M = 2;
  Rng                 rng(9);
  auto                A = Randn(rng, M * p), g = Randn(rng, p);
  std::vector<double> H(p * p, 0.0), zeroM(M, 0.0), t(p);
  for (size_t i = 0; i < p; ++i) H[i * p + i] = 1.0 + i; // distinct eigenvalues
  auto Hop = [&](const double *x, double *y) {
    for (size_t i = 0; i < p; ++i) y[i] = H[i * p + i] * x[i];
  };
  ConstraintProjector P;
  P.Factor(PETSC_COMM_SELF, A.data(), M, p);
  auto   tref = Kkt(H, A, g, zeroM, p, M);
  CGInfo info;
  TangentialStep(Hop, P, g.data(), p, 1e3, 10 * p, t.data(), &info, 1e-28);
  // exact arithmetic would finish in p − M steps in the (p − M)-dimensional null space
  EXPECT_LE(info.its, static_cast<PetscInt>(p - M + 1));
  for (size_t i = 0; i < p; ++i) EXPECT_NEAR(t[i], tref[i], 1e-10 * Nrm(tref));
}

class QuasiNewtonForms : public ::testing::TestWithParam<HessianUpdate> {};

TEST_P(QuasiNewtonForms, SecantConditionAndDenseEqualsLimited) {
  const PetscInt p = 12;
  Rng            rng(4);
  // pairs from a fixed symmetric (indefinite for SR1) matrix B: y = Bs + noise
  auto B = Randn(rng, p * p);
  for (PetscInt i = 0; i < p; ++i)
    for (PetscInt j = 0; j < i; ++j) B[i * p + j] = B[j * p + i];
  if (GetParam() == HessianUpdate::DampedBFGS)
    for (PetscInt i = 0; i < p; ++i)
      B[i * p + i] += 0.5 * p; // mostly positive curvature; some pairs get damped
  QuasiNewton dense, lm;
  dense.Init(p, GetParam(), false, 0);
  lm.Init(p, GetParam(), true, 8);
  for (int k = 0; k < 7; ++k) {
    auto                s = Randn(rng, p), e = Randn(rng, p);
    std::vector<double> y(p, 0.0), Hs(p), Hsl(p), Hs0(p);
    for (PetscInt i = 0; i < p; ++i) {
      for (PetscInt j = 0; j < p; ++j) y[i] += B[i * p + j] * s[j];
      y[i] += (k % 3 == 2 ? -1.5 * p : 0.3) * e[i] *
              (GetParam() == HessianUpdate::DampedBFGS ? 1.0 : 0.0);
    }
    dense.Apply(s.data(), Hs0.data());
    const double sHs = Dot(s, Hs0), sy = Dot(s, y);
    const bool   used_d = dense.Update(s.data(), y.data()), used_l = lm.Update(s.data(), y.data());
    EXPECT_EQ(used_d, used_l);
    dense.Apply(s.data(), Hs.data());
    lm.Apply(s.data(), Hsl.data());
    std::vector<double> target = y;
    if (GetParam() == HessianUpdate::DampedBFGS && sy < 0.2 * sHs) { // damped: H s = r
      const double phi = 0.8 * sHs / (sHs - sy);
      for (PetscInt i = 0; i < p; ++i) target[i] = phi * y[i] + (1 - phi) * Hs0[i];
    }
    for (PetscInt i = 0; i < p; ++i) {
      EXPECT_NEAR(Hs[i], target[i], 1e-9 * (1 + Nrm(y))) << "dense, pair " << k;
      EXPECT_NEAR(Hsl[i], target[i], 1e-9 * (1 + Nrm(y))) << "limited, pair " << k;
    }
  }
  auto   Dd = dense.Dense(), Dl = lm.Dense();
  double scale = 0;
  for (double x : Dd) scale = std::max(scale, std::fabs(x));
  for (size_t i = 0; i < Dd.size(); ++i) EXPECT_NEAR(Dd[i], Dl[i], 1e-10 * scale);
  if (GetParam() == HessianUpdate::DampedBFGS) { // stays positive definite
    for (int k = 0; k < 5; ++k) {
      auto                x = Randn(rng, p);
      std::vector<double> Hx(p);
      dense.Apply(x.data(), Hx.data());
      EXPECT_GT(Dot(x, Hx), 0.0);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Updates, QuasiNewtonForms,
                         ::testing::Values(HessianUpdate::SR1, HessianUpdate::DampedBFGS));

TEST(QuasiNewton, Sr1SkipsTinyDenominators) {
  const PetscInt p = 5;
  QuasiNewton    H;
  H.Init(p, HessianUpdate::SR1, false, 0);
  std::vector<double> s = {1, 0, 0, 0, 0}, y = {1, 1e-12, 0, 0, 0}; // y − Hs ⟂ s
  EXPECT_FALSE(H.Update(s.data(), y.data()));
  EXPECT_EQ(H.Skipped(), 1);
}

TEST(TrsqpMerit, PenaltyUpdateGivesThePredBound) {
  Rng rng(5);
  for (double rho : {0.3, 0.7})
    for (int k = 0; k < 200; ++k) {
      const double mu = std::exp(rng.Uniform(-5, 5)), quad = rng.Uniform(-10, 10),
                   vpred = std::exp(rng.Uniform(-8, 2));
      const double m2    = UpdatePenalty(mu, quad, vpred, rho);
      EXPECT_GE(m2, mu);
      EXPECT_GE(-quad + m2 * vpred, rho * m2 * vpred * (1 - 1e-12));
      if (-quad + mu * vpred >= rho * mu * vpred) EXPECT_EQ(m2, mu); // no increase unless needed
    }
}

namespace {
/// min ℓ = ½‖θ − a‖² s.t. c_i = bᵢᵀθ − β_i + 0.1 (θ_0² − 1) (mildly nonlinear), replicated.
struct Toy : ConstrainedFunction {
  PetscInt            p = 8, M = 3;
  std::vector<double> a, B, beta, th;
  Toy() {
    Rng r(6);
    a = Randn(r, p), B = Randn(r, M * p), beta = Randn(r, M);
  }
  MPI_Comm       Comm() const override { return PETSC_COMM_SELF; }
  PetscInt       NumParams() const override { return p; }
  PetscInt       NumConstraints() const override { return M; }
  PetscErrorCode Evaluate(const double *x, double *ell, double *c) override {
    th.assign(x, x + p);
    *ell = 0;
    for (PetscInt i = 0; i < p; ++i) *ell += 0.5 * (x[i] - a[i]) * (x[i] - a[i]);
    for (PetscInt i = 0; i < M; ++i) {
      c[i] = -beta[i] + 0.1 * (x[0] * x[0] - 1);
      for (PetscInt k = 0; k < p; ++k) c[i] += B[i * p + k] * x[k];
    }
    return 0;
  }
  PetscErrorCode Derivatives(double *g, double *A) override {
    for (PetscInt i = 0; i < p; ++i) g[i] = th[i] - a[i];
    for (PetscInt i = 0; i < M; ++i)
      for (PetscInt k = 0; k < p; ++k) A[i * p + k] = B[i * p + k] + (k == 0 ? 0.2 * th[0] : 0.0);
    return 0;
  }
};
} // namespace

class TrsqpToy : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

TEST_P(TrsqpToy, ConvergesToAKktPoint) {
  Toy          f;
  TrsqpOptions o;
  ASSERT_EQ(ParseHessianUpdate(PETSC_COMM_SELF, std::get<0>(GetParam()), &o.hessian), 0);
  o.form   = std::get<1>(GetParam()) == "limited" ? HessianForm::Limited : HessianForm::Dense;
  o.gtol   = 1e-8;
  o.max_it = 500;
  std::vector<double> theta(f.p, 0.0), c(f.M), g(f.p), A(f.M * f.p), lam(f.M);
  TrsqpSolver         s;
  TrsqpResult         r;
  ASSERT_EQ(s.Solve(f, o, theta, &r), 0);
  // Near the solution the ratio test meets rounding (Ared ~ 1e-16 φ): "xtol" is a
  // legitimate stop there; the KKT residual below is what must hold.
  EXPECT_TRUE(r.reason == "gtol" || r.reason == "xtol")
      << r.reason << " after " << r.iterations << " iterations";
  double ell;
  f.Evaluate(theta.data(), &ell, c.data());
  f.Derivatives(g.data(), A.data());
  for (double ci : c) EXPECT_NEAR(ci, 0.0, 1e-8);
  ConstraintProjector P;
  P.Factor(PETSC_COMM_SELF, A.data(), f.M, f.p);
  P.Multipliers(g.data(), lam.data());
  for (PetscInt k = 0; k < f.p; ++k) {
    double gl = g[k];
    for (PetscInt i = 0; i < f.M; ++i) gl += A[i * f.p + k] * lam[i];
    EXPECT_NEAR(gl, 0.0, 1e-7);
  }
}

INSTANTIATE_TEST_SUITE_P(Variants, TrsqpToy,
                         ::testing::Combine(::testing::Values("sr1", "bfgs", "identity"),
                                            ::testing::Values("dense", "limited")));

namespace {
/// The Maratos example (Nocedal–Wright, Example 15.4): min 2(x² + y² − 1) − x s.t.
/// x² + y² − 1 = 0; solution (1, 0), λ = −3/2, ∇²ℒ = I there.
struct Maratos : ConstrainedFunction {
  std::vector<double> th;
  MPI_Comm            Comm() const override { return PETSC_COMM_SELF; }
  PetscInt            NumParams() const override { return 2; }
  PetscInt            NumConstraints() const override { return 1; }
  PetscErrorCode      Evaluate(const double *x, double *ell, double *c) override {
    th.assign(x, x + 2);
    c[0] = x[0] * x[0] + x[1] * x[1] - 1;
    *ell = 2 * c[0] - x[0];
    return 0;
  }
  PetscErrorCode Derivatives(double *g, double *A) override {
    g[0] = 4 * th[0] - 1, g[1] = 4 * th[1];
    A[0] = 2 * th[0], A[1] = 2 * th[1];
    return 0;
  }
};
} // namespace

// On the circle at angle 0.3 the SQP step with the exact Lagrangian Hessian (identity)
// raises the merit function (η = −2(1 + μ)): rejected without the second-order
// correction, accepted with it (and then the solve ends at (1, 0)).
TEST(TrsqpSoc, AcceptsTheMaratosStep) {
  Maratos      f;
  TrsqpOptions o;
  o.hessian                       = HessianUpdate::Identity;
  o.max_it                        = 1;
  o.gtol                          = 1e-10;
  const std::vector<double> start = {std::cos(0.3), std::sin(0.3)};
  TrsqpSolver               s;
  TrsqpResult               r;
  for (PetscBool soc : {PETSC_FALSE, PETSC_TRUE}) {
    o.soc                     = soc;
    std::vector<double> theta = start;
    ASSERT_EQ(s.Solve(f, o, theta, &r), 0);
    ASSERT_EQ(s.History().size(), 1u);
    EXPECT_EQ(s.History()[0].accepted, soc == PETSC_TRUE) << "soc " << soc;
    EXPECT_EQ(r.soc, soc ? 1 : 0);
    if (!soc) EXPECT_NEAR(s.History()[0].eta, -2 * (1 + o.mu0), 1e-6);
    else {
      EXPECT_GT(s.History()[0].eta, 0.9); // Ared ≈ Pred: the corrected step is a good one
      EXPECT_LT(std::hypot(theta[0] - 1, theta[1]), 0.05 * 0.3);
    }
  }
  o.max_it                  = 50;
  std::vector<double> theta = start;
  ASSERT_EQ(s.Solve(f, o, theta, &r), 0);
  EXPECT_TRUE(r.reason == "gtol" || r.reason == "xtol") << r.reason; // xtol: see TrsqpToy
  EXPECT_NEAR(theta[0], 1.0, 1e-8);
  EXPECT_NEAR(theta[1], 0.0, 1e-8);
}

// Monitors see the starting point (k = 0) and then every step exactly as the history
// records it; a monitor's error stops the solve.
TEST(TrsqpMonitor, CalledAtTheStartAndOncePerIteration) {
  Toy          f;
  TrsqpOptions o;
  o.max_it = 6;
  o.gtol   = 0;
  std::vector<TrsqpStep> seen;
  o.monitors.Add([&](const TrsqpStep &st) -> PetscErrorCode {
    seen.push_back(st);
    return PETSC_SUCCESS;
  });
  std::vector<double> theta(f.p, 0.0), c(f.M);
  double              ell0;
  f.Evaluate(theta.data(), &ell0, c.data());
  TrsqpSolver s;
  TrsqpResult r;
  ASSERT_EQ(s.Solve(f, o, theta, &r), 0);
  const auto &h = s.History();
  ASSERT_EQ(h.size(), static_cast<size_t>(r.iterations));
  ASSERT_EQ(seen.size(), h.size() + 1);
  EXPECT_EQ(seen[0].k, 0);
  EXPECT_EQ(seen[0].ell, ell0);
  EXPECT_EQ(seen[0].cnorm, Nrm(c));
  EXPECT_EQ(seen[0].radius, o.radius0);
  EXPECT_EQ(seen[0].mu, o.mu0);
  for (size_t i = 0; i < h.size(); ++i) {
    EXPECT_EQ(seen[i + 1].k, h[i].k);
    EXPECT_EQ(seen[i + 1].ell, h[i].ell);
    EXPECT_EQ(seen[i + 1].radius, h[i].radius);
    EXPECT_EQ(seen[i + 1].eta, h[i].eta);
    EXPECT_EQ(seen[i + 1].accepted, h[i].accepted);
  }
  EXPECT_EQ(seen.back().ell, r.ell);

  TrsqpOptions stop;
  stop.monitors.Add([](const TrsqpStep &st) -> PetscErrorCode {
    return st.k == 2 ? PETSC_ERR_USER : PETSC_SUCCESS;
  });
  theta.assign(f.p, 0.0);
  PetscPushErrorHandler(PetscReturnErrorHandler, nullptr);
  EXPECT_EQ(s.Solve(f, stop, theta, &r), PETSC_ERR_USER);
  PetscPopErrorHandler();
  EXPECT_EQ(s.History().size(), 2u);
}

// The option choices: names map to their enums and back; -trsqp_monitor adds the
// printing monitor; an unknown name is an error that names it.
TEST(TrsqpOptions, ChoicesAndTheDefaultMonitor) {
  for (auto u : {HessianUpdate::SR1, HessianUpdate::DampedBFGS, HessianUpdate::Identity,
                 HessianUpdate::GaussNewton}) {
    HessianUpdate back;
    ASSERT_EQ(ParseHessianUpdate(PETSC_COMM_SELF, HessianUpdateName(u), &back), 0);
    EXPECT_EQ(back, u);
  }
  EXPECT_STREQ(HessianFormName(HessianForm::Limited), "limited");
  EXPECT_STREQ(RadiusRuleName(RadiusRule::Scipy), "scipy");
  const std::pair<const char *, const char *> kv[] = {{"-trsqp_hessian", "bfgs"},
                                                      {"-trsqp_hessian_form", "limited"},
                                                      {"-trsqp_radius_rule", "scipy"},
                                                      {"-trsqp_monitor", "5"}};
  for (auto &p : kv) PetscOptionsSetValue(nullptr, p.first, p.second);
  TrsqpOptions o;
  EXPECT_TRUE(o.monitors.Empty());
  EXPECT_EQ(o.SetFromOptions(PETSC_COMM_SELF), 0);
  for (auto &p : kv) PetscOptionsClearValue(nullptr, p.first);
  EXPECT_EQ(o.hessian, HessianUpdate::DampedBFGS);
  EXPECT_EQ(o.form, HessianForm::Limited);
  EXPECT_EQ(o.radius_rule, RadiusRule::Scipy);
  EXPECT_EQ(o.monitor, 5);
  EXPECT_FALSE(o.monitors.Empty());

  TrsqpOptions quiet, bad;
  EXPECT_EQ(quiet.SetFromOptions(PETSC_COMM_SELF), 0);
  EXPECT_TRUE(quiet.monitors.Empty());
  PetscOptionsSetValue(nullptr, "-trsqp_radius_rule", "Paper"); // exact names only
  PetscPushErrorHandler(PetscReturnErrorHandler, nullptr);
  EXPECT_EQ(bad.SetFromOptions(PETSC_COMM_SELF), PETSC_ERR_ARG_UNKNOWN_TYPE);
  HessianUpdate u;
  EXPECT_EQ(ParseHessianUpdate(PETSC_COMM_SELF, "lbfgs", &u), PETSC_ERR_ARG_UNKNOWN_TYPE);
  PetscPopErrorHandler();
  PetscOptionsClearValue(nullptr, "-trsqp_radius_rule");
}
