// Gaussian random fields: sample statistics of the sine coefficients and of point
// values match the spectrum; samples do not depend on which rank draws them.
#include "sampling/grf.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

using namespace petnet;

namespace {

/// a_k = (2/(m−1)) Σ_j u_j sin(kπ j/(m−1)): the discrete sine coefficient of mode k
/// (exact inverse of the synthesis for k ≤ m − 2).
double Coef1(const double *u, int m, int k) {
  double a = 0;
  for (int j = 1; j < m - 1; ++j) a += u[j] * std::sin(M_PI * k * j / (m - 1));
  return a * 2.0 / (m - 1);
}

TEST(GaussianRandomField, CovarianceMatchesSpectrum1D) {
  GrfOptions o;
  o.m     = 33;
  o.sigma = 49;
  o.shift = 49;
  o.power = 4;
  GaussianRandomField grf;
  ASSERT_EQ(grf.Setup(PETSC_COMM_SELF, o), 0);
  const int           N = 20000, m = 33;
  std::vector<double> u(m), var_a(6, 0.0), mean_a(6, 0.0), var_u(m, 0.0), cov_u(1, 0.0);
  for (int s = 0; s < N; ++s) {
    grf.Sample(7, s, u.data());
    EXPECT_EQ(u[0], 0.0);
    EXPECT_EQ(u[m - 1], 0.0);
    for (int k = 1; k <= 5; ++k) {
      const double a = Coef1(u.data(), m, k);
      mean_a[k] += a / N;
      var_a[k] += a * a / N;
    }
    for (int j = 0; j < m; ++j) var_u[j] += u[j] * u[j] / N;
    cov_u[0] += u[8] * u[16] / N;
  }
  // Var a_k = 2 λ_k / ℓ (orthonormal sines √2 sin(kπx)); sampling error √(2/N) ≈ 1%.
  for (int k = 1; k <= 5; ++k) {
    const double expect = 2.0 * grf.Eigenvalue(k);
    EXPECT_NEAR(var_a[k] / expect, 1.0, 0.05) << "mode " << k;
    EXPECT_LT(std::fabs(mean_a[k]), 5.0 * std::sqrt(expect / N)) << "mode " << k;
  }
  // Point covariance C(x, y) = Σ_k 2 λ_k sin(kπx) sin(kπy) (all m − 2 modes).
  auto C = [&](int i, int j) {
    double c = 0;
    for (int k = 1; k <= m - 2; ++k)
      c += 2.0 * grf.Eigenvalue(k) * std::sin(M_PI * k * i / (m - 1)) *
           std::sin(M_PI * k * j / (m - 1));
    return c;
  };
  for (int j : {4, 8, 16, 24}) EXPECT_NEAR(var_u[j] / C(j, j), 1.0, 0.05) << "point " << j;
  EXPECT_NEAR(cov_u[0] / C(8, 16), 1.0, 0.06);
}

TEST(GaussianRandomField, CovarianceMatchesSpectrum2D) {
  GrfOptions o;
  o.dim   = 2;
  o.m     = 17;
  o.sigma = 10;
  o.shift = 9;
  o.power = 2;
  o.lo    = -1;
  o.hi    = 1;
  GaussianRandomField grf;
  ASSERT_EQ(grf.Setup(PETSC_COMM_SELF, o), 0);
  const int           N = 8000, m = 17;
  std::vector<double> u(m * m);
  double              v11 = 0, v12 = 0, v21 = 0, v32 = 0;
  // a_kl = (2/(m−1))² Σ u_ij sin(kπi/(m−1)) sin(lπj/(m−1)); Var = λ_kl (2/ℓ)² · ... with ℓ = 2:
  // φ_kl = (2/ℓ) sin sin, so the coefficient of sin sin is (2/ℓ) √λ ξ: Var = (2/ℓ)² λ = λ.
  auto coef = [&](int k, int l) {
    double a = 0;
    for (int i = 1; i < m - 1; ++i)
      for (int j = 1; j < m - 1; ++j)
        a += u[i * m + j] * std::sin(M_PI * k * i / (m - 1)) * std::sin(M_PI * l * j / (m - 1));
    return a * 4.0 / ((m - 1.0) * (m - 1.0));
  };
  for (int s = 0; s < N; ++s) {
    grf.Sample(3, s, u.data());
    const double a11 = coef(1, 1), a12 = coef(1, 2), a21 = coef(2, 1), a32 = coef(3, 2);
    v11 += a11 * a11 / N;
    v12 += a12 * a12 / N;
    v21 += a21 * a21 / N;
    v32 += a32 * a32 / N;
  }
  EXPECT_NEAR(v11 / grf.Eigenvalue(1, 1), 1.0, 0.07);
  EXPECT_NEAR(v12 / grf.Eigenvalue(1, 2), 1.0, 0.07);
  EXPECT_NEAR(v21 / grf.Eigenvalue(2, 1), 1.0, 0.07);
  EXPECT_NEAR(v32 / grf.Eigenvalue(3, 2), 1.0, 0.07);
}

TEST(GaussianRandomField, SamplesIndependentOfRanks) {
  GrfOptions o;
  o.m = 20;
  GaussianRandomField grf;
  ASSERT_EQ(grf.Setup(PETSC_COMM_WORLD, o), 0);
  const PetscInt N = 11;
  PetscInt       first, count;
  OwnedBlock(PETSC_COMM_WORLD, N, &first, &count);
  std::vector<double> mine(count * 20), all(N * 20), serial(N * 20);
  for (PetscInt i = 0; i < count; ++i) grf.Sample(5, first + i, &mine[i * 20]);
  std::vector<int> counts(Size(PETSC_COMM_WORLD)), displs(counts.size());
  int              c = static_cast<int>(count * 20);
  MPI_Allgather(&c, 1, MPI_INT, counts.data(), 1, MPI_INT, PETSC_COMM_WORLD);
  for (size_t r = 1; r < counts.size(); ++r) displs[r] = displs[r - 1] + counts[r - 1];
  MPI_Allgatherv(mine.data(), c, MPI_DOUBLE, all.data(), counts.data(), displs.data(), MPI_DOUBLE,
                 PETSC_COMM_WORLD);
  for (PetscInt i = 0; i < N; ++i) grf.Sample(5, i, &serial[i * 20]);
  EXPECT_EQ(all, serial);
  // different samples differ
  EXPECT_NE(serial[5], serial[25]);
}

} // namespace

TEST(GaussianRandomField, GridPointsMatchSamplesAndBoundary) {
  // 2D on [-1, 2]²: points in sample order (index j₁·m + j₂ at (grid[j₁], grid[j₂])),
  // boundary flags exactly where every sample vanishes by construction.
  GrfOptions o;
  o.dim = 2;
  o.m   = 7;
  o.lo  = -1;
  o.hi  = 2;
  GaussianRandomField grf;
  ASSERT_EQ(grf.Setup(PETSC_COMM_SELF, o), 0);
  std::vector<double> pts, u(grf.Size());
  std::vector<char>   bnd;
  grf.GridPoints(&pts, &bnd);
  ASSERT_EQ(pts.size(), 2u * 49);
  ASSERT_EQ(bnd.size(), 49u);
  grf.Sample(5, 3, u.data());
  int nb = 0;
  for (int q = 0; q < 49; ++q) {
    EXPECT_DOUBLE_EQ(pts[2 * q], -1.0 + 3.0 * (q / 7) / 6.0);
    EXPECT_DOUBLE_EQ(pts[2 * q + 1], -1.0 + 3.0 * (q % 7) / 6.0);
    nb += bnd[q];
    if (bnd[q]) EXPECT_EQ(u[q], 0.0);
    else EXPECT_NE(u[q], 0.0);
  }
  EXPECT_EQ(nb, 4 * 6);
  o.dim = 1;
  GaussianRandomField g1;
  ASSERT_EQ(g1.Setup(PETSC_COMM_SELF, o), 0);
  g1.GridPoints(&pts, &bnd);
  ASSERT_EQ(pts.size(), 7u);
  EXPECT_EQ(bnd.front() + bnd.back(), 2);
  EXPECT_DOUBLE_EQ(pts[3], 0.5);
  for (int q = 1; q < 6; ++q) EXPECT_EQ(bnd[q], 0);
}
