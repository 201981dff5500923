// petnet's L-BFGS (solvers/baselines/lbfgs) and its strong Wolfe line search:
//  - the zoom's cubic step is the exact minimizer of a cubic; the search accepts a step
//    that satisfies both Wolfe conditions and steps back from a non-finite trial;
//  - L-BFGS reaches the known minimizers of a linear least-squares problem and of the
//    extended Rosenbrock function to 1e-10, every accepted step satisfies the strong
//    Wolfe conditions;
//  - the stop reasons: gatol, grtol, max_it, max_funcs and a failed line search;
//  - a loss that is NaN beyond a box around the minimizer: the trials that leave the box
//    are failed trials and the minimizer is still reached; a NaN start ends the solve;
//  - a Solve resumed from the state kept after any iteration ends with the same θ, the
//    same history and the same counters bit for bit (a 1D Allen–Cahn PINN).
// Rows are split over the ranks (1 and 2): loss and gradient are allreduced.
#include "ac1d_fixture.hpp"
#include "core/finite.hpp"
#include "memory_keeper.hpp"
#include "solvers/baselines/lbfgs.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

using namespace petnet;
using petnet_test::Identical;
using petnet_test::MemoryKeeper;

namespace {

/// r(θ) ∈ R^n from a closed form: rows(θ, i, &r_i, ∇r_i) for row i; the rows are split
/// over the ranks in contiguous blocks.
class ClosedFormResidual : public ResidualFunction {
public:
  using Row = std::function<void(const double *theta, PetscInt i, double *ri, double *dri)>;
  ClosedFormResidual(PetscInt n, PetscInt p, Row row) : n_(n), p_(p), row_(std::move(row)) {
    int rank, size;
    MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
    MPI_Comm_size(PETSC_COMM_WORLD, &size);
    lo_ = n * rank / size;
    hi_ = n * (rank + 1) / size;
    theta_.assign(p, 0.0);
  }
  MPI_Comm       Comm() const override { return PETSC_COMM_WORLD; }
  PetscInt       NumParams() const override { return p_; }
  PetscInt       LocalRows() const override { return hi_ - lo_; }
  PetscErrorCode SetPoint(const double *theta, double) override {
    theta_.assign(theta, theta + p_);
    return PETSC_SUCCESS;
  }
  PetscErrorCode Residual(Vec r) override {
    double             *a;
    std::vector<double> dr(p_);
    PetscFunctionBeginUser;
    ++evals;
    PetscCall(VecGetArray(r, &a));
    for (PetscInt i = lo_; i < hi_; ++i) row_(theta_.data(), i, &a[i - lo_], dr.data());
    PetscCall(VecRestoreArray(r, &a));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscErrorCode MultTranspose(Vec w, double *g) override {
    const double       *a;
    double              ri;
    std::vector<double> dr(p_), part(p_, 0.0);
    PetscFunctionBeginUser;
    PetscCall(VecGetArrayRead(w, &a));
    for (PetscInt i = lo_; i < hi_; ++i) {
      row_(theta_.data(), i, &ri, dr.data());
      for (PetscInt j = 0; j < p_; ++j) part[j] += dr[j] * a[i - lo_];
    }
    PetscCall(VecRestoreArrayRead(w, &a));
    PetscCallMPI(MPI_Allreduce(part.data(), g, static_cast<int>(p_), MPI_DOUBLE, MPI_SUM, Comm()));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  // L-BFGS uses the loss and Jᵀw only.
  PetscErrorCode DLambda(Vec) override { SETERRQ(Comm(), PETSC_ERR_SUP, "not in this test"); }
  PetscErrorCode Jacobian(Mat *) override { SETERRQ(Comm(), PETSC_ERR_SUP, "not in this test"); }
  PetscErrorCode JacobianOperator(Mat *) override {
    SETERRQ(Comm(), PETSC_ERR_SUP, "not in this test");
  }
  PetscInt evals = 0; ///< residual evaluations on this rank

private:
  PetscInt            n_, p_, lo_ = 0, hi_ = 0;
  Row                 row_;
  std::vector<double> theta_;
};

/// Extended Rosenbrock: r_{2k} = 10 (θ_{2k+1} − θ_{2k}²), r_{2k+1} = 1 − θ_{2k}; minimizer 1.
ClosedFormResidual Rosenbrock(PetscInt p) {
  return ClosedFormResidual(p, p, [p](const double *t, PetscInt i, double *r, double *dr) {
    const PetscInt k = 2 * (i / 2);
    std::fill(dr, dr + p, 0.0);
    if (i % 2 == 0) {
      *r        = 10 * (t[k + 1] - t[k] * t[k]);
      dr[k]     = -20 * t[k];
      dr[k + 1] = 10;
    } else {
      *r    = 1 - t[k];
      dr[k] = -1;
    }
  });
}

/// r = A θ − A θ* with a fixed, well conditioned A (n × p, entries from a closed form).
ClosedFormResidual Linear(PetscInt n, PetscInt p, std::vector<double> star) {
  return ClosedFormResidual(n, p, [p, star](const double *t, PetscInt i, double *r, double *dr) {
    *r = 0;
    for (PetscInt j = 0; j < p; ++j) {
      dr[j] = std::cos(0.7 * (i + 1) * (j + 1)) + (i % p == j ? 2.0 : 0.0);
      *r += dr[j] * (t[j] - star[j]);
    }
  });
}

double MaxDiff(const std::vector<double> &a, const std::vector<double> &b) {
  double d = 0;
  for (size_t i = 0; i < a.size(); ++i) d = std::max(d, std::fabs(a[i] - b[i]));
  return d;
}

/// Checks the strong Wolfe conditions at every accepted step.
void WatchWolfe(LbfgsSolver *lbfgs, PetscInt *steps) {
  const WolfeOptions ls = lbfgs->Options().ls;
  lbfgs->Monitors().Add([ls, steps](const LbfgsIterate &a) -> PetscErrorCode {
    if (a.it == 0) return PETSC_SUCCESS;
    ++*steps;
    EXPECT_LT(a.dphi0, 0) << "not a descent direction at iteration " << a.it;
    EXPECT_LE(a.loss, a.prev_loss + ls.c1 * a.alpha * a.dphi0) << "iteration " << a.it;
    EXPECT_LE(std::fabs(a.dphi), ls.c2 * std::fabs(a.dphi0)) << "iteration " << a.it;
    return PETSC_SUCCESS;
  });
}

} // namespace

TEST(WolfeLineSearch, CubicStepIsTheCubicsMinimizer) {
  // φ(α) = α³ − 3α: minimizer 1; the cubic through (0, φ, φ') and (2, φ, φ') is φ itself
  const double a = ZoomTrial(0, 0, -3, 2, 2, 9, true);
  EXPECT_NEAR(a, 1.0, 1e-14);
  // the other order of the ends, and a non-finite upper end: the midpoint
  EXPECT_NEAR(ZoomTrial(2, 2, 9, 0, 0, -3, true), 1.0, 1e-14);
  EXPECT_EQ(ZoomTrial(0, 0, -3, 2, NAN, NAN, false), 1.0);
  // a minimizer close to an end is kept a tenth of the bracket away: φ = (α − 0.01)²
  EXPECT_NEAR(ZoomTrial(0, 1e-4, -0.02, 1, 0.9801, 1.98, true), 0.1, 1e-15);
}

TEST(WolfeLineSearch, StepsBackFromNonFiniteTrials) {
  // φ(α) = (α − 0.3)², not finite beyond α = 0.5; the first trial α = 1 fails
  WolfeOptions       opt;
  int                bad = 0;
  const LineFunction fn  = [&bad](double a, double *f, double *g) {
    *f = a > 0.5 ? NAN : (a - 0.3) * (a - 0.3);
    *g = a > 0.5 ? NAN : 2 * (a - 0.3);
    bad += a > 0.5;
    return PETSC_SUCCESS;
  };
  WolfeResult res;
  ASSERT_EQ(StrongWolfeSearch(fn, 0.09, -0.6, 1.0, opt, &res), 0);
  ASSERT_EQ(res.status, WolfeStatus::Ok);
  EXPECT_GT(bad, 0);
  EXPECT_LE(res.alpha, 0.5);
  EXPECT_LE(res.phi, 0.09 + opt.c1 * res.alpha * -0.6);
  EXPECT_LE(std::fabs(res.dphi), opt.c2 * 0.6);
  // no finite value anywhere: NotFinite after max_evals trials
  const LineFunction nan = [](double, double *f, double *g) {
    *f = *g = NAN;
    return PETSC_SUCCESS;
  };
  ASSERT_EQ(StrongWolfeSearch(nan, 1, -1, 1.0, opt, &res), 0);
  EXPECT_EQ(res.status, WolfeStatus::NotFinite);
  EXPECT_EQ(res.evals, opt.max_evals);
}

TEST(Lbfgs, LinearLeastSquaresReachesTheMinimizer) {
  const std::vector<double> star{1.5, -2, 0.25, 3, -0.75, 1};
  ClosedFormResidual        f = Linear(40, 6, star);
  LbfgsSolver               lbfgs;
  ASSERT_EQ(lbfgs.SetFromOptions(PETSC_COMM_WORLD), 0);
  PetscInt steps = 0;
  WatchWolfe(&lbfgs, &steps);
  std::vector<double> theta(6, 0.0), hist;
  ASSERT_EQ(lbfgs.Solve(f, 0, theta, &hist), 0);
  EXPECT_EQ(lbfgs.Reason(), LBFGS_CONVERGED_GATOL) << LbfgsConvergedReasonName(lbfgs.Reason());
  EXPECT_LT(MaxDiff(theta, star), 1e-10);
  EXPECT_EQ(steps, lbfgs.Iterations());
  EXPECT_GT(steps, 3);
}

TEST(Lbfgs, RosenbrockReachesTheMinimizer) {
  ClosedFormResidual f = Rosenbrock(4);
  LbfgsSolver        lbfgs;
  ASSERT_EQ(lbfgs.SetFromOptions(PETSC_COMM_WORLD), 0);
  PetscInt steps = 0;
  WatchWolfe(&lbfgs, &steps);
  std::vector<double> theta{-1.2, 1, -1.2, 1}, hist;
  ASSERT_EQ(lbfgs.Solve(f, 0, theta, &hist), 0);
  EXPECT_EQ(lbfgs.Reason(), LBFGS_CONVERGED_GATOL) << LbfgsConvergedReasonName(lbfgs.Reason());
  EXPECT_LT(MaxDiff(theta, std::vector<double>(4, 1.0)), 1e-10);
  EXPECT_GT(steps, 20); // Rosenbrock's valley takes many steps
  EXPECT_NEAR(hist.front(), 100 * 0.44 * 0.44 + 2.2 * 2.2, 1e-12); // ½ Σ r² at the start
}

TEST(Lbfgs, NonFiniteTrialsShrinkAndANonFiniteStartStops) {
  // r = 10 (θ − c), NaN where some θ_i > c_i + 0.5; from c − 0.1 the first trial step
  // (length 1/‖g‖ · ‖g‖ = 1) leaves that box
  const std::vector<double> c{0.3, -0.2};
  int                       nan_rows = 0; // rows evaluated outside the box (this rank)
  ClosedFormResidual f(2, 2, [c, &nan_rows](const double *t, PetscInt i, double *r, double *dr) {
    const bool out = t[0] > c[0] + 0.5 || t[1] > c[1] + 0.5;
    dr[0] = dr[1] = 0;
    dr[i]         = 10;
    *r            = out ? NAN : 10 * (t[i] - c[i]);
    nan_rows += out;
  });
  LbfgsSolver        lbfgs;
  ASSERT_EQ(lbfgs.SetFromOptions(PETSC_COMM_WORLD), 0);
  PetscInt steps = 0;
  WatchWolfe(&lbfgs, &steps);
  std::vector<double> theta{c[0] - 0.1, c[1] - 0.1}, hist;
  ASSERT_EQ(lbfgs.Solve(f, 0, theta, &hist), 0);
  EXPECT_EQ(lbfgs.Reason(), LBFGS_CONVERGED_GATOL) << LbfgsConvergedReasonName(lbfgs.Reason());
  EXPECT_LT(MaxDiff(theta, c), 1e-10);
  EXPECT_GT(nan_rows, 0);
  EXPECT_TRUE(AllFinite(theta));
  // a start in the NaN region: no iteration, θ as given
  std::vector<double>       out{c[0] + 1, c[1]};
  const std::vector<double> out0 = out;
  ASSERT_EQ(lbfgs.Solve(f, 0, out, &hist), 0);
  EXPECT_EQ(lbfgs.Reason(), LBFGS_DIVERGED_NAN);
  EXPECT_EQ(lbfgs.Iterations(), 0);
  EXPECT_TRUE(Identical(out, out0));
}

TEST(Lbfgs, StopReasons) {
  // Rosenbrock from (−1.2, 1, −1.2, 1): f = 24.2, g = (−107.8, −44, −107.8, −44)
  ClosedFormResidual        f = Rosenbrock(4);
  LbfgsSolver               lbfgs;
  std::vector<double>       hist;
  const std::vector<double> start{-1.2, 1, -1.2, 1};
  ASSERT_EQ(lbfgs.SetFromOptions(PETSC_COMM_WORLD), 0);
  auto run = [&](LbfgsConvergedReason expected) {
    std::vector<double> theta = start;
    ASSERT_EQ(lbfgs.Solve(f, 0, theta, &hist), 0);
    EXPECT_EQ(lbfgs.Reason(), expected) << LbfgsConvergedReasonName(lbfgs.Reason());
  };
  const double g0 = std::sqrt(2 * (107.8 * 107.8 + 44 * 44)), f0 = 24.2;
  lbfgs.Options().grtol = g0 / f0 * 1.001; // just above ‖g‖ / f at the start
  run(LBFGS_CONVERGED_GRTOL);
  EXPECT_EQ(lbfgs.Iterations(), 0);
  lbfgs.Options().grtol = g0 / f0 * 0.999; // just below: not at the start
  run(LBFGS_CONVERGED_GRTOL);
  EXPECT_GT(lbfgs.Iterations(), 0);
  lbfgs.Options().grtol  = 0;
  lbfgs.Options().max_it = 3;
  run(LBFGS_DIVERGED_MAX_IT);
  EXPECT_EQ(lbfgs.Iterations(), 3);
  lbfgs.Options().gatol = g0 * 1.001;
  run(LBFGS_CONVERGED_GATOL);
  EXPECT_EQ(lbfgs.Iterations(), 0);
  lbfgs.Options().gatol     = 1e-14;
  lbfgs.Options().max_it    = 1000;
  lbfgs.Options().max_funcs = 10;
  run(LBFGS_DIVERGED_MAX_FUNCS);
  EXPECT_EQ(lbfgs.Evaluations(), 10);
  // a gradient of the wrong sign: −g goes uphill, no step lowers the loss
  ClosedFormResidual  uphill(2, 2, [](const double *t, PetscInt i, double *r, double *dr) {
    dr[0] = dr[1] = 0;
    dr[i]         = -1;
    *r            = t[i] - 1;
  });
  std::vector<double> theta{0, 0};
  lbfgs.Options().max_funcs = 1000;
  ASSERT_EQ(lbfgs.Solve(uphill, 0, theta, &hist), 0);
  EXPECT_EQ(lbfgs.Reason(), LBFGS_DIVERGED_LINE_SEARCH) << LbfgsConvergedReasonName(lbfgs.Reason());
  EXPECT_EQ(lbfgs.Iterations(), 0);
  EXPECT_EQ(theta, (std::vector<double>{0, 0}));
}

namespace {

struct Ac1dRun {
  std::vector<double>  theta, hist;
  PetscInt             its = 0, evals = 0;
  LbfgsConvergedReason reason;
};

/// 150 iterations on the 1D Allen–Cahn PINN at ε = 0.1 (no convergence test meets them).
Ac1dRun RunAc1d(MemoryKeeper *keeper) {
  petnet_test::AC1D s(PETSC_COMM_WORLD, 30);
  LbfgsSolver       lbfgs;
  Ac1dRun           out;
  lbfgs.Options().max_it = 150;
  if (keeper->resume) std::fill(s.theta.begin(), s.theta.end(), 0.5); // the state must replace θ
  EXPECT_EQ(lbfgs.Solve(s.f, 0.1, s.theta, &out.hist, keeper), 0);
  out.theta  = s.theta;
  out.its    = lbfgs.Iterations();
  out.evals  = lbfgs.Evaluations();
  out.reason = lbfgs.Reason();
  return out;
}

} // namespace

TEST(Lbfgs, ResumesBitwiseFromEveryIteration) {
  MemoryKeeper  full;
  const Ac1dRun a = RunAc1d(&full);
  ASSERT_EQ(a.reason, LBFGS_DIVERGED_MAX_IT) << LbfgsConvergedReasonName(a.reason);
  ASSERT_EQ(full.states.size(), 150u);
  EXPECT_GT(a.evals, a.its);
  ASSERT_EQ(a.hist.size(), 3u); // iterations 0, 100 and the end
  EXPECT_LT(a.hist[2], 1e-3 * a.hist[0]);
  for (size_t i : {size_t(0), size_t(1), size_t(77), size_t(99), size_t(149)}) {
    MemoryKeeper again;
    again.resume    = std::make_unique<SolverState>(full.states[i]);
    const Ac1dRun b = RunAc1d(&again);
    EXPECT_TRUE(Identical(b.theta, a.theta)) << "after iteration " << i + 1;
    EXPECT_TRUE(Identical(b.hist, a.hist)) << "after iteration " << i + 1;
    EXPECT_EQ(b.its, a.its);
    EXPECT_EQ(b.evals, a.evals);
    EXPECT_EQ(b.reason, a.reason);
    EXPECT_EQ(again.states.size(), 149 - i);
  }
}

TEST(Lbfgs, StopsOnRequestAndResumesBitwise) {
  MemoryKeeper  full;
  const Ac1dRun a = RunAc1d(&full);
  MemoryKeeper  stopped;
  stopped.stop_at = 40;
  const Ac1dRun s = RunAc1d(&stopped);
  EXPECT_EQ(s.reason, LBFGS_DIVERGED_SIGNAL) << LbfgsConvergedReasonName(s.reason);
  EXPECT_EQ(s.its, 40);
  ASSERT_EQ(stopped.states.size(), 40u); // no Step after the stop
  EXPECT_TRUE(Identical(stopped.states.back().Entries().at("theta"), s.theta));
  EXPECT_FALSE(Identical(s.theta, a.theta));
  MemoryKeeper again;
  again.resume    = std::make_unique<SolverState>(stopped.states.back());
  const Ac1dRun b = RunAc1d(&again);
  EXPECT_EQ(b.reason, LBFGS_DIVERGED_MAX_IT);
  EXPECT_TRUE(Identical(b.theta, a.theta));
  EXPECT_TRUE(Identical(b.hist, a.hist));
}
