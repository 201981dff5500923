// The homotopy-loss residual (Strategy 2):
//  - its Jacobian (dense, matrix-free J·v and Jᵀ·w) against central finite differences
//    of the residual, on 1D and 2D Allen–Cahn (nonlinear G, second-order jets) with an
//    active L_Heps block; ∂r/∂ε likewise;
//  - a closed form of the L_Heps rows: with the frozen network equal to the current one
//    up to a constant c in the output bias, ΔU = (c, 0, …), so for H = u − sin(πx/ε)
//    the rows are √α/√n (c/(ε_k − ε_{k−1}) + (πx/ε²) cos(πx/ε));
//  - the parts of the loss add up to ½‖r‖².
//  - checkpoints: the solver resumed from every state it kept (Gauss–Newton, Adam, L-BFGS)
//    ends with the same θ and path bit for bit; a stop request ends it with the signal reason.
// Runs on 1 and 2 ranks.
#include "pde/allen_cahn.hpp"
#include "pde/highfreq.hpp"
#include "residuals/homotopy_loss_residual.hpp"
#include "solvers/homotopy/homotopy_loss.hpp"

#include "memory_keeper.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace petnet;
using petnet_test::MemoryKeeper;

namespace {

struct Fixture {
  MLPLayout            layout;
  PointSet             interior, boundary;
  HomotopyLossResidual f;
  std::vector<double>  theta, ipts;
  Fixture(MPI_Comm comm, const Problem &pb, PetscInt n_res, PetscInt n_bc, double alpha,
          std::vector<int> hidden) {
    const int d = pb.Dim();
    MLPLayout::Create(comm, d, hidden, &layout);
    SamplingOptions o;
    o.n_res = n_res;
    double lo[3], hi[3];
    pb.Bounds(lo, hi);
    std::vector<double> bp;
    InteriorPoints(comm, d, lo, hi, o, 0, &ipts);
    if (n_bc > 0) BoundaryPoints(comm, d, lo, hi, n_bc, &bp);
    PointSet::Create(comm, d, ipts, &interior);
    PointSet::Create(comm, d, bp, &boundary, true);
    f.Setup(comm, &pb, layout, interior, boundary, 2.0, alpha);
    theta.resize(layout.NumParams());
    XavierNormalInit(layout, 5, theta.data());
  }
};

std::vector<double> RandomVec(size_t n, unsigned seed) {
  std::mt19937                     g(seed);
  std::normal_distribution<double> N;
  std::vector<double>              v(n);
  for (auto &x : v) x = N(g);
  return v;
}

/// Checks dense J·v, shell J·v, Jᵀw and ∂r/∂λ against central differences at (θ, λ).
void CheckDerivatives(HomotopyLossFunction &f, const std::vector<double> &theta, double lambda) {
  const PetscInt p = f.NumParams();
  Vec            r0, rp, rm, y, ys, w, xcol;
  Mat            J, A;
  f.CreateRowVec(&r0);
  VecDuplicate(r0, &rp);
  VecDuplicate(r0, &rm);
  VecDuplicate(r0, &ys);
  VecDuplicate(r0, &w);
  ASSERT_EQ(f.SetPoint(theta.data(), lambda), 0);
  f.Residual(r0);
  ASSERT_EQ(f.Jacobian(&J), 0);
  MatCreateVecs(J, &xcol, &y);
  PetscInt lo, hi;
  VecGetOwnershipRange(xcol, &lo, &hi);
  for (unsigned trial = 0; trial < 3; ++trial) {
    const std::vector<double> v = RandomVec(p, 11 + trial);
    for (PetscInt k = lo; k < hi; ++k) VecSetValue(xcol, k, v[k], INSERT_VALUES);
    VecAssemblyBegin(xcol);
    VecAssemblyEnd(xcol);
    const double        h = 1e-6;
    std::vector<double> tp(theta), tm(theta);
    for (PetscInt j = 0; j < p; ++j) tp[j] += h * v[j], tm[j] -= h * v[j];
    f.SetPoint(tp.data(), lambda);
    f.Residual(rp);
    f.SetPoint(tm.data(), lambda);
    f.Residual(rm);
    VecAXPY(rp, -1.0, rm);
    VecScale(rp, 0.5 / h); // FD of J v
    f.SetPoint(theta.data(), lambda);
    f.Jacobian(&J);
    MatMult(J, xcol, y);
    f.JacobianOperator(&A);
    MatMult(A, xcol, ys);
    PetscReal nfd, nd, ns;
    VecNorm(rp, NORM_2, &nfd);
    VecAXPY(ys, -1.0, y);
    VecNorm(ys, NORM_2, &ns);
    VecAXPY(y, -1.0, rp);
    VecNorm(y, NORM_2, &nd);
    EXPECT_GT(nfd, 1e-3);
    EXPECT_LT(nd, 1e-6 * nfd) << "dense J v vs finite differences, trial " << trial;
    EXPECT_LT(ns, 1e-12 * nfd) << "matrix-free J v vs dense";
  }
  // Jᵀ w: wᵀ(J v) = (Jᵀ w)ᵀ v for the dense J.
  {
    const std::vector<double> v = RandomVec(p, 99);
    PetscInt                  rlo, rhi;
    VecGetOwnershipRange(w, &rlo, &rhi);
    const std::vector<double> wg = RandomVec(rhi + 1000, 7);
    for (PetscInt k = rlo; k < rhi; ++k) VecSetValue(w, k, wg[k], INSERT_VALUES);
    VecAssemblyBegin(w);
    VecAssemblyEnd(w);
    for (PetscInt k = lo; k < hi; ++k) VecSetValue(xcol, k, v[k], INSERT_VALUES);
    VecAssemblyBegin(xcol);
    VecAssemblyEnd(xcol);
    MatMult(J, xcol, y);
    PetscScalar wJv;
    VecDot(w, y, &wJv);
    std::vector<double> g(p);
    ASSERT_EQ(f.MultTranspose(w, g.data()), 0);
    double gv = 0;
    for (PetscInt j = 0; j < p; ++j) gv += g[j] * v[j];
    EXPECT_NEAR(gv, wJv, 1e-11 * (std::fabs(wJv) + 1));
  }
  // ∂r/∂λ
  {
    const double h = 1e-6 * std::fabs(lambda);
    f.SetPoint(theta.data(), lambda + h);
    f.Residual(rp);
    f.SetPoint(theta.data(), lambda - h);
    f.Residual(rm);
    VecAXPY(rp, -1.0, rm);
    VecScale(rp, 0.5 / h);
    f.SetPoint(theta.data(), lambda);
    f.DLambda(y);
    PetscReal nfd, nd;
    VecNorm(rp, NORM_2, &nfd);
    VecAXPY(y, -1.0, rp);
    VecNorm(y, NORM_2, &nd);
    EXPECT_LT(nd, 1e-6 * nfd) << "dr/dlambda vs finite differences";
  }
  VecDestroy(&r0);
  VecDestroy(&rp);
  VecDestroy(&rm);
  VecDestroy(&y);
  VecDestroy(&ys);
  VecDestroy(&w);
  VecDestroy(&xcol);
}

} // namespace

TEST(HomotopyLoss, JacobianMatchesFiniteDifferences1D) {
  AllenCahn1D         pb;
  Fixture             s(PETSC_COMM_WORLD, pb, 13, 2, 0.7, {8, 8});
  std::vector<double> prev(s.theta);
  for (size_t j = 0; j < prev.size(); ++j) prev[j] += 0.05 * std::sin(1.0 + j);
  ASSERT_EQ(s.f.SetPrevious(prev.data(), 0.12), 0);
  CheckDerivatives(s.f, s.theta, 0.1);
}

TEST(HomotopyLoss, JacobianMatchesFiniteDifferences2D) {
  AllenCahn2D         pb;
  Fixture             s(PETSC_COMM_WORLD, pb, 16, 10, 1.3, {6, 6});
  std::vector<double> prev(s.theta);
  for (size_t j = 0; j < prev.size(); ++j) prev[j] += 0.05 * std::cos(2.0 + j);
  ASSERT_EQ(s.f.SetPrevious(prev.data(), 0.6), 0);
  CheckDerivatives(s.f, s.theta, 0.5);
}

TEST(HomotopyLoss, RowsClosedFormHighFrequency) {
  HighFrequency       pb;
  const double        alpha = 0.5, eps = 1.0 / 35, eps_prev = 1.0 / 30, c = 0.25;
  const PetscInt      n = 30;
  Fixture             s(PETSC_COMM_WORLD, pb, n, 0, alpha, {5, 5});
  std::vector<double> prev(s.theta);
  prev[s.layout.BiasOffset(s.layout.NumLayers() - 1)] -= c; // u_prev = u − c
  ASSERT_EQ(s.f.SetPrevious(prev.data(), eps_prev), 0);
  ASSERT_EQ(s.f.SetPoint(s.theta.data(), eps), 0);
  EXPECT_EQ(s.f.LocalRows(), 2 * s.interior.LocalSize());
  Vec r;
  s.f.CreateRowVec(&r);
  s.f.Residual(r);
  const PetscScalar *a;
  VecGetArrayRead(r, &a);
  const PetscInt ni = s.interior.LocalSize();
  for (PetscInt i = 0; i < ni; ++i) {
    const double x  = s.interior.Local()[i];
    const double ax = M_PI * x / eps;
    // Davidenko: H_u u'(ε) + H_ε = 0 with u'(ε) ≈ Δu/(ε_k − ε_{k−1}).
    const double expect = std::sqrt(alpha / n) * (c / (eps - eps_prev) + ax / eps * std::cos(ax));
    EXPECT_NEAR(a[ni + i], expect, 1e-10 * (1 + std::fabs(expect))) << "x = " << x;
  }
  VecRestoreArrayRead(r, &a);
  double loss, lh, lhe;
  s.f.Loss(r, &loss);
  s.f.PartLosses(&lh, &lhe);
  EXPECT_NEAR(lh + lhe, loss, 1e-12 * loss);
  // Without a previous point the block is zero and the loss is the PINN loss.
  s.f.ClearPrevious();
  s.f.SetPoint(s.theta.data(), eps);
  s.f.PartLosses(&lh, &lhe);
  EXPECT_EQ(lhe, 0.0);
  EXPECT_GT(lh, 0.0);
  VecDestroy(&r);
}

namespace {

std::vector<double> PathLosses(const HomotopyLossSolver &hl) {
  std::vector<double> v;
  for (auto &hp : hl.History()) v.insert(v.end(), {hp.base.lambda, hp.base.loss, hp.loss_he});
  return v;
}

/// Runs the homotopy loss on 1D Allen–Cahn (eps 0.1 -> 0.07 in 3 steps) with `opts`, then
/// resumes it from every state it kept: θ and the path history identical bit for bit.
void ResumeFromEveryState(const char *opts, size_t min_states) {
  struct ScopedOptions { // the solver reads the options database; removed afterwards
    explicit ScopedOptions(const char *o) { PetscOptionsInsertString(nullptr, o); }
    ~ScopedOptions() { PetscOptionsClear(nullptr); }
  } scoped(opts);
  AllenCahn1D pb;
  ASSERT_EQ(pb.SetFromOptions(PETSC_COMM_WORLD), 0);
  Fixture                   s(PETSC_COMM_WORLD, pb, 24, 2, 1e-3, {6, 6});
  const std::vector<double> theta0 = s.theta;
  HomotopyLossSolver        hl;
  ASSERT_EQ(hl.SetFromOptions(PETSC_COMM_WORLD, pb.Continuation()), 0);
  MemoryKeeper keep;
  ASSERT_EQ(hl.Solve(s.f, s.theta, PathObserver(), &keep), 0);
  ASSERT_EQ(hl.Reason(), HOMOTOPY_CONVERGED_TARGET);
  ASSERT_GE(keep.states.size(), min_states);
  const std::vector<double> theta = s.theta, path = PathLosses(hl);
  for (size_t k = 0; k < keep.states.size(); ++k) {
    HomotopyLossSolver h2;
    ASSERT_EQ(h2.SetFromOptions(PETSC_COMM_WORLD, pb.Continuation()), 0);
    MemoryKeeper k2;
    k2.resume              = std::make_unique<SolverState>(keep.states[k]);
    std::vector<double> th = theta0;
    ASSERT_EQ(h2.Solve(s.f, th, PathObserver(), &k2), 0);
    EXPECT_EQ(k2.states.size(), keep.states.size() - k - 1) << "state " << k;
    EXPECT_EQ(th, theta) << "theta after resuming state " << k;
    EXPECT_EQ(PathLosses(h2), path) << "path after resuming state " << k;
    EXPECT_EQ(h2.Reason(), HOMOTOPY_CONVERGED_TARGET);
  }
  // a stop request ends the path after that step, with the signal reason
  HomotopyLossSolver h3;
  ASSERT_EQ(h3.SetFromOptions(PETSC_COMM_WORLD, pb.Continuation()), 0);
  MemoryKeeper k3;
  k3.stop_at             = keep.states.size() / 2;
  std::vector<double> th = theta0;
  ASSERT_EQ(h3.Solve(s.f, th, PathObserver(), &k3), 0);
  EXPECT_EQ(h3.Reason(), HOMOTOPY_DIVERGED_SIGNAL);
  EXPECT_EQ(k3.states.size(), k3.stop_at);
}

} // namespace

// Gauss–Newton: 6 phase I iterations + the phase, 3 x (3 iterations + the step): states
// inside phase I, inside each minimization and between them.
TEST(HomotopyLossRestart, GaussNewtonResumesBitwiseFromEveryState) {
  ResumeFromEveryState("-pde_eps 0.07 -hl_eps0 0.1 -hl_step 0.01 -hl_phase1_gn_max_it 6 "
                       "-hl_gn_max_it 3 -hl_gn_rtol 0 -hl_phase1_gn_rtol 0",
                       10);
}

// Adam: 20 iterations per minimization (moments reset at each) + the step.
TEST(HomotopyLossRestart, AdamResumesBitwiseFromEveryState) {
  ResumeFromEveryState("-pde_eps 0.07 -hl_eps0 0.1 -hl_step 0.01 -hl_optimizer adam "
                       "-adam_max_it 20",
                       4 * 21);
}

// L-BFGS: the states between two minimizations (phase I and 3 steps).
TEST(HomotopyLossRestart, LbfgsResumesBitwiseBetweenSteps) {
  ResumeFromEveryState("-pde_eps 0.07 -hl_eps0 0.1 -hl_step 0.01 -hl_optimizer lbfgs "
                       "-lbfgs_max_it 15",
                       4);
}
