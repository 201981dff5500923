// Shallow Ritz numerics: quadrature, the O(n) linear solve, gradient, Hessian and
// Newton direction of the energy against dense / finite-difference references.
#include "quadrature/gauss_legendre.hpp"
#include "ritz/adbn.hpp"
#include "ritz/dbn.hpp"
#include "ritz/diffusion1d.hpp"
#include "ritz/ritz_energy.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

using namespace petnet;

namespace {

// Dense Gaussian elimination with partial pivoting (tests only).
std::vector<double> DenseSolve(std::vector<std::vector<double>> A, std::vector<double> b) {
  const int n = static_cast<int>(b.size());
  for (int k = 0; k < n; ++k) {
    int p = k;
    for (int i = k + 1; i < n; ++i)
      if (std::fabs(A[i][k]) > std::fabs(A[p][k])) p = i;
    std::swap(A[k], A[p]);
    std::swap(b[k], b[p]);
    for (int i = k + 1; i < n; ++i) {
      const double l = A[i][k] / A[k][k];
      for (int j = k; j < n; ++j) A[i][j] -= l * A[k][j];
      b[i] -= l * b[k];
    }
  }
  std::vector<double> x(n);
  for (int i = n - 1; i >= 0; --i) {
    double s = b[i];
    for (int j = i + 1; j < n; ++j) s -= A[i][j] * x[j];
    x[i] = s / A[i][i];
  }
  return x;
}

struct RitzCase {
  Diffusion1D pde;
  RitzEnergy  E;
  ShallowReLU model;
};

// A problem, its energy and a non-uniform sorted set of breakpoints with c from the solve.
void MakeSetup(const char *name, double k, double gamma, int n, RitzCase *s) {
  ASSERT_EQ(Diffusion1D::Create(PETSC_COMM_SELF, name, &s->pde), 0);
  s->pde.SetK(k);
  s->pde.SetBoundary(s->pde.U(0.0), s->pde.U(1.0));
  ASSERT_EQ(RitzEnergy::Create(PETSC_COMM_SELF, s->pde, gamma, 8, &s->E), 0);
  s->model = ShallowReLU::Uniform(s->pde.Alpha(), n);
  for (int i = 0; i < n; ++i) { // deterministic, non-uniform, avoiding x = 1/2
    const double t = (i + 1.0) / (n + 1.0);
    s->model.b[i]  = t + 0.3 * t * (1 - t) * std::sin(7.0 * i + 1.0) / (n + 1.0) * 2;
  }
  s->model.Sort();
  RitzMoments m;
  RitzSolveLinear(s->E, &s->model, &m);
}

} // namespace

TEST(RitzQuadrature, GaussLegendreExactToDegree) {
  for (int m = 1; m <= 12; ++m) {
    GaussLegendre rule;
    ASSERT_EQ(GaussLegendre::Create(PETSC_COMM_SELF, m, &rule), 0);
    const double lo = -0.3, hi = 1.7;
    for (int d = 0; d <= 2 * m - 1; ++d) {
      const double exact = (std::pow(hi, d + 1) - std::pow(lo, d + 1)) / (d + 1);
      const double q     = rule.Apply([&](double x) { return std::pow(x, d); }, lo, hi);
      EXPECT_NEAR(q, exact, 1e-14 * std::max(1.0, std::fabs(exact)))
          << "m " << m << " degree " << d;
    }
    // degree 2m is not integrated exactly: the check above can tell the difference
    const int    d     = 2 * m;
    const double exact = (std::pow(hi, d + 1) - std::pow(lo, d + 1)) / (d + 1);
    EXPECT_GT(std::fabs(rule.Apply([&](double x) { return std::pow(x, d); }, lo, hi) - exact),
              1e-12 * exact);
  }
}

TEST(RitzQuadrature, CompositeSplitsAndGrades) {
  GaussLegendre rule;
  ASSERT_EQ(GaussLegendre::Create(PETSC_COMM_SELF, 4, &rule), 0);
  CompositeOptions o;
  o.breaks = {0.5};
  // piecewise cubic with a jump at 1/2: exact once split there
  auto g = [](double x) { return x < 0.5 ? x * x * x : 3.0 + x; };
  EXPECT_NEAR(IntegrateComposite(rule, g, 0.0, 1.0, o),
              0.5 * 0.5 * 0.5 * 0.5 / 4 + 3 * 0.5 + (1 - 0.25) / 2, 1e-15);
  // integrable singularity x^{-1/3} at 0 (f of (7.2) times x): graded pieces
  GaussLegendre rule8;
  ASSERT_EQ(GaussLegendre::Create(PETSC_COMM_SELF, 8, &rule8), 0);
  CompositeOptions s;
  s.singular_at = 0.0;
  EXPECT_NEAR(IntegrateComposite(
                  rule8, [](double x) { return std::pow(x, -1.0 / 3.0); }, 0.0, 1.0, s),
              1.5, 1e-12);
  // and towards the right end: ∫_0^1 (1 − x)^{-1/3} (x + 1) = 2.4; the grading stops at
  // pieces ~1e-15 long (rounding near x = 1), which leaves ~1e-10
  s.singular_at = 1.0;
  EXPECT_NEAR(
      IntegrateComposite(
          rule8, [](double x) { return std::pow(1 - x, -1.0 / 3.0) * (x + 1); }, 0.0, 1.0, s),
      2.4, 1e-9);
}

TEST(RitzLinearSolve, MatchesDenseSolve) {
  for (const char *name : {"ritz_exp", "ritz_interface"}) {
    RitzCase s;
    MakeSetup(name, 10.0, 1e4, 9, &s);
    const int           n = s.model.NumBreakpoints();
    const auto         &E = s.E;
    const auto         &p = s.pde;
    std::vector<double> bb{0.0};
    bb.insert(bb.end(), s.model.b.begin(), s.model.b.end());
    // 𝒜_ij = ∫_{max(b_i,b_j)}^1 a + γ d_i d_j,  ℱ_i = ∫ f σ(x − b_i) + γ(β − α) d_i
    std::vector<std::vector<double>> A(n + 1, std::vector<double>(n + 1));
    std::vector<double>              F(n + 1);
    for (int i = 0; i <= n; ++i) {
      for (int j = 0; j <= n; ++j)
        A[i][j] = E.Integrate([&](double x) { return p.A(x); }, std::max(bb[i], bb[j]), 1.0) +
                  E.Gamma() * (1 - bb[i]) * (1 - bb[j]);
      F[i] = E.Integrate([&](double x) { return p.F(x) * (x - bb[i]); }, bb[i], 1.0) +
             E.Gamma() * (p.Beta() - p.Alpha()) * (1 - bb[i]);
    }
    const std::vector<double> c    = DenseSolve(A, F);
    double                    cmax = 0;
    for (double v : c) cmax = std::max(cmax, std::fabs(v));
    for (int i = 0; i <= n; ++i) EXPECT_NEAR(s.model.c[i], c[i], 1e-9 * cmax) << name << " c_" << i;
  }
}

TEST(RitzDerivatives, GradientMatchesFiniteDifferences) {
  for (const char *name : {"ritz_exp", "ritz_power", "ritz_interface"}) {
    RitzCase s;
    MakeSetup(name, 10.0, 1e4, 11, &s);
    auto     &m = s.model;
    const int n = m.NumBreakpoints();
    for (double &c : m.c) c *= 1.1; // off the c-optimum, so that ∂J/∂c ≠ 0 is tested too
    RitzWork            w;
    std::vector<double> gc, gb;
    const double        J0 = s.E.EnergyAndGradient(m.b, m.c, &gc, &gb, &w);
    EXPECT_NEAR(J0, s.E.EnergyAt(m.b, m.c, &w), 1e-13 * std::fabs(J0));
    double scale = 0;
    for (double v : gb) scale = std::max(scale, std::fabs(v));
    for (int j = 0; j < n; ++j) {
      const double h  = 1e-6;
      auto         bp = m.b, bm = m.b;
      bp[j] += h, bm[j] -= h;
      const double fd = (s.E.EnergyAt(bp, m.c, &w) - s.E.EnergyAt(bm, m.c, &w)) / (2 * h);
      EXPECT_NEAR(gb[j], fd, 1e-6 * scale + 1e-7 * std::fabs(J0)) << name << " dJ/db_" << j + 1;
    }
    double cscale = 0;
    for (double v : gc) cscale = std::max(cscale, std::fabs(v));
    for (int i = 0; i <= n; ++i) {
      const double h  = 1e-6 * std::max(1.0, std::fabs(m.c[i]));
      auto         cp = m.c, cm = m.c;
      cp[i] += h, cm[i] -= h;
      const double fd = (s.E.EnergyAt(m.b, cp, &w) - s.E.EnergyAt(m.b, cm, &w)) / (2 * h);
      EXPECT_NEAR(gc[i], fd, 1e-6 * cscale + 1e-7 * std::fabs(J0)) << name << " dJ/dc_" << i;
    }
  }
}

TEST(RitzDerivatives, HessianIsDcBPlusGammaCCt) {
  for (const char *name : {"ritz_exp", "ritz_power"}) {
    RitzCase s;
    MakeSetup(name, 10.0, 1e4, 8, &s);
    auto       &m = s.model;
    const int   n = m.NumBreakpoints();
    RitzMoments mom;
    s.E.Assemble(m.b.data(), n, &mom);
    std::vector<double> gp(n);
    s.E.BlockGradient(m.b.data(), n, m.c.data(), mom, nullptr, gp.data(), nullptr);
    RitzWork                         w;
    std::vector<double>              gc, gbp, gbm;
    double                           hmax = 0;
    std::vector<std::vector<double>> H(n, std::vector<double>(n));
    for (int k = 0; k < n; ++k) {
      const double h  = 1e-6;
      auto         bp = m.b, bm = m.b;
      bp[k] += h, bm[k] -= h;
      s.E.EnergyAndGradient(bp, m.c, &gc, &gbp, &w);
      s.E.EnergyAndGradient(bm, m.c, &gc, &gbm, &w);
      for (int j = 0; j < n; ++j)
        H[j][k] = (gbp[j] - gbm[j]) / (2 * h), hmax = std::max(hmax, std::fabs(H[j][k]));
    }
    for (int j = 0; j < n; ++j)
      for (int k = 0; k < n; ++k) {
        const double model =
            (j == k ? m.c[j + 1] * gp[j] : 0.0) + s.E.Gamma() * m.c[j + 1] * m.c[k + 1];
        EXPECT_NEAR(H[j][k], model, 1e-5 * hmax) << name << " H_" << j + 1 << "," << k + 1;
        EXPECT_NEAR(H[j][k], H[k][j], 1e-5 * hmax) << "the Hessian is symmetric";
      }
  }
}

TEST(RitzDerivatives, NewtonDirectionMatchesDenseNewton) {
  for (double gamma : {1e4, 1e11}) {
    RitzCase s;
    MakeSetup("ritz_exp", 1.0, gamma, 12, &s);
    auto       &m = s.model;
    const int   n = m.NumBreakpoints();
    RitzMoments mom;
    s.E.Assemble(m.b.data(), n, &mom);
    std::vector<double> g(n), gp(n), grad(n), p(n);
    s.E.BlockGradient(m.b.data(), n, m.c.data(), mom, g.data(), gp.data(), grad.data());
    const double      gbb = gamma * s.E.BetaBar(m.b.data(), n, m.c.data());
    std::vector<char> free_set(n, 1);
    free_set[3] = 0, free_set[7] = 0; // an excluded set: those coordinates stay
    DampedBlockNewton::NewtonDirection(n, m.c.data() + 1, g.data(), gp.data(), free_set.data(),
                                       gamma, gbb, false, p.data());
    // dense: (D(c)B + γccᵀ)_FF p_F = −∇_F J
    std::vector<int> F;
    for (int j = 0; j < n; ++j)
      if (free_set[j]) F.push_back(j);
    const int                        nf = static_cast<int>(F.size());
    std::vector<std::vector<double>> H(nf, std::vector<double>(nf));
    std::vector<double>              rhs(nf);
    for (int a = 0; a < nf; ++a) {
      for (int b = 0; b < nf; ++b)
        H[a][b] = (a == b ? m.c[F[a] + 1] * gp[F[a]] : 0.0) + gamma * m.c[F[a] + 1] * m.c[F[b] + 1];
      rhs[a] = -grad[F[a]];
    }
    // Residual of the Sherman–Morrison direction in the dense system (backward error).
    double hnorm = 0, pnorm = 0, gnorm = 0;
    for (int a = 0; a < nf; ++a) {
      pnorm = std::max(pnorm, std::fabs(p[F[a]])), gnorm = std::max(gnorm, std::fabs(rhs[a]));
      double row = 0;
      for (int b = 0; b < nf; ++b) row += std::fabs(H[a][b]);
      hnorm = std::max(hnorm, row);
    }
    for (int a = 0; a < nf; ++a) {
      double res = -rhs[a];
      for (int b = 0; b < nf; ++b) res += H[a][b] * p[F[b]];
      EXPECT_LE(std::fabs(res), 1e-12 * (hnorm * pnorm + gnorm))
          << "gamma " << gamma << " row " << F[a] + 1;
    }
    // and the dense solution itself where H is well enough conditioned for elimination
    if (gamma < 1e6) {
      const std::vector<double> pd   = DenseSolve(H, rhs);
      double                    pmax = 0;
      for (double v : pd) pmax = std::max(pmax, std::fabs(v));
      for (int a = 0; a < nf; ++a)
        EXPECT_NEAR(p[F[a]], pd[a], 1e-9 * pmax) << "gamma " << gamma << " p_" << F[a] + 1;
    }
    EXPECT_EQ(p[3], 0.0);
    EXPECT_EQ(p[7], 0.0);
  }
}

TEST(RitzAdaptive, AverageMarkingAndMidpoints) {
  const std::vector<int> marked = AverageMarking({1.0, 4.0, 2.0, 5.0});
  ASSERT_EQ(marked, (std::vector<int>{1, 3}));  // mean 3
  ShallowReLU m = ShallowReLU::Uniform(0.0, 3); // b = 1/4, 1/2, 3/4
  InsertMidpoints(marked, &m);
  ASSERT_EQ(m.NumBreakpoints(), 5);
  EXPECT_DOUBLE_EQ(m.b[1], 0.375);
  EXPECT_DOUBLE_EQ(m.b[4], 0.875);
  EXPECT_EQ(m.c.size(), 6u);
}
