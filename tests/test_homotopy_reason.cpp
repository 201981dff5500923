// The homotopy tracker's converged reason, its monitors and observer values, and the
// checks of the continuation parameter, on a short 1D Allen–Cahn path (ε: 0.2 → 0.15):
//  - a path that reaches the target stops with HOMOTOPY_CONVERGED_TARGET (= 1), exactly
//    at the target;
//  - -hom_max_steps 1 stops it after one step with HOMOTOPY_DIVERGED_MAX_STEPS (= −2);
//  - a monitor added from outside sees every accepted point, the observer's values are
//    stored with them;
//  - a start outside the parameter's range, or on the hard side of the target, is an
//    error (PETSC_ERR_ARG_OUTOFRANGE);
//  - the homotopy loss reaches its target with the same reason.
// Runs on 1 and 2 ranks.
#include "ac1d_fixture.hpp"
#include "residuals/homotopy_loss_residual.hpp"
#include "solvers/homotopy/homotopy.hpp"
#include "solvers/homotopy/homotopy_loss.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>

#include <cstring>

using namespace petnet;
using petnet_test::AC1D;

namespace {

using KV      = petnet_test::OptionList;
using Options = petnet_test::ScopedOptions;

const KV kShort = {{"-hom_phase1_gn_max_it", "40"},
                   {"-hom_step", "0.01"},
                   {"-hom_step_max", "0.02"},
                   {"-hom_adaptive", "false"}};

/// The observer's one value: 10 λ, printed as " ten <value>".
PathObserver TenLambda() {
  PathObserver o;
  o.values  = {{"ten", "ten", "%.3f", 0.0}};
  o.compute = [](const std::vector<double> &, double lambda, double *v) -> PetscErrorCode {
    v[0] = 10 * lambda;
    return PETSC_SUCCESS;
  };
  return o;
}

} // namespace

TEST(HomotopyReason, ReachesTheTarget) {
  Options        opts(kShort);
  AC1D           s(PETSC_COMM_WORLD, 40);
  HomotopySolver hom;
  ASSERT_EQ(hom.SetFromOptions(PETSC_COMM_WORLD,
                               ContinuationParameter::PositiveDecreasing("eps", 0.2, 0.15)),
            0);
  PetscInt points = 0, phase1 = 0;
  hom.Monitors().Add([&](const PathStepInfo &info) -> PetscErrorCode {
    if (info.event == PathStepInfo::kPoint) {
      ++points;
      EXPECT_STREQ(info.name, "eps");
      EXPECT_EQ(info.point->values.size(), 1u);
    }
    if (info.event == PathStepInfo::kPhaseI) ++phase1;
    return PETSC_SUCCESS;
  });
  ASSERT_EQ(hom.Solve(s.f, s.theta, TenLambda()), 0);
  EXPECT_EQ(hom.Reason(), HOMOTOPY_CONVERGED_TARGET);
  EXPECT_EQ(static_cast<int>(hom.Reason()), 1);
  EXPECT_STREQ(HomotopyConvergedReasonName(hom.Reason()), "CONVERGED_TARGET");
  EXPECT_EQ(hom.History().back().lambda, 0.15); // the last step is clipped onto the target
  EXPECT_GE(hom.Steps(), 3);                    // 0.05 in steps of at most 0.02
  EXPECT_EQ(phase1, 1);
  EXPECT_EQ(points, static_cast<PetscInt>(hom.History().size()));
  EXPECT_EQ(hom.History().size(), static_cast<size_t>(hom.Steps() + 1));
  for (const PathPoint &pt : hom.History()) {
    ASSERT_EQ(pt.values.size(), 1u);
    EXPECT_EQ(pt.values[0], 10 * pt.lambda);
  }
  std::string text;
  ASSERT_EQ(PathValuesText(TenLambda().values, hom.History().front(), &text), 0);
  EXPECT_EQ(text, " ten 2.000");
}

TEST(HomotopyReason, MaxStepsDiverges) {
  auto kv = kShort;
  kv.push_back({"-hom_max_steps", "1"});
  Options        opts(kv);
  AC1D           s(PETSC_COMM_WORLD, 40);
  HomotopySolver hom;
  ASSERT_EQ(hom.SetFromOptions(PETSC_COMM_WORLD,
                               ContinuationParameter::PositiveDecreasing("eps", 0.2, 0.15)),
            0);
  ASSERT_EQ(hom.Solve(s.f, s.theta, PathObserver()), 0);
  EXPECT_EQ(hom.Reason(), HOMOTOPY_DIVERGED_MAX_STEPS);
  EXPECT_EQ(static_cast<int>(hom.Reason()), -2);
  EXPECT_STREQ(HomotopyConvergedReasonName(hom.Reason()), "DIVERGED_MAX_STEPS");
  EXPECT_EQ(hom.Steps(), 1);
  ASSERT_EQ(hom.History().size(), 2u);
  EXPECT_NEAR(hom.History().back().lambda, 0.19, 1e-15); // one step of -hom_step 0.01
  EXPECT_TRUE(hom.History().back().values.empty());      // no observer values
}

TEST(HomotopyReason, StartOutOfRangeIsAnError) {
  PetscPushErrorHandler(PetscReturnErrorHandler, nullptr); // no traceback
  const ContinuationParameter eps = ContinuationParameter::PositiveDecreasing("eps", 0.2, 0.15);
  {
    Options        opts(KV{{"-hom_eps0", "-0.1"}});
    HomotopySolver hom;
    EXPECT_EQ(hom.SetFromOptions(PETSC_COMM_WORLD, eps), PETSC_ERR_ARG_OUTOFRANGE);
  }
  { // below the target: the easy side of ε is the larger one
    Options        opts(KV{{"-hom_eps0", "0.1"}});
    HomotopySolver hom;
    EXPECT_EQ(hom.SetFromOptions(PETSC_COMM_WORLD, eps), PETSC_ERR_ARG_OUTOFRANGE);
  }
  { // s in [0, 1]
    Options        opts(KV{{"-hom_s0", "1.5"}});
    HomotopySolver hom;
    EXPECT_EQ(hom.SetFromOptions(PETSC_COMM_WORLD, ContinuationParameter::UnitDecreasing("s")),
              PETSC_ERR_ARG_OUTOFRANGE);
  }
  {
    Options            opts(KV{{"-hl_eps0", "0"}});
    HomotopyLossSolver hl;
    EXPECT_EQ(hl.SetFromOptions(PETSC_COMM_WORLD, eps), PETSC_ERR_ARG_OUTOFRANGE);
  }
  // in range and on the easy side: fine, at both ends of a closed range
  EXPECT_EQ(ContinuationParameter::UnitDecreasing("s").CheckStart(PETSC_COMM_WORLD, "-hom_s0", 1.0),
            0);
  EXPECT_EQ(ContinuationParameter::UnitDecreasing("s").CheckStart(PETSC_COMM_WORLD, "-hom_s0", 0.0),
            0);
  EXPECT_EQ(eps.CheckStart(PETSC_COMM_WORLD, "-hom_eps0", 0.0),
            PETSC_ERR_ARG_OUTOFRANGE); // (0, ∞) is open
  PetscPopErrorHandler();
}

TEST(HomotopyReason, HomotopyLossReachesTheTarget) {
  Options opts(
      KV{{"-hl_eps_list", "0.18,0.15"}, {"-hl_phase1_gn_max_it", "20"}, {"-hl_gn_max_it", "3"}});
  AC1D                 s(PETSC_COMM_WORLD, 40);
  HomotopyLossResidual fhl;
  ASSERT_EQ(fhl.Setup(PETSC_COMM_WORLD, &s.problem, s.layout, s.interior, s.boundary, 1.0, 1.0), 0);
  HomotopyLossSolver hl;
  ASSERT_EQ(hl.SetFromOptions(PETSC_COMM_WORLD,
                              ContinuationParameter::PositiveDecreasing("eps", 0.2, 0.15)),
            0);
  PetscInt points = 0;
  hl.Monitors().Add([&](const HomotopyLossStepInfo &) -> PetscErrorCode {
    ++points;
    return PETSC_SUCCESS;
  });
  ASSERT_EQ(hl.Solve(fhl, s.theta, TenLambda()), 0);
  EXPECT_EQ(hl.Reason(), HOMOTOPY_CONVERGED_TARGET);
  ASSERT_EQ(hl.History().size(), 3u);
  EXPECT_EQ(points, 3);
  EXPECT_EQ(hl.History().back().base.lambda, 0.15);
  EXPECT_EQ(hl.History()[1].base.values[0], 10 * 0.18);
}
