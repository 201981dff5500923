// The PI-DeepONet Burgers operator (burgers_1d_pideeponet): the periodic trunk's jets in
// (x, t) against finite differences and periodic in x; the residual's dense Jacobian, its
// matrix-free products and ∂H/∂s against finite differences (with the viscosity schedule
// active and not); the initial rows; loss and Jᵀw independent of the rank count; the
// spectral reference on the grid against the Cole–Hopf solution.
#include "nn/deeponet_kernels.hpp"
#include "pde/burgers_space_time.hpp"
#include "reference/burgers_space_time_reference.hpp"
#include "residuals/operator_residual.hpp"
#include "sampling/space_time_inputs.hpp"

#include "test_util.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <vector>

using namespace petnet;
using petnet_test::Gather;
using petnet_test::RelErr;

namespace {

struct SpaceTimeSetup {
  std::unique_ptr<OperatorProblem> problem;
  SpaceTimeInputs                  inputs;
  DeepONetLayout                   layout;
  OperatorResidual                 f;
  std::vector<double>              theta;

  SpaceTimeSetup(MPI_Comm comm, PetscInt m, PetscInt nf) {
    CreateOperatorProblem(comm, "burgers_1d_pideeponet", &problem);
    problem->SetFromOptions(comm);
    problem->SetScheduleFromOptions(comm);
    inputs.Setup(comm, m);
    DeepONetLayout::Create(comm, static_cast<int>(m), 2, {6, 5}, {7, 6}, 4, &layout, 1.0);
    std::vector<double> pts;
    std::vector<char>   ini;
    inputs.GridPoints(&pts, &ini);
    f.Setup(
        comm, problem.get(), layout, pts, ini, nf,
        [this](std::int64_t i, double *s, double *a) { inputs.Sample(5, i, s, a); }, 3.0);
    theta.resize(layout.NumParams());
    XavierNormalInit(layout, 4, theta.data());
    for (size_t k = 0; k < theta.size(); ++k) theta[k] += 0.05 * std::sin(1.7 * k);
  }
};

/// U(point, c) of the DeepONet for input 0 of s at the points Y (n × 2).
std::vector<double> Jets(const SpaceTimeSetup &s, const std::vector<double> &Y) {
  const int           m = s.layout.Sensors(), n = static_cast<int>(Y.size() / 2);
  DView2              V("V", 1, m), Yv("Y", n, 2), U("U", n, 5);
  DView1              th("theta", s.theta.size());
  std::vector<double> sens(m), atp(m * m);
  s.inputs.Sample(5, 0, sens.data(), atp.data());
  for (int j = 0; j < m; ++j) V(0, j) = sens[j];
  for (int q = 0; q < n; ++q) Yv(q, 0) = Y[2 * q], Yv(q, 1) = Y[2 * q + 1];
  for (size_t k = 0; k < s.theta.size(); ++k) th(k) = s.theta[k];
  DeepONetKernels k(s.layout, 2);
  k.SetData(V, Yv, {}, {});
  k.SetTheta(th);
  k.Evaluate(V, Yv, U);
  std::vector<double> out(5 * n);
  for (int q = 0; q < n; ++q)
    for (int c = 0; c < 5; ++c) out[5 * q + c] = U(q, c);
  return out;
}

} // namespace

TEST(BurgersSpaceTime, TrunkJetsMatchDifferencesAndArePeriodic) {
  SpaceTimeSetup            s(PETSC_COMM_SELF, 9, 2);
  const double              h = 1e-4, x = 0.37, t = 0.61;
  std::vector<double>       Y = {x, t, x + h, t, x - h, t, x, t + h, x, t - h, 0.0, t, 1.0, t};
  const std::vector<double> U = Jets(s, Y); // U[5q + c]: u, u_x, u_t, u_xx, u_tt at point q
  EXPECT_NEAR(U[1], (U[5] - U[10]) / (2 * h), 1e-6 * (1 + std::fabs(U[1])));
  EXPECT_NEAR(U[2], (U[15] - U[20]) / (2 * h), 1e-6 * (1 + std::fabs(U[2])));
  EXPECT_NEAR(U[3], (U[5] - 2 * U[0] + U[10]) / (h * h), 1e-4 * (1 + std::fabs(U[3])));
  EXPECT_NEAR(U[4], (U[15] - 2 * U[0] + U[20]) / (h * h), 1e-4 * (1 + std::fabs(U[4])));
  EXPECT_GT(std::fabs(U[1]), 1e-3); // the x-derivatives are not trivially zero
  EXPECT_GT(std::fabs(U[3]), 1e-3);
  for (int c = 0; c < 5; ++c) EXPECT_NEAR(U[25 + c], U[30 + c], 1e-12) << "component " << c;
}

TEST(BurgersSpaceTime, DenseMatrixFreeAndFiniteDifferencesAgree) {
  SpaceTimeSetup s(PETSC_COMM_WORLD, 7, 3);
  const PetscInt p = s.layout.NumParams();
  for (double lam : {0.3, 0.004}) { // ν(s) = s, then the target ν = 0.01
    ASSERT_EQ(s.f.SetPoint(s.theta.data(), lam), 0);
    Mat J, A;
    ASSERT_EQ(s.f.Jacobian(&J), 0);
    ASSERT_EQ(s.f.JacobianOperator(&A), 0);
    Vec x, y1, y2, w, z1, z2, rp, rm, rl;
    MatCreateVecs(J, &x, &y1);
    VecDuplicate(y1, &y2);
    VecDuplicate(y1, &w);
    VecDuplicate(x, &z1);
    VecDuplicate(x, &z2);
    VecSetRandom(x, nullptr);
    VecSetRandom(w, nullptr);
    MatMult(J, x, y1);
    MatMult(A, x, y2);
    MatMultTranspose(J, w, z1);
    MatMultTranspose(A, w, z2);
    EXPECT_LT(RelErr(Gather(y2), Gather(y1)), 1e-12);
    EXPECT_LT(RelErr(Gather(z2), Gather(z1)), 1e-12);
    std::vector<double> v = Gather(x), tp(p), tm(p);
    const double        h = 1e-6;
    for (PetscInt k = 0; k < p; ++k) tp[k] = s.theta[k] + h * v[k], tm[k] = s.theta[k] - h * v[k];
    s.f.CreateRowVec(&rp);
    s.f.CreateRowVec(&rm);
    s.f.CreateRowVec(&rl);
    s.f.SetPoint(tp.data(), lam);
    s.f.Residual(rp);
    s.f.SetPoint(tm.data(), lam);
    s.f.Residual(rm);
    VecAXPY(rp, -1.0, rm);
    VecScale(rp, 0.5 / h);
    EXPECT_LT(RelErr(Gather(rp), Gather(y1)), 1e-7) << "s = " << lam;
    s.f.SetPoint(s.theta.data(), lam);
    s.f.DLambda(rl);
    s.f.SetPoint(s.theta.data(), lam + h);
    s.f.Residual(rp);
    s.f.SetPoint(s.theta.data(), lam - h);
    s.f.Residual(rm);
    VecAXPY(rp, -1.0, rm);
    VecScale(rp, 0.5 / h);
    EXPECT_LT(RelErr(Gather(rp), Gather(rl)), 1e-7) << "s = " << lam;
    for (Vec *v_ : {&x, &y1, &y2, &w, &z1, &z2, &rp, &rm, &rl}) VecDestroy(v_);
  }
}

// At s = 1 the residual is √w_int (u − u₀(x)) inside and √w_ic (u − u₀(x)) at t = 0: the
// network u = u₀(x) would make it vanish. With θ: r / (u − u₀) is the row weight.
TEST(BurgersSpaceTime, InitialRowsAreTheInitialCondition) {
  const PetscInt m = 7, nf = 2, P = m * m;
  SpaceTimeSetup s(PETSC_COMM_SELF, m, nf);
  Vec            r;
  s.f.CreateRowVec(&r);
  s.f.SetPoint(s.theta.data(), 0.6);
  s.f.Residual(r);
  const std::vector<double> rv = Gather(r);
  std::vector<double>       sens(nf * m), atp(P), u;
  for (PetscInt i = 0; i < nf; ++i) s.inputs.Sample(5, i, &sens[i * m], atp.data());
  s.f.Evaluate(s.theta.data(), sens, &u);
  const double wic = std::sqrt(3.0 / (nf * m)); // bc_weight 3, m initial points per input
  for (PetscInt i = 0; i < nf; ++i)
    for (PetscInt j = 0; j < m; ++j) // point j: (x_j, 0)
      EXPECT_NEAR(rv[i * P + j], wic * (u[i * P + j] - sens[i * m + j]), 1e-13);
  VecDestroy(&r);
}

TEST(BurgersSpaceTime, RankIndependent) {
  SpaceTimeSetup      s(PETSC_COMM_WORLD, 7, 5), self(PETSC_COMM_SELF, 7, 5);
  double              loss_world, loss_self;
  Vec                 r, rs;
  std::vector<double> g(s.layout.NumParams()), gself(s.layout.NumParams());
  s.f.CreateRowVec(&r);
  s.f.SetPoint(s.theta.data(), 0.4);
  s.f.Loss(r, &loss_world);
  s.f.MultTranspose(r, g.data());
  self.f.CreateRowVec(&rs);
  self.f.SetPoint(self.theta.data(), 0.4);
  self.f.Loss(rs, &loss_self);
  self.f.MultTranspose(rs, gself.data());
  EXPECT_EQ(loss_world, loss_self);
  EXPECT_LT(RelErr(g, gself), 1e-14);
  VecDestroy(&r);
  VecDestroy(&rs);
}

// The reference on the benchmark's 101 × 101 grid for a Cole–Hopf initial state (mean
// 0.4, ν = 0.01): within 1e-6 of the exact solution, its own estimate ≤ 1e-6 too.
TEST(BurgersSpaceTime, ReferenceMatchesColeHopf) {
  const PetscInt   m = 101;
  BurgersSpaceTime problem;
  BurgersColeHopf  ex;
  ASSERT_EQ(problem.SetFromOptions(PETSC_COMM_SELF), 0);
  BurgersSpaceTimeReference ref;
  ASSERT_EQ(ref.Setup(PETSC_COMM_SELF, problem, m), 0);
  std::vector<double> u0(m), u, grid(m);
  for (PetscInt j = 0; j < m; ++j) grid[j] = static_cast<double>(j) / (m - 1);
  for (PetscInt j = 0; j < m; ++j) u0[j] = ex(grid[j], 0.0);
  double est = 1;
  ASSERT_EQ(ref.Solve(u0, &u, &est), 0);
  ASSERT_EQ(u.size(), static_cast<size_t>(m * m));
  double err = 0;
  for (PetscInt k = 0; k < m; ++k)
    for (PetscInt j = 0; j < m; ++j)
      err = std::fmax(err, std::fabs(u[k * m + j] - ex(grid[j], grid[k])));
  EXPECT_LT(err, 1e-6);
  EXPECT_LT(est, 1e-6);
  EXPECT_GT(err, 0.0);
  std::vector<double> bad(m - 1);
  PetscPushErrorHandler(PetscReturnErrorHandler, nullptr);
  EXPECT_NE(ref.Solve(bad, &u, nullptr), 0); // not the m sensors
  PetscPopErrorHandler();
}
