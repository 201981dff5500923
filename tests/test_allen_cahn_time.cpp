// Time-dependent Allen–Cahn (pde/allen_cahn_time, reference/allen_cahn_time_reference): the
// residual's G = ∂R/∂U and ∂R/∂λ against central finite differences, the initial face as
// the only boundary, and the pseudo-spectral ETDRK4 reference: fourth order in dt,
// convergence in the number of modes, its own estimate below 1e-7 at the defaults, the
// evaluation (level, between levels, t = 0, evenness in x, horizon scaling).
#include "pde/allen_cahn_time.hpp"
#include "problem_fd.hpp"
#include "reference/allen_cahn_time_reference.hpp"
#include "sampling/point_set.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

using namespace petnet;

TEST(AllenCahnTime, DerivativesMatchFiniteDifferences) {
  AllenCahnTime       pb;
  std::vector<double> x, u;
  for (int q = 0; q < 7; ++q) {
    x.push_back(-0.9 + 0.3 * q), x.push_back(0.13 * q);
    for (int c = 0; c < 5; ++c) u.push_back(1.2 * std::sin(1.0 + q + 2.3 * c));
  }
  for (double lambda : {0.0, 0.37, 1.0}) {
    const petnet_test::DerivativeErrors e = petnet_test::CheckDerivatives(pb, lambda, x, u);
    EXPECT_LT(e.G, 1e-8) << "lambda " << lambda;
    EXPECT_LT(e.lambda, 1e-8) << "lambda " << lambda;
  }
  // The residual itself: u_t − λ(ε u_xx − 5u³ + 5u).
  DView2 X("x", 1, 2), U("u", 1, 5), G("G", 1, 5);
  DView1 r("r", 1), none;
  auto   hU = Kokkos::create_mirror_view(U);
  hU(0, 0) = 0.5, hU(0, 1) = 0.2, hU(0, 2) = -0.7, hU(0, 3) = 30.0, hU(0, 4) = 1.0;
  Kokkos::deep_copy(U, hU);
  pb.Interior(0.5, X, U, r, G, none);
  auto hr = Kokkos::create_mirror_view(r);
  Kokkos::deep_copy(hr, r);
  EXPECT_NEAR(hr(0), -0.7 - 0.5 * (1e-4 * 30.0 - 5 * 0.125 + 5 * 0.5), 1e-15);
}

TEST(AllenCahnTime, InitialFaceOnly) {
  AllenCahnTime pb;
  double        lo[2], hi[2];
  pb.Bounds(lo, hi);
  const std::vector<bool> faces = petnet_test::Faces(pb);
  EXPECT_EQ(faces, (std::vector<bool>{false, false, true, false}));
  std::vector<double> pts;
  ASSERT_EQ(BoundaryPoints(PETSC_COMM_SELF, 2, lo, hi, 64, &pts, faces), 0);
  ASSERT_GT(pts.size(), 20u);
  for (size_t q = 0; q < pts.size() / 2; ++q) {
    EXPECT_EQ(pts[2 * q + 1], 0.0);
    const double xq = pts[2 * q];
    EXPECT_NEAR(pb.BoundaryValue(&pts[2 * q]), xq * xq * std::cos(M_PI * xq), 1e-15);
  }
  const ContinuationParameter c = pb.Continuation();
  EXPECT_EQ(c.start, 0.0);
  EXPECT_EQ(c.target, 1.0);
}

TEST(AllenCahnTime, AnisotropicGrid) {
  // -sample_nx: nx points along x, n_res/nx along t, each axis without its end points; the
  // mirror images in x fold in pairs when nx is even.
  AllenCahnTime   pb;
  double          lo[2], hi[2];
  SamplingOptions o;
  pb.Bounds(lo, hi);
  o.n_res = 60, o.nx = 12;
  std::vector<double> pts, mult;
  ASSERT_EQ(InteriorPoints(PETSC_COMM_SELF, 2, lo, hi, o, 0, &pts), 0);
  ASSERT_EQ(pts.size(), 120u);
  for (size_t q = 0; q < 60; ++q) {
    EXPECT_NEAR(pts[2 * q], -1.0 + 2.0 * (q % 12 + 1) / 13.0, 1e-15);
    EXPECT_NEAR(pts[2 * q + 1], (q / 12 + 1) / 6.0, 1e-15);
  }
  FoldByParity(2, {Parity::Even, Parity::None}, 2.0, &pts, &mult);
  EXPECT_EQ(pts.size(), 60u);
  for (double m : mult) EXPECT_EQ(m, 2.0);
}

namespace {
/// u0 = x² cos(πx) on y_i = i/m, x = 2y − 1.
std::vector<double> Initial(int m) {
  std::vector<double> u(m);
  for (int i = 0; i < m; ++i) u[i] = AllenCahnTime::InitialState(-1.0 + 2.0 * i / m);
  return u;
}
std::vector<double> Sensors(int m) {
  std::vector<double> y(m);
  for (int j = 0; j < m; ++j) y[j] = (j + 0.5) / m;
  return y;
}
double MaxDiff(const std::vector<double> &a, const std::vector<double> &b) {
  double e = 0;
  for (size_t i = 0; i < a.size(); ++i) e = std::fmax(e, std::fabs(a[i] - b[i]));
  return e;
}
PeriodicEtdrk4 Make() {
  PeriodicEtdrk4 s;
  EXPECT_EQ(s.Setup(PETSC_COMM_SELF, AllenCahnTimeEquation(1e-4, 5.0), Etdrk4Options()), 0);
  return s;
}
} // namespace

TEST(AllenCahnTimeReference, FourthOrderInDt) {
  // Fixed modes (N = 256): the runs converge to the same semi-discrete solution.
  const PeriodicEtdrk4      s = Make();
  const std::vector<double> t = {0.5, 1.0}, y = Sensors(64), u0 = Initial(2048);
  std::vector<double>       ref, u;
  ASSERT_EQ(s.Run(u0, 256, 0.05 / 64, t, y, &ref), 0);
  double err[3];
  for (int l = 0; l < 3; ++l) {
    ASSERT_EQ(s.Run(u0, 256, 0.05 / (1 << l), t, y, &u), 0);
    err[l] = MaxDiff(u, ref);
  }
  EXPECT_GT(err[2], 1e-10); // not at rounding yet
  EXPECT_NEAR(err[0] / err[1], 16.0, 4.0) << err[0] << " " << err[1];
  EXPECT_NEAR(err[1] / err[2], 16.0, 4.0) << err[1] << " " << err[2];
}

TEST(AllenCahnTimeReference, ConvergesInTheModes) {
  // Fixed step: doubling N shrinks the difference to the next run by more than 10 each time
  // (the initial kink at x = ±1 makes it algebraic at first, then faster).
  const PeriodicEtdrk4             s = Make();
  const std::vector<double>        t = {0.05, 0.25, 1.0}, y = Sensors(512), u0 = Initial(32768);
  std::vector<std::vector<double>> u(5);
  for (int l = 0; l < 5; ++l) ASSERT_EQ(s.Run(u0, 256 << l, 2.5e-3, t, y, &u[l]), 0);
  double prev = 0;
  for (int l = 0; l < 4; ++l) {
    const double d = petnet_test::RelErr(u[l], u[4]);
    if (l > 0) EXPECT_LT(d, prev / 10) << "N " << (256 << l);
    prev = d;
  }
  EXPECT_LT(prev, 1e-6);
}

TEST(AllenCahnTimeReference, EstimateAtTheDefaults) {
  AllenCahnTime          pb;
  AllenCahnTimeReference ref;
  ASSERT_EQ(ref.SetFromOptions(PETSC_COMM_SELF, pb), 0);
  ASSERT_EQ(ref.Compute(PETSC_COMM_SELF), 0);
  EXPECT_LT(ref.ErrorEstimate(), 1e-7);
  EXPECT_GT(ref.ErrorEstimate(), 0.0);
  EXPECT_LT(ref.MaxErrorEstimate(), 1e-6);
  // The initial state at t = 0; even in x; u_λ(x, t) = u(x, λt); by t = 1 the phases have
  // formed (u0 > 0 at x = 0.2 → +1, u0 < 0 at x = 0.6 and ±1 → −1; x = 0 stays near 0).
  const double x0[2] = {0.3, 0.0}, xa[2] = {0.37, 0.8}, xb[2] = {-0.37, 0.8};
  EXPECT_EQ(ref.At(x0, 1.0), AllenCahnTime::InitialState(0.3));
  EXPECT_NEAR(ref.At(xa, 1.0), ref.At(xb, 1.0), 1e-9);
  EXPECT_NEAR(ref.At(xa, 0.5), ref.Solution(0.37, 0.4), 1e-14);
  EXPECT_NEAR(ref.Solution(0.2, 1.0), 1.0, 3e-2);
  EXPECT_NEAR(ref.Solution(0.6, 1.0), -1.0, 3e-2);
  EXPECT_LT(std::fabs(ref.Solution(0.0, 1.0)), 0.1);
  EXPECT_NEAR(ref.Solution(1.0, 1.0), -1.0, 1e-3);
}

TEST(AllenCahnTimeReference, EvaluationMatchesTheSeries) {
  // Eight-point interpolation of the 8N samples against the Fourier series itself, at a
  // level time; between levels, the cubic interpolation in t against a run with output there.
  petnet_test::ScopedOptions opt({{"-pde_ref_n", "512"}, {"-pde_ref_dt", "0.005"}});
  AllenCahnTime              pb;
  AllenCahnTimeReference     ref;
  ASSERT_EQ(ref.SetFromOptions(PETSC_COMM_SELF, pb), 0);
  ASSERT_EQ(ref.Compute(PETSC_COMM_SELF), 0);
  const PeriodicEtdrk4      s = Make();
  const std::vector<double> y = Sensors(97);
  std::vector<double>       at, mid;
  ASSERT_EQ(s.Run(Initial(4096), 1024, 0.0025, {0.3, 0.3025}, y, &at), 0);
  double e_level = 0, e_mid = 0;
  for (size_t j = 0; j < y.size(); ++j) {
    e_level = std::fmax(e_level, std::fabs(ref.Solution(2 * y[j] - 1, 0.3) - at[j]));
    e_mid   = std::fmax(e_mid, std::fabs(ref.Solution(2 * y[j] - 1, 0.3025) - at[97 + j]));
  }
  EXPECT_LT(e_level, 1e-10);
  EXPECT_LT(e_mid, 1e-4); // cubic in t with steps of 0.005
  EXPECT_GT(e_mid, e_level);
}

TEST(AllenCahnTimeReference, RefusesBadOptions) {
  AllenCahnTime          pb;
  AllenCahnTimeReference ref;
  PetscPushErrorHandler(PetscReturnErrorHandler, nullptr);
  {
    petnet_test::ScopedOptions opt(petnet_test::OptionList{{"-pde_ref_n", "63"}});
    EXPECT_NE(ref.SetFromOptions(PETSC_COMM_SELF, pb), 0);
  }
  {
    petnet_test::ScopedOptions opt(petnet_test::OptionList{{"-pde_ref_dt", "-1"}});
    EXPECT_NE(ref.SetFromOptions(PETSC_COMM_SELF, pb), 0);
  }
  PetscPopErrorHandler();
}
