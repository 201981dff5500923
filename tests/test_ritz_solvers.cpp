// Shallow Ritz solvers end to end on short runs: dBN decreases the energy
// monotonically and reaches a stated accuracy, the interface breakpoint is found,
// the ZZ estimator tracks the true error, AdBN and BFGS behave.
#include "ritz/adbn.hpp"
#include "ritz/afem1d.hpp"
#include "ritz/dbn.hpp"
#include "ritz/diffusion1d.hpp"
#include "ritz/ritz_bfgs.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace petnet;

namespace {
struct RitzRun {
  Diffusion1D pde;
  RitzEnergy  E;
  ShallowReLU model;
  DbnResult   res;
};
void Prepare(const char *name, double k, int neurons, RitzRun *r) {
  ASSERT_EQ(Diffusion1D::Create(PETSC_COMM_SELF, name, &r->pde), 0);
  r->pde.SetK(k);
  r->pde.SetBoundary(r->pde.U(0.0), r->pde.U(1.0));
  ASSERT_EQ(RitzEnergy::Create(PETSC_COMM_SELF, r->pde, r->pde.DefaultGamma(), 8, &r->E), 0);
  ASSERT_EQ(RitzUniformModel(r->E, neurons - 1, &r->model), 0);
}
} // namespace

TEST(RitzDbn, EnergyMonotoneAndAccuracyOnExp) {
  RitzRun r;
  Prepare("ritz_exp", 0, 60, &r);
  const double e0 = r.E.RelativeError(r.model);
  DbnOptions   o;
  o.max_it = 300;
  Rng               rng(0);
  DampedBlockNewton dbn(r.E, o, &rng);
  ASSERT_EQ(dbn.Solve(PETSC_COMM_SELF, &r.model, &r.res), 0);
  ASSERT_EQ(r.res.history.size(), 301u);
  for (size_t k = 1; k < r.res.history.size(); ++k)
    EXPECT_LE(r.res.history[k].J,
              r.res.history[k - 1].J + 1e-13 * std::fabs(r.res.history[k - 1].J))
        << "energy increased at iteration " << k;
  const double e = r.res.history.back().e_n;
  EXPECT_NEAR(e0, 8.487e-2, 1e-4); // uniform start (59 free breakpoints)
  EXPECT_LT(e, 3.3e-2); // measured 3.13e-2 after 300 iterations (Table 1: 3.33e-2 after 1000)
  EXPECT_LT(r.res.history[15].e_n, 4.2e-2); // measured 3.70e-2: dBN moves quickly
  // sorted, inside (0, 1)
  for (int j = 0; j < r.model.NumBreakpoints(); ++j) {
    EXPECT_GT(r.model.b[j], 0.0);
    EXPECT_LT(r.model.b[j], 1.0);
    if (j) EXPECT_GT(r.model.b[j], r.model.b[j - 1]);
  }
  // the ZZ estimator follows the true error on this smooth problem
  std::vector<double> xi_K;
  double              xi;
  ASSERT_EQ(ZZIndicators(r.E, r.model, &xi_K, &xi), 0);
  EXPECT_NEAR(xi / e, 1.0, 0.2);
}

TEST(RitzDbn, InterfaceBreakpointLandsOnHalf) {
  for (double k : {10.0, 1e8}) {
    RitzRun r;
    Prepare("ritz_interface", k, 15, &r);
    DbnOptions o;
    o.max_it = 500;
    Rng               rng(0);
    DampedBlockNewton dbn(r.E, o, &rng);
    ASSERT_EQ(dbn.Solve(PETSC_COMM_SELF, &r.model, &r.res), 0);
    bool on_half = false;
    for (double b : r.model.b) on_half = on_half || b == 0.5;
    EXPECT_TRUE(on_half) << "k " << k;
    EXPECT_LE(r.res.history.back().e_n, 8.1e-2) << "k " << k;  // Table 4
    EXPECT_GT(r.res.history.front().e_n, 1.7e-1) << "k " << k; // uniform start
  }
}

TEST(RitzAdbn, PowerSolutionBeatsFixedAndAfem) {
  RitzRun r;
  Prepare("ritz_power", 0, 10, &r);
  DbnOptions  o;
  AdbnOptions a;
  a.max_refine  = 3;
  a.max_neurons = 24;
  std::vector<AdaptiveLevel> levels;
  Rng                        rng(0);
  ASSERT_EQ(RunAdbn(PETSC_COMM_SELF, r.E, o, a, &rng, &r.model, &r.res, &levels), 0);
  EXPECT_EQ(levels.back().neurons, 24);
  EXPECT_LE(levels.back().e_n, 5.75e-2); // Table 3 AdBN(24)
  // aFEM from the same 10 neurons with the same marking needs many more breakpoints
  RitzRun f;
  Prepare("ritz_power", 0, 10, &f);
  AfemOptions fo;
  fo.refine = 10;
  std::vector<AdaptiveLevel> fl;
  ASSERT_EQ(RunAfem(PETSC_COMM_SELF, f.E, fo, false, &f.model, &fl), 0);
  for (auto &L : fl)
    if (L.neurons <= 40) EXPECT_GT(L.e_n, levels.back().e_n);
}

TEST(RitzBfgs, DecreasesEnergyButLagsDbn) {
  RitzRun r;
  Prepare("ritz_exp", 0, 30, &r);
  RitzBfgs bfgs;
  ASSERT_EQ(bfgs.SetFromOptions(PETSC_COMM_SELF, 100), 0);
  RitzWork     w0;
  const double J0 = r.E.EnergyAt(r.model.b, r.model.c, &w0);
  ASSERT_EQ(bfgs.Solve(PETSC_COMM_SELF, r.E, &r.model, &r.res, true, false), 0);
  RitzWork w;
  EXPECT_LT(r.E.EnergyAt(r.model.b, r.model.c, &w), J0);
  RitzRun d;
  Prepare("ritz_exp", 0, 30, &d);
  DbnOptions o;
  o.max_it = 100;
  Rng               rng(0);
  DampedBlockNewton dbn(d.E, o, &rng);
  ASSERT_EQ(dbn.Solve(PETSC_COMM_SELF, &d.model, &d.res), 0);
  EXPECT_LT(d.res.history.back().e_n, r.E.RelativeError(r.model));
}

TEST(RitzDbn, ReducedLineSearchOnPowerSolution) {
  RitzRun r;
  Prepare("ritz_power", 0, 24, &r);
  DbnOptions o;
  o.max_it     = 250;
  o.ls_reduced = true;
  Rng               rng(0);
  DampedBlockNewton dbn(r.E, o, &rng);
  ASSERT_EQ(dbn.Solve(PETSC_COMM_SELF, &r.model, &r.res), 0);
  for (size_t k = 1; k < r.res.history.size(); ++k)
    EXPECT_LE(r.res.history[k].J,
              r.res.history[k - 1].J + 1e-13 * std::fabs(r.res.history[k - 1].J))
        << "energy increased at iteration " << k;
  EXPECT_LE(r.res.history.back().e_n,
            6.71e-2); // Table 3 dBN(24); measured 6.43e-2 (frozen c: 6.72e-2)
}

// The -dbn_ choices: names map to their enums (and -dbn_ls_reduced auto to "on unless a
// jumps"); an unknown or differently cased name is an error.
TEST(RitzDbnOptions, ChoicesParseToEnums) {
  EXPECT_STREQ(DbnLineSearchName(DbnLineSearch::Quadratic), "quadratic");
  EXPECT_STREQ(DbnRedistributeName(DbnRedistribute::Random), "random");
  const std::pair<const char *, const char *> kv[] = {
      {"-dbn_ls_type", "quadratic"}, {"-dbn_redistribute", "random"}, {"-dbn_ls_reduced", "auto"}};
  for (auto &p : kv) PetscOptionsSetValue(nullptr, p.first, p.second);
  DbnOptions smooth, jumps;
  EXPECT_EQ(smooth.SetFromOptions(PETSC_COMM_SELF, false), 0);
  EXPECT_EQ(jumps.SetFromOptions(PETSC_COMM_SELF, true), 0);
  for (auto &p : kv) PetscOptionsClearValue(nullptr, p.first);
  EXPECT_EQ(smooth.ls_type, DbnLineSearch::Quadratic);
  EXPECT_EQ(smooth.redistribute, DbnRedistribute::Random);
  EXPECT_TRUE(smooth.ls_reduced);
  EXPECT_FALSE(jumps.ls_reduced);

  DbnOptions def;
  EXPECT_EQ(def.SetFromOptions(PETSC_COMM_SELF, false), 0);
  EXPECT_EQ(def.ls_type, DbnLineSearch::Brent);
  EXPECT_EQ(def.redistribute, DbnRedistribute::Indicator);

  PetscPushErrorHandler(PetscReturnErrorHandler, nullptr);
  for (const char *opt : {"-dbn_ls_type", "-dbn_redistribute", "-dbn_ls_reduced"}) {
    PetscOptionsSetValue(nullptr, opt, "Brent");
    DbnOptions bad;
    EXPECT_EQ(bad.SetFromOptions(PETSC_COMM_SELF, false), PETSC_ERR_ARG_UNKNOWN_TYPE) << opt;
    PetscOptionsClearValue(nullptr, opt);
  }
  PetscPopErrorHandler();
}
