// Operator residual (DeepONet × Burgers homotopy): dense Jacobian vs matrix-free
// products and vs finite differences of the residual; ∂r/∂s vs finite differences;
// loss and Jᵀw independent of the number of ranks; the FD Burgers reference converges.
#include "pde/operator_problem.hpp"
#include "reference/burgers_fd.hpp"
#include "reference/operator_reference.hpp"
#include "residuals/operator_residual.hpp"
#include "sampling/grf.hpp"

#include "test_util.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

using namespace petnet;
using petnet_test::Gather;
using petnet_test::RelErr;

namespace {

struct Setup1D {
  std::unique_ptr<OperatorProblem> problem;
  GaussianRandomField              grf;
  DeepONetLayout                   layout;
  OperatorResidual                 f;
  std::vector<double>              theta;

  Setup1D(const std::string &name, int m, int nf) {
    CreateOperatorProblem(PETSC_COMM_WORLD, name, &problem);
    // a forcing for Allen-Cahn (default 0), so that every term is exercised
    PetscOptionsSetValue(nullptr, "-pde_forcing_amp", "0.7");
    problem->SetFromOptions(PETSC_COMM_WORLD);
    PetscOptionsClearValue(nullptr, "-pde_forcing_amp");
    const int  dim = problem->Dim();
    GrfOptions o;
    o.dim   = dim;
    o.m     = m;
    o.lo    = problem->Lo();
    o.hi    = problem->Hi();
    o.sigma = 200; // larger inputs than the paper's so that every term matters
    grf.Setup(PETSC_COMM_WORLD, o);
    const PetscInt P = grf.Size();
    DeepONetLayout::Create(PETSC_COMM_WORLD, static_cast<int>(P), dim, {6, 5}, {7, 6}, 4, &layout);
    std::vector<double> pts;
    std::vector<char>   bnd;
    grf.GridPoints(&pts, &bnd);
    auto inputs = [this, P](std::int64_t idx, double *s, double *a) {
      grf.Sample(9, idx, s);
      for (PetscInt q = 0; q < P; ++q) a[q] = s[q];
    };
    f.Setup(PETSC_COMM_WORLD, problem.get(), layout, pts, bnd, nf, inputs, 2.0);
    theta.resize(layout.NumParams());
    XavierNormalInit(layout, 4, theta.data());
    for (size_t k = 0; k < theta.size(); ++k)
      theta[k] += 0.05 * std::sin(1.7 * k); // non-zero biases
  }
};

class OperatorProblems : public ::testing::TestWithParam<const char *> {};

TEST_P(OperatorProblems, DenseMatrixFreeAndFiniteDifferencesAgree) {
  Setup1D        s(GetParam(), std::string(GetParam()) == "burgers_1d_operator" ? 12 : 6, 5);
  const PetscInt p   = s.layout.NumParams();
  const double   lam = 0.3;
  ASSERT_EQ(s.f.SetPoint(s.theta.data(), lam), 0);
  Mat J, A;
  ASSERT_EQ(s.f.Jacobian(&J), 0);
  ASSERT_EQ(s.f.JacobianOperator(&A), 0);
  Vec x, y1, y2, w, z1, z2;
  MatCreateVecs(J, &x, &y1);
  VecDuplicate(y1, &y2);
  VecDuplicate(y1, &w);
  VecDuplicate(x, &z1);
  VecDuplicate(x, &z2);
  VecSetRandom(x, nullptr); // PETSc's default generator: same sequence on every rank count
  VecSetRandom(w, nullptr);
  MatMult(J, x, y1);
  MatMult(A, x, y2);
  MatMultTranspose(J, w, z1);
  MatMultTranspose(A, w, z2);
  EXPECT_LT(RelErr(Gather(y2), Gather(y1)), 1e-12);
  EXPECT_LT(RelErr(Gather(z2), Gather(z1)), 1e-12);
  // J·v against central differences of r along v
  std::vector<double> v = Gather(x), tp(p), tm(p);
  const double        h = 1e-6;
  for (PetscInt k = 0; k < p; ++k) {
    tp[k] = s.theta[k] + h * v[k];
    tm[k] = s.theta[k] - h * v[k];
  }
  Vec rp, rm;
  s.f.CreateRowVec(&rp);
  s.f.CreateRowVec(&rm);
  s.f.SetPoint(tp.data(), lam);
  s.f.Residual(rp);
  s.f.SetPoint(tm.data(), lam);
  s.f.Residual(rm);
  VecAXPY(rp, -1.0, rm);
  VecScale(rp, 0.5 / h);
  EXPECT_LT(RelErr(Gather(rp), Gather(y1)), 1e-7);
  // ∂r/∂s against central differences in s
  Vec rl;
  s.f.CreateRowVec(&rl);
  s.f.SetPoint(s.theta.data(), lam);
  s.f.DLambda(rl);
  s.f.SetPoint(s.theta.data(), lam + h);
  s.f.Residual(rp);
  s.f.SetPoint(s.theta.data(), lam - h);
  s.f.Residual(rm);
  VecAXPY(rp, -1.0, rm);
  VecScale(rp, 0.5 / h);
  EXPECT_LT(RelErr(Gather(rp), Gather(rl)), 1e-7);
  for (Vec *v_ : {&x, &y1, &y2, &w, &z1, &z2, &rp, &rm, &rl}) VecDestroy(v_);
}

INSTANTIATE_TEST_SUITE_P(All, OperatorProblems,
                         ::testing::Values("burgers_1d_operator", "burgers_2d_operator",
                                           "allen_cahn_2d_operator"));

// Figures that must not depend on the rank count (run on 1 and 2 ranks; compared to
// values computed redundantly on PETSC_COMM_SELF).
TEST(OperatorResidual, RankIndependent) {
  Setup1D s("burgers_1d_operator", 12, 7);
  double  loss_world, loss_self;
  Vec     r;
  s.f.CreateRowVec(&r);
  s.f.SetPoint(s.theta.data(), 0.4);
  s.f.Loss(r, &loss_world);
  std::vector<double> g(s.layout.NumParams()), gself(s.layout.NumParams());
  s.f.MultTranspose(r, g.data());
  VecDestroy(&r);
  // the same problem on one process
  std::unique_ptr<OperatorProblem> prob;
  CreateOperatorProblem(PETSC_COMM_SELF, "burgers_1d_operator", &prob);
  prob->SetFromOptions(PETSC_COMM_SELF);
  const PetscInt      P = s.grf.Size();
  std::vector<double> pts(s.grf.Grid());
  std::vector<char>   bnd(P, 0);
  bnd[0] = bnd[P - 1] = 1;
  OperatorResidual fs;
  fs.Setup(
      PETSC_COMM_SELF, prob.get(), s.layout, pts, bnd, 7,
      [&](std::int64_t idx, double *a, double *b) {
        s.grf.Sample(9, idx, a);
        for (PetscInt q = 0; q < P; ++q) b[q] = a[q];
      },
      2.0);
  Vec rs;
  fs.CreateRowVec(&rs);
  fs.SetPoint(s.theta.data(), 0.4);
  fs.Loss(rs, &loss_self);
  fs.MultTranspose(rs, gself.data());
  VecDestroy(&rs);
  EXPECT_EQ(loss_world, loss_self); // reproducible sum: identical
  EXPECT_LT(RelErr(g, gself), 1e-14);
}

TEST(BurgersReference, SecondOrderAndShockAtHalf) {
  auto                f = [](double x) { return M_PI * std::sin(M_PI * x) * std::cos(M_PI * x); };
  std::vector<double> u1, u2, u4;
  ASSERT_EQ(SteadyBurgers1D(0.1, 256, f, &u1), 0);
  ASSERT_EQ(SteadyBurgers1D(0.1, 512, f, &u2), 0);
  ASSERT_EQ(SteadyBurgers1D(0.1, 1024, f, &u4), 0);
  double e12 = 0, e24 = 0;
  for (int j = 0; j <= 256; ++j) {
    e12 = std::fmax(e12, std::fabs(u1[j] - u2[2 * j]));
    e24 = std::fmax(e24, std::fabs(u2[2 * j] - u4[4 * j]));
  }
  EXPECT_NEAR(e12 / e24, 4.0, 0.4); // second order
  // odd symmetry about x = 1/2: u(1/2) = 0, u(1 − x) = −u(x)
  EXPECT_NEAR(u4[512], 0.0, 1e-10);
  EXPECT_NEAR(u4[100] + u4[1024 - 100], 0.0, 1e-10);
  EXPECT_GT(u4[300], 0.3);
  // 2D: antisymmetric under (x, y) -> (1 - x, 1 - y)
  auto f2 = [](double x, double y) {
    return M_PI * std::sin(M_PI * x) * std::sin(M_PI * y) * std::sin(M_PI * (x + y));
  };
  std::vector<double> v;
  ASSERT_EQ(SteadyBurgers2D(0.1, 32, f2, &v), 0);
  EXPECT_NEAR(v[8 * 33 + 12] + v[24 * 33 + 20], 0.0, 1e-9);
  EXPECT_GT(v[8 * 33 + 8], 0.2);
}

// The 2D Allen-Cahn operator's per-input reference: with the forcing, every input
// reaches the same state, oriented as the forcing says (interface x = 0.3 cos²(πy/2));
// without it (±symmetric problem) the state depends on u0 and flips with it.
TEST(AllenCahnOperatorReference, ForcedUniqueAndUnforcedOdd) {
  const PetscInt m    = 9; // nodes x_i = -1 + i/4
  auto           make = [&](const char *amp, std::unique_ptr<OperatorProblem> *p,
                  std::unique_ptr<OperatorReference> *ref) {
    PetscOptionsSetValue(nullptr, "-pde_forcing_amp", amp);
    PetscOptionsSetValue(nullptr, "-pde_eps", "0.1");
    ASSERT_EQ(CreateOperatorProblem(PETSC_COMM_SELF, "allen_cahn_2d_operator", p), 0);
    ASSERT_EQ((*p)->SetFromOptions(PETSC_COMM_SELF), 0);
    ASSERT_EQ(CreateOperatorReference(PETSC_COMM_SELF, **p, m, ref), 0);
    PetscOptionsClearValue(nullptr, "-pde_forcing_amp");
    PetscOptionsClearValue(nullptr, "-pde_eps");
  };
  GaussianRandomField grf;
  GrfOptions          o;
  o.dim = 2, o.m = m, o.lo = -1, o.hi = 1, o.sigma = 3000; // inputs of order one
  ASSERT_EQ(grf.Setup(PETSC_COMM_SELF, o), 0);
  std::vector<double> a(m * m), b(m * m), ua, ub, uc;
  grf.Sample(3, 0, a.data());
  grf.Sample(3, 1, b.data());
  std::unique_ptr<OperatorProblem>   forced, free;
  std::unique_ptr<OperatorReference> forced_ref, free_ref;
  make("0.5", &forced, &forced_ref);
  double ge = -1;
  ASSERT_EQ(forced_ref->Solve(a, &ua, &ge), 0);
  ASSERT_EQ(forced_ref->Solve(b, &ub, nullptr), 0);
  EXPECT_GT(ge, 0.0);
  EXPECT_LT(ge, 0.5); // 33² vs 17² nodes at eps = 0.1: a coarse pair
  EXPECT_LT(RelErr(ub, ua), 1e-8);
  auto at = [&](const std::vector<double> &u, int i, int j) { return u[i * m + j]; }; // u(x_i, y_j)
  EXPECT_LT(at(ua, 1, 4), -0.8); // (x, y) = (-0.75, 0)
  EXPECT_GT(at(ua, 7, 4), 0.8);  // (0.75, 0)
  EXPECT_LT(at(ua, 4, 4), 0.0);  // (0, 0): left of the interface at x = 0.3
  EXPECT_GT(at(ua, 5, 7), 0.0);  // (0.25, 0.75): right of it (x = 0.044 there)
  EXPECT_EQ(at(ua, 0, 4), 0.0);  // boundary
  make("0", &free, &free_ref);
  for (double &v : b) v = -v;
  ASSERT_EQ(free_ref->Solve(a, &ua, nullptr), 0);
  ASSERT_EQ(free_ref->Solve(b, &ub, nullptr), 0); // b = -(sample 1)
  grf.Sample(3, 1, b.data());
  ASSERT_EQ(free_ref->Solve(b, &uc, nullptr), 0);
  double bulk = 0;
  for (PetscInt q = 0; q < m * m; ++q) {
    EXPECT_NEAR(ub[q], -uc[q], 1e-7);
    bulk = std::fmax(bulk, std::fabs(ua[q]));
  }
  EXPECT_GT(bulk, 0.8); // a steady state away from u = 0
}

} // namespace

// -pde_eps_schedule: max is the paper's ε(s) = max(s, ε) (with dε/ds = 1 above ε), fixed
// keeps the target ε at every s; anything else is an error.
TEST(OperatorProblem, EpsilonSchedule) {
  for (const char *sched : {"max", "fixed"}) {
    std::unique_ptr<OperatorProblem> p;
    ASSERT_EQ(CreateOperatorProblem(PETSC_COMM_WORLD, "allen_cahn_2d_operator", &p), 0);
    PetscOptionsSetValue(nullptr, "-pde_eps", "0.1");
    PetscOptionsSetValue(nullptr, "-pde_eps_schedule", sched);
    ASSERT_EQ(p->SetFromOptions(PETSC_COMM_WORLD), 0);
    ASSERT_EQ(p->SetScheduleFromOptions(PETSC_COMM_WORLD), 0);
    PetscOptionsClearValue(nullptr, "-pde_eps");
    PetscOptionsClearValue(nullptr, "-pde_eps_schedule");
    const bool fixed = std::string(sched) == "fixed";
    EXPECT_DOUBLE_EQ(p->EpsOfS(0.5), fixed ? 0.1 : 0.5);
    EXPECT_DOUBLE_EQ(p->DEpsDs(0.5), fixed ? 0.0 : 1.0);
    EXPECT_DOUBLE_EQ(p->EpsOfS(0.05), 0.1);
    EXPECT_DOUBLE_EQ(p->DEpsDs(0.05), 0.0);
  }
}
