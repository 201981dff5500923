#pragma once
/// \file periodic_grf.hpp
/// Periodic Gaussian random fields on x ∈ [0, 1) with covariance σ²(−Δ + τ² I)^(−γ),
/// sampled as a truncated real Fourier series
///
///   u(x) = Σ_{k=1..K} λ_k (ξ_k cos 2πkx + η_k sin 2πkx),
///   λ_k = √2 σ ((2πk)² + τ²)^(−γ/2),  ξ_k, η_k ~ N(0, 1) independent,
///
/// so the cosine and sine coefficients of mode k each have variance λ_k². The mean mode
/// k = 0 is left out (u has zero mean). The defaults σ = 25², τ = 5, γ = 4 are those of the
/// PI-DeepONet Burgers benchmark. The series is real and
/// periodic by construction, so u(0) = u(1) exactly when both are evaluated.
///
/// Sample number i draws ξ_1, η_1, ξ_2, η_2, … from its own generator seeded by
/// (seed, i), so a sample is the same on every build and whichever rank draws it.
#include "core/base.hpp"

#include <cstdint>
#include <vector>

namespace petnet {

struct PeriodicGrfOptions {
  double   sigma = 625.0, tau = 5.0, gamma = 4.0;
  PetscInt modes = 256; ///< K: the modes k = 1..K that are sampled
  /// -<prefix>sigma, -<prefix>tau, -<prefix>gamma, -<prefix>modes.
  PetscErrorCode SetFromOptions(MPI_Comm comm, const char *prefix);
  PetscErrorCode Check(MPI_Comm comm, const char *prefix) const;
};

/// One sample's Fourier series: u(x) = Σ_k a[k] cos 2πkx + b[k] sin 2πkx, k = 1..K
/// (a[0] = b[0] = 0: the mean).
struct PeriodicSample {
  std::vector<double> a, b;
  /// u at each of the points x (any real x; the series has period 1).
  void Evaluate(const std::vector<double> &x, std::vector<double> *u) const;
  /// u at x_i = i/m, i < m, by one inverse FFT (m > 2K, so every mode is represented).
  PetscErrorCode EvaluateUniform(MPI_Comm comm, PetscInt m, std::vector<double> *u) const;
};

class PeriodicGaussianRandomField {
public:
  PetscErrorCode            Setup(MPI_Comm comm, const PeriodicGrfOptions &opt);
  const PeriodicGrfOptions &Options() const { return opt_; }
  /// λ_k = √2 σ ((2πk)² + τ²)^(−γ/2): the standard deviation of each coefficient of mode k.
  double Amplitude(PetscInt k) const;
  /// The Fourier coefficients of sample number `index`.
  void Sample(std::uint64_t seed, std::int64_t index, PeriodicSample *s) const;

private:
  PeriodicGrfOptions  opt_;
  std::vector<double> amp_; // amp_[k] = λ_k, amp_[0] = 0
};

/// The m + 1 sensors x_j = j/m, j = 0..m (x_m = 1 repeats x_0): the benchmark's 101
/// sensors for m = 100.
std::vector<double> PeriodicSensors(PetscInt m);

} // namespace petnet
