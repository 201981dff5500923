// Periodic Gaussian random fields: the empirical variance of each Fourier mode matches
// √2 σ ((2πk)² + τ²)^(−γ/2) squared; samples are periodic and real at the sensors; a seed
// gives the same sample on every build and whichever rank draws it.
#include "sampling/grf.hpp"
#include "sampling/periodic_grf.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <vector>

using namespace petnet;

namespace {

PeriodicGrfOptions Benchmark(PetscInt modes) {
  PeriodicGrfOptions o; // σ = 25², τ = 5, γ = 4
  o.modes = modes;
  return o;
}

TEST(PeriodicGrf, ModeVarianceMatchesFormula) {
  PeriodicGaussianRandomField grf;
  ASSERT_EQ(grf.Setup(PETSC_COMM_SELF, Benchmark(12)), 0);
  // The formula itself, at the benchmark's parameters.
  EXPECT_NEAR(grf.Amplitude(1), std::sqrt(2.0) * 625.0 / std::pow(4 * M_PI * M_PI + 25.0, 2.0),
              1e-15);
  const int           N = 8000, m = 32, kmax = 12;
  const int           ks[] = {1, 2, 3, 6, 12};
  std::vector<double> u, va(kmax + 1), vb(kmax + 1), cab(kmax + 1), mean(kmax + 1);
  double              var0 = 0, c0 = 0;
  PeriodicSample      s;
  for (int i = 0; i < N; ++i) {
    grf.Sample(11, i, &s);
    ASSERT_EQ(s.EvaluateUniform(PETSC_COMM_SELF, m, &u), 0);
    // The discrete Fourier coefficients of the grid values (exact for k < m/2).
    for (int k : ks) {
      double a = 0, b = 0;
      for (int j = 0; j < m; ++j) {
        a += u[j] * std::cos(2 * M_PI * k * j / m) * 2.0 / m;
        b += u[j] * std::sin(2 * M_PI * k * j / m) * 2.0 / m;
      }
      va[k] += a * a / N, vb[k] += b * b / N, cab[k] += a * b / N, mean[k] += a / N;
    }
    double avg = 0;
    for (int j = 0; j < m; ++j) avg += u[j] / m;
    c0 = std::fmax(c0, std::fabs(avg));
    var0 += u[5] * u[5] / N;
  }
  // Var of a variance estimate of N normals: 2/N, so √(2/N) ≈ 1.6%: 4 standard deviations.
  for (int k : ks) {
    const double l2 = grf.Amplitude(k) * grf.Amplitude(k);
    EXPECT_NEAR(va[k] / l2, 1.0, 0.064) << "cos mode " << k;
    EXPECT_NEAR(vb[k] / l2, 1.0, 0.064) << "sin mode " << k;
    EXPECT_LT(std::fabs(cab[k]) / l2, 0.045) << "mode " << k;
    EXPECT_LT(std::fabs(mean[k]), 4.0 * std::sqrt(l2 / N)) << "mode " << k;
  }
  EXPECT_LT(c0, 1e-15); // no mean mode
  // The point variance of a stationary field: Σ_k λ_k².
  double sum = 0;
  for (int k = 1; k <= kmax; ++k) sum += grf.Amplitude(k) * grf.Amplitude(k);
  EXPECT_NEAR(var0 / sum, 1.0, 0.064);
}

TEST(PeriodicGrf, PeriodicAndRealAtSensors) {
  PeriodicGaussianRandomField grf;
  ASSERT_EQ(grf.Setup(PETSC_COMM_SELF, Benchmark(256)), 0);
  PeriodicSample s;
  grf.Sample(3, 7, &s);
  const std::vector<double> x = PeriodicSensors(100);
  ASSERT_EQ(x.size(), 101u);
  EXPECT_EQ(x[100], 1.0);
  std::vector<double> u, v, w;
  s.Evaluate(x, &u);
  EXPECT_EQ(u[0], u[100]);
  // u(x + 1) = u(x) = u(x − 3) at every sensor.
  std::vector<double> xp(x), xm(x);
  for (size_t j = 0; j < x.size(); ++j) xp[j] += 1.0, xm[j] -= 3.0;
  s.Evaluate(xp, &v);
  s.Evaluate(xm, &w);
  double scale = 0;
  for (double z : u) scale = std::fmax(scale, std::fabs(z));
  EXPECT_GT(scale, 0.05);
  for (size_t j = 0; j < x.size(); ++j) {
    EXPECT_NEAR(v[j], u[j], 1e-13 * scale) << j;
    EXPECT_NEAR(w[j], u[j], 1e-13 * scale) << j;
  }
  // The Hermitian complex series Σ_{|k|≤K} c_k e^{2πikx}, c_{±k} = (a_k ∓ i b_k)/2, is real at
  // the sensors and equals the real series; the FFT grid values agree with both.
  for (size_t j = 0; j < x.size(); j += 10) {
    std::complex<double> z = 0;
    for (size_t k = 1; k < s.a.size(); ++k) {
      const std::complex<double> c(0.5 * s.a[k], -0.5 * s.b[k]);
      const std::complex<double> e = std::polar(1.0, 2 * M_PI * k * x[j]);
      z += c * e + std::conj(c) * std::conj(e);
    }
    EXPECT_LT(std::fabs(z.imag()), 1e-15 * scale) << j;
    EXPECT_NEAR(z.real(), u[j], 1e-13 * scale) << j;
  }
  ASSERT_EQ(s.EvaluateUniform(PETSC_COMM_SELF, 600, &v), 0);
  for (int j = 0; j < 100; ++j) EXPECT_NEAR(v[6 * j], u[j], 1e-13 * scale) << j;
  PetscPushErrorHandler(PetscReturnErrorHandler, nullptr);
  EXPECT_NE(s.EvaluateUniform(PETSC_COMM_SELF, 512, &v), 0); // 512 <= 2K: modes lost
  PeriodicGrfOptions bad = Benchmark(0);
  EXPECT_NE(grf.Setup(PETSC_COMM_SELF, bad), 0);
  PetscPopErrorHandler();
}

TEST(PeriodicGrf, SeedGivesTheSameSampleEverywhere) {
  PeriodicGaussianRandomField grf;
  ASSERT_EQ(grf.Setup(PETSC_COMM_WORLD, Benchmark(8)), 0);
  const PetscInt N = 9;
  PetscInt       first, count;
  OwnedBlock(PETSC_COMM_WORLD, N, &first, &count);
  // Every rank draws its block; the first coefficient of each sample, summed over ranks, is
  // the serial one.
  std::vector<double> mine(N, 0.0), all(N), serial(N);
  PeriodicSample      s;
  for (PetscInt i = first; i < first + count; ++i) grf.Sample(5, i, &s), mine[i] = s.a[1];
  MPI_Allreduce(mine.data(), all.data(), N, MPI_DOUBLE, MPI_SUM, PETSC_COMM_WORLD);
  for (PetscInt i = 0; i < N; ++i) grf.Sample(5, i, &s), serial[i] = s.a[1];
  EXPECT_EQ(all, serial);
  EXPECT_NE(serial[0], serial[1]);
  // The stream itself is pinned (xoshiro256** and Box–Muller are the same on every build).
  grf.Sample(5, 0, &s);
  EXPECT_NEAR(s.a[1] / grf.Amplitude(1), -1.1300865118746013, 1e-14);
  EXPECT_NEAR(s.b[8] / grf.Amplitude(8), 1.4993502677271453, 1e-14);
}

} // namespace
