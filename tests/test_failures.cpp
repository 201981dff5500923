// Failure detection in the solvers, on a small 1D Allen–Cahn PINN whose residual is
// poisoned: rank 0's first row is NaN once λ < 0.17 (or after a number of evaluations),
// so the other ranks see the fault only through the allreduced loss.
//  - the tracker rejects a non-finite trial step and cuts the step; at the smallest step
//    (or without step control) it ends with HOMOTOPY_DIVERGED_NAN, and its path ends at
//    the last good point: every recorded loss is finite, every λ above the fault;
//  - the homotopy loss ends the same way, θ at its last good point;
//  - Gauss–Newton from a non-finite start: GN_DIVERGED_NAN; Adam: a non-finite loss ends
//    it with ADAM_DIVERGED_NAN and θ back at the last iterate with a finite loss, a loss
//    grown past -adam_divtol with ADAM_DIVERGED_DTOL;
//  - the helpers of core/finite.hpp and the reason names.
// Runs on 1 and 2 ranks.
#include "ac1d_fixture.hpp"
#include "core/finite.hpp"
#include "core/outcome.hpp"
#include "residuals/homotopy_loss_residual.hpp"
#include "solvers/baselines/adam.hpp"
#include "solvers/baselines/lbfgs.hpp"
#include "solvers/gauss_newton.hpp"
#include "solvers/homotopy/homotopy.hpp"
#include "solvers/homotopy/homotopy_loss.hpp"
#include "solvers/trsqp/trsqp.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace petnet;
using petnet_test::AC1D;

namespace {

using KV      = petnet_test::OptionList;
using Options = petnet_test::ScopedOptions;

/// When rank 0's first residual row turns NaN: λ < below, or after `after` evaluations
/// (until `until`, if set).
struct PoisonRule {
  double   below = -1, lambda = 0;
  PetscInt after = -1, until = -1, evals = 0; ///< NaN for after < evaluation <= until
  bool     On() const {
        return lambda < below || (after >= 0 && evals > after && (until < 0 || evals <= until));
  }
  PetscErrorCode Apply(MPI_Comm comm, Vec r) {
    PetscScalar *a;
    PetscInt     n;
    PetscFunctionBeginUser;
    ++evals;
    PetscCall(VecGetLocalSize(r, &n));
    if (!On() || Rank(comm) != 0 || n == 0) PetscFunctionReturn(PETSC_SUCCESS);
    PetscCall(VecGetArray(r, &a));
    a[0] = NAN;
    PetscCall(VecRestoreArray(r, &a));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
};

/// A residual (Interface: ResidualFunction or one derived from it) passed through,
/// poisoned by `rule`.
template <class Interface> struct Poisoned : Interface {
  Interface *f;
  PoisonRule rule;
  explicit Poisoned(Interface *inner) : f(inner) {}
  MPI_Comm       Comm() const override { return f->Comm(); }
  PetscInt       NumParams() const override { return f->NumParams(); }
  PetscInt       LocalRows() const override { return f->LocalRows(); }
  PetscErrorCode SetPoint(const double *theta, double l) override {
    rule.lambda = l;
    return f->SetPoint(theta, l);
  }
  PetscErrorCode Residual(Vec r) override {
    PetscFunctionBeginUser;
    PetscCall(f->Residual(r));
    PetscCall(rule.Apply(Comm(), r));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscErrorCode DLambda(Vec rl) override { return f->DLambda(rl); }
  PetscErrorCode Jacobian(Mat *J) override { return f->Jacobian(J); }
  PetscErrorCode JacobianOperator(Mat *A) override { return f->JacobianOperator(A); }
  PetscErrorCode MultTranspose(Vec w, double *g) override { return f->MultTranspose(w, g); }
  PetscErrorCode MetricJacobian(Mat *V) override { return f->MetricJacobian(V); }
};
using PoisonedResidual = Poisoned<ResidualFunction>;

/// The same for a homotopy-loss function (its part losses are NaN while poisoned).
struct PoisonedHomotopyLoss : Poisoned<HomotopyLossFunction> {
  using Poisoned::Poisoned;
  PetscErrorCode SetPrevious(const double *theta_prev, double lambda_prev) override {
    return f->SetPrevious(theta_prev, lambda_prev);
  }
  void           ClearPrevious() override { f->ClearPrevious(); }
  PetscErrorCode PartLosses(double *l_h, double *l_he) const override {
    PetscFunctionBeginUser;
    PetscCall(f->PartLosses(l_h, l_he));
    if (rule.On()) *l_h = NAN;
    PetscFunctionReturn(PETSC_SUCCESS);
  }
};

const ContinuationParameter kEps = ContinuationParameter::PositiveDecreasing("eps", 0.2, 0.15);

/// Every recorded point of the path has a finite loss and lies above the fault.
void ExpectGoodPath(const std::vector<PathPoint> &path, double fault) {
  ASSERT_FALSE(path.empty());
  for (const PathPoint &pt : path) {
    EXPECT_TRUE(std::isfinite(pt.loss)) << "eps " << pt.lambda;
    EXPECT_GE(pt.lambda, fault);
  }
}

/// KV{phase I, ε steps of 0.01 up to 0.02} plus `extra`.
KV PathOptions(KV extra) {
  KV kv{{"-hom_phase1_gn_max_it", "40"}, {"-hom_step", "0.01"}, {"-hom_step_max", "0.02"}};
  kv.insert(kv.end(), extra.begin(), extra.end());
  return kv;
}

/// The tracker on the fixture, its residual NaN below ε = `below`.
struct PoisonedPath {
  Options          opts;
  AC1D             s{PETSC_COMM_WORLD, 40};
  PoisonedResidual f{&s.f};
  HomotopySolver   hom;
  PoisonedPath(KV extra, double below) : opts(PathOptions(std::move(extra))) {
    f.rule.below = below;
  }
};

} // namespace

TEST(Failures, TrackerCutsTheStepThenStops) {
  PoisonedPath    run(KV{{"-hom_step_min", "1e-3"}}, 0.17);
  HomotopySolver &hom = run.hom;
  ASSERT_EQ(hom.SetFromOptions(PETSC_COMM_WORLD, kEps), 0);
  PetscInt nan_rejects = 0;
  hom.Monitors().Add([&](const PathStepInfo &info) -> PetscErrorCode {
    if (info.event == PathStepInfo::kReject && !std::isfinite(info.loss)) ++nan_rejects;
    return PETSC_SUCCESS;
  });
  ASSERT_EQ(hom.Solve(run.f, run.s.theta, PathObserver()), 0);
  EXPECT_EQ(hom.Reason(), HOMOTOPY_DIVERGED_NAN);
  EXPECT_EQ(static_cast<int>(hom.Reason()), -3);
  EXPECT_GE(nan_rejects, 2); // cut from 0.01 towards -hom_step_min before giving up
  ExpectGoodPath(hom.History(), 0.17);
  EXPECT_TRUE(AllFinite(run.s.theta));
  EXPECT_LT(hom.History().back().lambda, 0.17 + 2e-3); // crept up to the fault
  const SolveOutcome o =
      MakeOutcome(hom.Reason(), HomotopyConvergedReasonName(hom.Reason()), hom.ReasonDetail());
  EXPECT_FALSE(o.Converged());
  EXPECT_EQ(o.reason, "nan");
  EXPECT_NE(o.detail.find("the loss is not finite at eps = 0.16"), std::string::npos) << o.detail;
  EXPECT_NE(o.detail.find("last good eps = 0.17"), std::string::npos) << o.detail;
}

TEST(Failures, FixedStepTrackerStopsAtOnce) {
  PoisonedPath    run(KV{{"-hom_adaptive", "false"}, {"-hom_final_its", "2"}}, 0.165);
  HomotopySolver &hom = run.hom;
  ASSERT_EQ(hom.SetFromOptions(PETSC_COMM_WORLD, kEps), 0);
  ASSERT_EQ(hom.Solve(run.f, run.s.theta, PathObserver()), 0);
  EXPECT_EQ(hom.Reason(), HOMOTOPY_DIVERGED_NAN);
  EXPECT_EQ(hom.Steps(), 3);    // 0.19, 0.18, 0.17; the step to 0.16 fails
  EXPECT_EQ(hom.Rejected(), 1); // and is not retried
  ExpectGoodPath(hom.History(), 0.165);
  ASSERT_EQ(hom.History().size(), 4u); // no final polish after a failure
  EXPECT_NEAR(hom.History().back().lambda, 0.17, 1e-12);
}

TEST(Failures, HomotopyLossEndsAtTheLastGoodPoint) {
  Options              opts(KV{
      {"-hl_eps_list", "0.18,0.16,0.15"}, {"-hl_phase1_gn_max_it", "20"}, {"-hl_gn_max_it", "3"}});
  AC1D                 s(PETSC_COMM_WORLD, 40);
  HomotopyLossResidual fhl;
  ASSERT_EQ(fhl.Setup(PETSC_COMM_WORLD, &s.problem, s.layout, s.interior, s.boundary, 1.0, 1.0), 0);
  PoisonedHomotopyLoss f(&fhl);
  f.rule.below = 0.17;
  HomotopyLossSolver hl;
  ASSERT_EQ(hl.SetFromOptions(PETSC_COMM_WORLD, kEps), 0);
  ASSERT_EQ(hl.Solve(f, s.theta, PathObserver()), 0);
  EXPECT_EQ(hl.Reason(), HOMOTOPY_DIVERGED_NAN);
  ASSERT_EQ(hl.History().size(), 2u); // 0.2 and 0.18
  EXPECT_EQ(hl.History().back().base.lambda, 0.18);
  for (auto &hp : hl.History()) EXPECT_TRUE(std::isfinite(hp.base.loss));
  // θ is the point recorded at 0.18: its loss there is the recorded one
  double lh, lhe;
  fhl.ClearPrevious(); // L_H + L_bc does not depend on the previous point
  ASSERT_EQ(fhl.SetPoint(s.theta.data(), 0.18), 0);
  ASSERT_EQ(fhl.PartLosses(&lh, &lhe), 0);
  EXPECT_EQ(lh, hl.History().back().base.loss);
  EXPECT_NE(hl.ReasonDetail().find("at eps = 0.16; last good eps = 0.18"), std::string::npos)
      << hl.ReasonDetail();
}

TEST(Failures, GaussNewtonFromANonFiniteStart) {
  AC1D             s(PETSC_COMM_WORLD, 40);
  PoisonedResidual f(&s.f);
  f.rule.below = 1; // always
  LeastSquares ls;
  ASSERT_EQ(ls.SetFromOptions(PETSC_COMM_WORLD, "failures_"), 0);
  GaussNewtonOptions opt;
  opt.max_it = 5;
  GNResult res;
  ASSERT_EQ(GaussNewtonSolve(f, ls, opt, 0.1, s.theta, &res), 0);
  EXPECT_EQ(res.reason, GNReason::Nan);
  EXPECT_EQ(res.its, 0);
  EXPECT_EQ(GNConvergedReason(res.reason), GN_DIVERGED_NAN);
  EXPECT_STREQ(GaussNewtonConvergedReasonName(GN_DIVERGED_NAN), "DIVERGED_NAN");
  EXPECT_EQ(MakeOutcome(GN_DIVERGED_NAN, "DIVERGED_NAN").reason, "nan");
}

TEST(Failures, GaussNewtonRejectsNonFiniteTrials) {
  AC1D             s(PETSC_COMM_WORLD, 40);
  PoisonedResidual f(&s.f);
  f.rule.after = 1; // the start is fine, every trial step is NaN
  LeastSquares ls;
  ASSERT_EQ(ls.SetFromOptions(PETSC_COMM_WORLD, "failures_"), 0);
  GaussNewtonOptions opt;
  opt.max_it                 = 5;
  opt.max_rejects            = 3;
  std::vector<double> theta0 = s.theta;
  GNResult            res;
  ASSERT_EQ(GaussNewtonSolve(f, ls, opt, 0.1, s.theta, &res), 0);
  EXPECT_EQ(res.reason, GNReason::Stalled);
  EXPECT_EQ(res.rejects, 4);
  EXPECT_EQ(s.theta, theta0); // nothing accepted
  EXPECT_TRUE(std::isfinite(res.loss));
}

TEST(Failures, AdamStopsOnANonFiniteLoss) {
  AC1D             s(PETSC_COMM_WORLD, 40);
  PoisonedResidual f(&s.f);
  f.rule.after = 6; // the first 6 evaluations are fine: iterations 0..5
  AdamSolver adam;
  ASSERT_EQ(adam.SetFromOptions(PETSC_COMM_WORLD), 0);
  adam.Options().max_it = 50;
  std::vector<double> hist;
  ASSERT_EQ(adam.Solve(f, 0.1, s.theta, &hist), 0);
  EXPECT_EQ(adam.Reason(), ADAM_DIVERGED_NAN);
  EXPECT_EQ(adam.StopIteration(), 6);
  // θ is iterate 5: its loss is finite and is the one reported
  Vec    r;
  double loss;
  ASSERT_EQ(s.f.CreateRowVec(&r), 0);
  ASSERT_EQ(s.f.SetPoint(s.theta.data(), 0.1), 0);
  ASSERT_EQ(s.f.Loss(r, &loss), 0);
  VecDestroy(&r);
  EXPECT_TRUE(std::isfinite(loss));
  EXPECT_EQ(loss, adam.StopLoss());
  EXPECT_EQ(MakeOutcome(adam.Reason(), AdamConvergedReasonName(adam.Reason())).reason, "nan");
}

TEST(Failures, AdamDivergence) {
  Options    opts(KV{{"-adam_lr", "1e10"}, {"-adam_divtol", "1e4"}});
  AC1D       s(PETSC_COMM_WORLD, 40);
  AdamSolver adam;
  ASSERT_EQ(adam.SetFromOptions(PETSC_COMM_WORLD), 0);
  adam.Options().max_it = 50;
  std::vector<double> hist;
  ASSERT_EQ(adam.Solve(s.f, 0.1, s.theta, &hist), 0);
  EXPECT_EQ(adam.Reason(), ADAM_DIVERGED_DTOL);
  EXPECT_LT(adam.StopIteration(), 50);
  EXPECT_GT(adam.StopLoss(), 1e4 * hist.front());
  EXPECT_STREQ(AdamConvergedReasonName(adam.Reason()), "DIVERGED_DTOL");
  // the test is off with -adam_divtol 0: all iterations run
  AC1D       s2(PETSC_COMM_WORLD, 40);
  AdamSolver off;
  adam.Options().divtol = 0;
  off.Options()         = adam.Options();
  ASSERT_EQ(off.Solve(s2.f, 0.1, s2.theta, &hist), 0);
  EXPECT_EQ(off.StopIteration(), 50);
  EXPECT_NE(off.Reason(), ADAM_DIVERGED_DTOL);
}

TEST(Failures, FiniteHelpers) {
  EXPECT_TRUE(AllFinite(std::vector<double>{0, 1, -1e308}));
  EXPECT_FALSE(AllFinite(std::vector<double>{0, NAN}));
  EXPECT_FALSE(AllFinite(std::vector<double>{INFINITY}));
  EXPECT_TRUE(ExceedsDivtol(1e7, 1.0, 1e6));
  EXPECT_FALSE(ExceedsDivtol(1e5, 1.0, 1e6));
  EXPECT_FALSE(ExceedsDivtol(1e300, 1.0, 0)); // off
  EXPECT_FALSE(ExceedsDivtol(NAN, 1.0, 1e6)); // NaN is the NaN test's business
  EXPECT_EQ(FiniteText(-NAN), "nan");
  EXPECT_EQ(FiniteText(-INFINITY), "-inf");
  EXPECT_EQ(FiniteText(0.5, "%.2f"), "0.50");
}

TEST(Failures, LbfgsNonFiniteLossEndsTheSolve) {
  Options          opts(KV{{"-lbfgs_max_it", "50"}});
  AC1D             s(PETSC_COMM_WORLD, 40);
  PoisonedResidual f(&s.f);
  f.rule.after = 5; // from the 6th evaluation on every loss is NaN
  LbfgsSolver lbfgs;
  ASSERT_EQ(lbfgs.SetFromOptions(PETSC_COMM_WORLD), 0);
  std::vector<double> hist;
  ASSERT_EQ(lbfgs.Solve(f, 0.1, s.theta, &hist), 0);
  EXPECT_EQ(lbfgs.Reason(), LBFGS_DIVERGED_NAN);
  EXPECT_TRUE(AllFinite(s.theta));
  // NaN for three evaluations only: the line search rejects those trial steps and goes on
  PoisonedResidual h(&s.f);
  h.rule.after = 5;
  h.rule.until = 8;
  ASSERT_EQ(lbfgs.Solve(h, 0.1, s.theta, &hist), 0);
  EXPECT_NE(lbfgs.Reason(), LBFGS_DIVERGED_NAN) << LbfgsConvergedReasonName(lbfgs.Reason());
  EXPECT_GT(lbfgs.Iterations(), 5);
  EXPECT_TRUE(std::isfinite(lbfgs.FinalLoss()));
  EXPECT_TRUE(AllFinite(s.theta));
  // a NaN start: no iteration
  PoisonedResidual g(&s.f);
  g.rule.below = 1;
  ASSERT_EQ(lbfgs.Solve(g, 0.1, s.theta, &hist), 0);
  EXPECT_EQ(lbfgs.Reason(), LBFGS_DIVERGED_NAN);
  EXPECT_EQ(lbfgs.Iterations(), 0);
}

namespace {
/// min ½‖θ − (10, −9)‖² s.t. θ_0 + θ_1 = 1, with ℓ = NaN outside the box |θ_i| ≤ 5: the
/// minimizer lies outside, so trSQP meets non-finite trial steps near the box's edge.
struct BoxedToy : ConstrainedFunction {
  double         x0 = 0, x1 = 0;
  MPI_Comm       Comm() const override { return PETSC_COMM_SELF; }
  PetscInt       NumParams() const override { return 2; }
  PetscInt       NumConstraints() const override { return 1; }
  PetscErrorCode Evaluate(const double *x, double *ell, double *c) override {
    x0 = x[0], x1 = x[1];
    const bool inside = std::fabs(x0) <= 5 && std::fabs(x1) <= 5;
    *ell              = inside ? 0.5 * ((x0 - 10) * (x0 - 10) + (x1 + 9) * (x1 + 9)) : NAN;
    c[0]              = x0 + x1 - 1;
    return PETSC_SUCCESS;
  }
  PetscErrorCode Derivatives(double *g, double *A) override {
    g[0] = x0 - 10, g[1] = x1 + 9;
    A[0] = A[1] = 1;
    return PETSC_SUCCESS;
  }
};
} // namespace

TEST(Failures, TrsqpRejectsNonFiniteTrialSteps) {
  BoxedToy     f;
  TrsqpOptions o;
  o.hessian = HessianUpdate::Identity;
  o.radius0 = 100; // the first step leaves the box
  o.max_it  = 200;
  std::vector<double> theta{0.0, 0.0};
  TrsqpSolver         s;
  TrsqpResult         r;
  ASSERT_EQ(s.Solve(f, o, theta, &r), 0);
  PetscInt nonfinite = 0;
  for (const TrsqpStep &st : s.History())
    if (!st.accepted && st.eta == -1) ++nonfinite;
  EXPECT_GE(nonfinite, 1);
  EXPECT_GE(r.accepted, 1);
  EXPECT_TRUE(AllFinite(theta));
  EXPECT_LE(std::fabs(theta[0]), 5.0);
  EXPECT_LE(std::fabs(theta[1]), 5.0);
  EXPECT_TRUE(std::isfinite(r.ell));
  // ended on the box's edge by steps that stayed non-finite down to xtol
  EXPECT_EQ(r.code, TRSQP_DIVERGED_NAN) << r.reason;
  EXPECT_EQ(r.reason, "nan");
  // a start outside the box: no iteration
  std::vector<double> outside{6.0, -5.0};
  ASSERT_EQ(s.Solve(f, o, outside, &r), 0);
  EXPECT_EQ(r.code, TRSQP_DIVERGED_NAN);
  EXPECT_EQ(r.iterations, 0);
  EXPECT_STREQ(TrsqpConvergedReasonName(TRSQP_DIVERGED_NAN), "DIVERGED_NAN");
}
