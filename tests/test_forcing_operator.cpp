// The forcing operators (pde/forcing_operator.hpp): the homotopy's G = ∂H/∂U and
// ∂H/∂s against central differences at random jets, for both PDEs, both starts and
// both ε schedules; their references (reference/forcing_reference.hpp): the same state
// from every start, different states for different forcings, a small grid error.
#include "pde/forcing_operator.hpp"
#include "reference/operator_reference.hpp"
#include "sampling/grf.hpp"

#include "test_util.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <vector>

using namespace petnet;

namespace {

std::unique_ptr<OperatorProblem> Make(const char *name, const char *start, const char *sched) {
  std::unique_ptr<OperatorProblem> p;
  PetscOptionsSetValue(nullptr, "-pde_start", start);
  PetscOptionsSetValue(nullptr, "-pde_eps_schedule", sched);
  PetscOptionsSetValue(nullptr, "-pde_forcing_mean", "0.7");
  EXPECT_EQ(CreateOperatorProblem(PETSC_COMM_SELF, name, &p), 0);
  EXPECT_EQ(p->SetFromOptions(PETSC_COMM_SELF), 0);
  EXPECT_EQ(p->SetScheduleFromOptions(PETSC_COMM_SELF), 0);
  for (const char *o : {"-pde_start", "-pde_eps_schedule", "-pde_forcing_mean"})
    PetscOptionsClearValue(nullptr, o);
  return p;
}

/// H at rows of random jets U (5 components), forcings f and points X.
struct Rows {
  static constexpr int n = 7, c = 5;
  DView2               X{"X", n, 2}, U{"U", n, c}, G{"G", n, c};
  DView1               f{"f", n}, r{"r", n}, rs{"rs", n};
  explicit Rows(unsigned seed) {
    std::mt19937_64                        gen(seed);
    std::uniform_real_distribution<double> u(-1.5, 1.5);
    auto hX = Kokkos::create_mirror_view(X), hU = Kokkos::create_mirror_view(U);
    auto hf = Kokkos::create_mirror_view(f);
    for (int q = 0; q < n; ++q) {
      hX(q, 0) = 0.5 + 0.3 * u(gen), hX(q, 1) = 0.5 + 0.3 * u(gen), hf(q) = u(gen);
      for (int k = 0; k < c; ++k) hU(q, k) = u(gen);
    }
    Kokkos::deep_copy(X, hX), Kokkos::deep_copy(U, hU), Kokkos::deep_copy(f, hf);
  }
  std::vector<double> H(const OperatorProblem &p, double s, bool derivs) {
    p.Homotopy(s, X, f, U, r, G, derivs ? rs : DView1("none", 0));
    auto                h = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), r);
    std::vector<double> out(n);
    for (int q = 0; q < n; ++q) out[q] = h(q);
    return out;
  }
};

class ForcingHomotopy
    : public ::testing::TestWithParam<std::tuple<const char *, const char *, const char *>> {};

TEST_P(ForcingHomotopy, DerivativesMatchFiniteDifferences) {
  const auto [name, start, sched] = GetParam();
  auto         p                  = Make(name, start, sched);
  Rows         rows(11);
  const double h = 1e-6;
  for (double s : {0.05, 0.3, 0.8}) { // below and above ε = 0.1 (the schedule's kink)
    rows.H(*p, s, true);
    auto                hG  = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), rows.G);
    auto                hrs = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), rows.rs);
    std::vector<double> rp = rows.H(*p, s + h, false), rm = rows.H(*p, s - h, false);
    for (int q = 0; q < Rows::n; ++q)
      EXPECT_NEAR(hrs(q), (rp[q] - rm[q]) / (2 * h), 1e-6 * (1 + std::fabs(hrs(q))))
          << name << " " << start << " " << sched << " s = " << s << " row " << q;
    // a copy (on a host execution space the mirror is the view itself)
    Kokkos::View<double **, Kokkos::LayoutLeft, Kokkos::HostSpace> hU("U0", Rows::n, Rows::c);
    Kokkos::deep_copy(hU, rows.U);
    for (int k = 0; k < Rows::c; ++k) {
      auto bump = [&](double d) {
        auto w = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), rows.U);
        for (int q = 0; q < Rows::n; ++q) w(q, k) = hU(q, k) + d;
        Kokkos::deep_copy(rows.U, w);
        return rows.H(*p, s, false);
      };
      std::vector<double> up = bump(h), um = bump(-h);
      bump(0.0);
      for (int q = 0; q < Rows::n; ++q)
        EXPECT_NEAR(hG(q, k), (up[q] - um[q]) / (2 * h), 1e-6 * (1 + std::fabs(hG(q, k))))
            << name << " " << start << " s = " << s << " row " << q << " component " << k;
    }
  }
  // The ends: at s = 1 the residual is u − c·f, at s = 0 the PDE.
  std::vector<double> r1 = rows.H(*p, 1.0, false);
  auto                hU = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), rows.U);
  auto                hf = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), rows.f);
  const double        c  = std::string(start) == "input" ? 1.0 : 0.0;
  for (int q = 0; q < Rows::n; ++q) EXPECT_NEAR(r1[q], hU(q, 0) - c * hf(q), 1e-14);
  std::vector<double> r0      = rows.H(*p, 0.0, false);
  const bool          burgers = std::string(name) == "burgers_2d_forcing";
  for (int q = 0; q < Rows::n; ++q) {
    const double u = hU(q, 0), lap = hU(q, 3) + hU(q, 4);
    const double pde = burgers ? u * (hU(q, 1) + hU(q, 2)) - 0.1 * lap - 0.7 - hf(q)
                               : -0.01 * lap + u * u * u - u - 0.7 - hf(q);
    EXPECT_NEAR(r0[q], pde, 1e-13);
  }
}

INSTANTIATE_TEST_SUITE_P(
    All, ForcingHomotopy,
    ::testing::Combine(::testing::Values("burgers_2d_forcing", "allen_cahn_2d_forcing"),
                       ::testing::Values("zero", "input"), ::testing::Values("max", "fixed")));

// The references on a 9 x 9 grid (reference grid 33 x 33): one state from every start
// (uniqueness), forcings that differ give states that differ (spread), a grid error
// that is small against the spread.
class ForcingReferences : public ::testing::TestWithParam<const char *> {};

TEST_P(ForcingReferences, UniqueAndInputDependent) {
  const PetscInt      m = 9;
  auto                p = Make(GetParam(), "zero", "max");
  GaussianRandomField grf;
  GrfOptions          o;
  o.dim = 2, o.m = m, o.lo = 0, o.hi = 1, o.sigma = 50, o.shift = 9, o.power = 3;
  ASSERT_EQ(grf.Setup(PETSC_COMM_SELF, o), 0);
  std::unique_ptr<OperatorReference> ref;
  ASSERT_EQ(CreateOperatorReference(PETSC_COMM_SELF, *p, m, &ref), 0);
  std::vector<double> a(m * m), b(m * m), ua, ub;
  grf.Sample(5, 0, a.data());
  grf.Sample(5, 1, b.data());
  double ge = -1, diff = -1;
  ASSERT_EQ(ref->Solve(a, &ua, &ge), 0);
  ASSERT_EQ(ref->Solve(b, &ub, nullptr), 0);
  ASSERT_EQ(ref->StartsDifference(a, ua, &diff), 0);
  EXPECT_GE(diff, 0.0);
  EXPECT_LT(diff, 1e-8) << "another start reached another state";
  EXPECT_GT(ge, 0.0);
  EXPECT_LT(ge, 2e-2);
  const double spread = petnet_test::RelErr(ub, ua);
  EXPECT_GT(spread, 0.1) << "the two forcings' states should differ";
  EXPECT_EQ(ua[0], 0.0);         // boundary
  EXPECT_GT(ua[4 * m + 4], 0.1); // the centre: pushed up by the mean forcing
  std::printf("%s: starts differ by %.1e, grid error %.1e, relative difference of two states "
              "%.3f, u(centre) %.3f\n",
              GetParam(), diff, ge, spread, ua[4 * m + 4]);
}

INSTANTIATE_TEST_SUITE_P(All, ForcingReferences,
                         ::testing::Values("burgers_2d_forcing", "allen_cahn_2d_forcing"));

} // namespace
