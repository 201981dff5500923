// The pseudo-spectral ETDRK4 Burgers reference against the Cole–Hopf closed form
// u = c − 2ν φ_x/φ (x − ct, t), φ = 1 + a e^{−4π²νt} cos 2πy + b e^{−16π²νt} sin 4πy:
// accuracy at the benchmark's grid, fourth order in dt, the self error estimate bounding the
// true error, conservation of the mean, the 2/3 rule making the truncated system independent
// of the grid, and the refusal of bad input.
#include "reference/burgers_spectral.hpp"
#include "sampling/periodic_grf.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

using namespace petnet;

namespace {

std::vector<double> Range(int n, double step) {
  std::vector<double> t(n);
  for (int k = 0; k < n; ++k) t[k] = k * step;
  return t;
}

BurgersSpectral Make(PetscInt n, double dt, double nu = 0.01) {
  BurgersSpectralOptions o;
  o.n  = n;
  o.dt = dt;
  o.nu = nu;
  BurgersSpectral s;
  EXPECT_EQ(s.Setup(PETSC_COMM_SELF, o), 0);
  return s;
}

TEST(BurgersSpectral, ClosedFormOnTheBenchmarkGrid) {
  const BurgersColeHopf     ex;
  const std::vector<double> t = Range(101, 0.01), x = PeriodicSensors(100);
  BurgersSpectral           s = Make(512, 1e-3);
  BurgersSpectralResult     r;
  ASSERT_EQ(s.Solve(ex.Initial(1024), t, x, &r), 0);
  ASSERT_EQ(r.u.size(), 101u * 101u);
  EXPECT_LT(ex.MaxError(r.u, t, x), 1e-8);
  const std::vector<double> last(r.u.end() - 101, r.u.end());
  EXPECT_LT(ex.MaxError(last, {1.0}, x), 1e-8);
  EXPECT_LT(r.error_estimate, 1e-8);
  for (int k = 0; k <= 100; ++k) EXPECT_EQ(r.u[k * 101], r.u[k * 101 + 100]); // x = 0 and 1
}

TEST(BurgersSpectral, FourthOrderInDt) {
  BurgersColeHopf ex;
  ex.a = 0.8, ex.b = 0.15; // steeper: the time error well above rounding
  const std::vector<double> t = {0.5, 1.0}, x = PeriodicSensors(100);
  BurgersSpectral           s = Make(256, 1e-3);
  double                    err[3];
  for (int l = 0; l < 3; ++l) {
    std::vector<double> u;
    ASSERT_EQ(s.Run(ex.Initial(512), 256, 0.02 / (1 << l), t, x, &u), 0);
    err[l] = ex.MaxError(u, t, x);
  }
  EXPECT_GT(err[2], 1e-11); // not at rounding yet
  EXPECT_NEAR(err[0] / err[1], 16.0, 3.0) << err[0] << " " << err[1];
  EXPECT_NEAR(err[1] / err[2], 16.0, 3.0) << err[1] << " " << err[2];
}

TEST(BurgersSpectral, EstimateBoundsTheTrueError) {
  BurgersColeHopf ex;
  ex.a = 0.8, ex.b = 0.15;
  const std::vector<double> t = Range(11, 0.1), x = PeriodicSensors(100);
  // Limited by dt, then by N: the estimate is the coarse run's error (within ~1/16 or less)
  // and bounds the returned fine run's.
  const PetscInt n[]  = {256, 48};
  const double   dt[] = {0.01, 1e-3};
  for (int c = 0; c < 2; ++c) {
    BurgersSpectral       s = Make(n[c], dt[c]);
    BurgersSpectralResult r;
    std::vector<double>   coarse;
    ASSERT_EQ(s.Solve(ex.Initial(1024), t, x, &r), 0);
    ASSERT_EQ(s.Run(ex.Initial(1024), n[c], dt[c], t, x, &coarse), 0);
    const double fine = ex.MaxError(r.u, t, x), rough = ex.MaxError(coarse, t, x);
    EXPECT_GT(r.error_estimate, 1e-9) << c; // a case where there is an error to estimate
    EXPECT_LE(fine, r.error_estimate) << c;
    EXPECT_LE(rough, 1.1 * r.error_estimate) << c;
    EXPECT_GE(rough, 0.9 * r.error_estimate) << c;
  }
}

TEST(BurgersSpectral, MeanConserved) {
  PeriodicGrfOptions go;
  go.modes = 64;
  PeriodicGaussianRandomField grf;
  ASSERT_EQ(grf.Setup(PETSC_COMM_SELF, go), 0);
  PeriodicSample smp;
  grf.Sample(2, 0, &smp);
  std::vector<double> u0;
  ASSERT_EQ(smp.EvaluateUniform(PETSC_COMM_SELF, 256, &u0), 0);
  for (double &v : u0) v += 0.3;
  // On 512 points every mode the finer run keeps (k < 1024/3) averages to zero exactly.
  const std::vector<double> t = Range(11, 0.1), x = Range(512, 1.0 / 512);
  BurgersSpectral           s = Make(256, 1e-3);
  BurgersSpectralResult     r;
  ASSERT_EQ(s.Solve(u0, t, x, &r), 0);
  double dev = 0, var = 0;
  for (int k = 0; k < 11; ++k) {
    double mean = 0;
    for (int j = 0; j < 512; ++j) mean += r.u[k * 512 + j] / 512;
    dev = std::fmax(dev, std::fabs(mean - 0.3));
    if (k == 10)
      for (int j = 0; j < 512; ++j) var += std::pow(r.u[k * 512 + j] - 0.3, 2) / 512;
  }
  EXPECT_LT(dev, 1e-12);
  EXPECT_GT(var, 1e-3); // the field has not decayed to its mean
}

TEST(BurgersSpectral, DealiasedTruncationIndependentOfGrid) {
  // N = 46 and N = 48 keep the same modes |k| ≤ 15; with the 2/3 rule the products are exact
  // on them, so both grids integrate the same truncated system.
  PeriodicGaussianRandomField grf;
  ASSERT_EQ(grf.Setup(PETSC_COMM_SELF, PeriodicGrfOptions()), 0);
  PeriodicSample smp;
  grf.Sample(4, 1, &smp);
  std::vector<double> u0, a, b;
  ASSERT_EQ(smp.EvaluateUniform(PETSC_COMM_SELF, 1024, &u0), 0);
  for (double &v : u0) v *= 3.0; // strong nonlinearity: the truncation is far from converged
  const std::vector<double> t = {0.25, 0.5}, x = PeriodicSensors(100);
  BurgersSpectral           s = Make(48, 1e-3);
  ASSERT_EQ(s.Run(u0, 46, 1e-3, t, x, &a), 0);
  ASSERT_EQ(s.Run(u0, 48, 1e-3, t, x, &b), 0);
  double diff = 0, scale = 0;
  for (size_t i = 0; i < a.size(); ++i)
    diff = std::fmax(diff, std::fabs(a[i] - b[i])), scale = std::fmax(scale, std::fabs(b[i]));
  EXPECT_GT(scale, 0.1);
  EXPECT_LT(diff, 1e-12 * scale);
}

TEST(BurgersSpectral, RefusesBadInput) {
  const BurgersColeHopf ex;
  BurgersSpectral       s = Make(64, 1e-3);
  BurgersSpectralResult r;
  const auto            x = PeriodicSensors(10);
  PetscPushErrorHandler(PetscReturnErrorHandler, nullptr);
  EXPECT_NE(s.Solve(ex.Initial(64), {0.0105}, x, &r), 0);   // not a multiple of dt
  EXPECT_NE(s.Solve(ex.Initial(64), {0.5, 0.2}, x, &r), 0); // decreasing
  EXPECT_NE(s.Solve(ex.Initial(64), {-0.001}, x, &r), 0);   // negative
  EXPECT_NE(s.Solve(std::vector<double>(3, 0.0), {0.1}, x, &r), 0);
  EXPECT_NE(s.Solve(ex.Initial(64), {0.1}, {0.5, NAN}, &r), 0);
  std::vector<double> nan0 = ex.Initial(64);
  nan0[7]                  = NAN;
  EXPECT_NE(s.Solve(nan0, {0.1}, x, &r), 0);
  BurgersSpectralOptions o;
  o.n = 63;
  EXPECT_NE(s.Setup(PETSC_COMM_SELF, o), 0);
  o.n  = 64;
  o.dt = 0;
  EXPECT_NE(s.Setup(PETSC_COMM_SELF, o), 0);
  PetscPopErrorHandler();
}

TEST(BurgersSpectral, OptionsReadAndChecked) {
  BurgersSpectralOptions o;
  {
    petnet_test::ScopedOptions opt({{"-bs_nu", "0.02"}, {"-bs_n", "128"}, {"-bs_dt", "0.002"}});
    ASSERT_EQ(o.SetFromOptions(PETSC_COMM_SELF, "bs_"), 0);
  }
  EXPECT_EQ(o.nu, 0.02);
  EXPECT_EQ(o.n, 128);
  EXPECT_EQ(o.dt, 0.002);
  EXPECT_EQ(o.contour, 32);
  PeriodicGrfOptions g;
  {
    petnet_test::ScopedOptions opt({{"-pg_tau", "3"}, {"-pg_modes", "40"}});
    ASSERT_EQ(g.SetFromOptions(PETSC_COMM_SELF, "pg_"), 0);
  }
  EXPECT_EQ(g.tau, 3.0);
  EXPECT_EQ(g.modes, 40);
  EXPECT_EQ(g.sigma, 625.0);
  PetscPushErrorHandler(PetscReturnErrorHandler, nullptr);
  {
    petnet_test::ScopedOptions opt({{"-bs_n", "100"}, {"-bs_dt", "-1"}});
    EXPECT_NE(o.SetFromOptions(PETSC_COMM_SELF, "bs_"), 0);
  }
  {
    petnet_test::ScopedOptions opt(petnet_test::OptionList{{"-pg_gamma", "0.25"}});
    EXPECT_NE(g.SetFromOptions(PETSC_COMM_SELF, "pg_"), 0);
  }
  PetscPopErrorHandler();
}

} // namespace
