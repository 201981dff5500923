#pragma once
/// \file grf.hpp
/// Gaussian random fields u ~ N(0, σ²(−Δ + τ I)^(−α)) on a segment or a square with
/// zero boundary values (Dirichlet Laplacian), sampled spectrally:
///
///   u = Σ_k √λ_k ξ_k φ_k,  φ_k orthonormal Dirichlet eigenfunctions (sines),
///   λ_k = σ² (μ_k + τ)^(−α),  μ_k = (π k / ℓ)² (1D), (π/ℓ)²(k₁² + k₂²) (2D), ξ_k ~ N(0, 1),
///
/// evaluated on the uniform grid of m points per side (boundary points included, where
/// u = 0) by one FFTW type-I discrete sine transform (RODFT00) of the m − 2 interior
/// modes per dimension. The paper's 1D Burgers inputs: σ = 49, τ = 49, α = 4.
///
/// Sample number i draws from its own generator seeded by (seed, i), so a data set is
/// the same whichever ranks draw which samples (ranks draw blocks: OwnedBlock).
#include "core/base.hpp"

#include <cstdint>
#include <vector>

namespace petnet {

struct GrfOptions {
  PetscInt dim = 1, m = 128;
  double   sigma = 49.0, shift = 49.0, power = 4.0;
  double   lo = 0.0, hi = 1.0; ///< the segment [lo, hi] or the square [lo, hi]²
  /// -<prefix>sigma, -<prefix>shift, -<prefix>power (dim, m, lo, hi come from the problem).
  PetscErrorCode SetFromOptions(MPI_Comm comm, const char *prefix);
};

class GaussianRandomField {
public:
  GaussianRandomField() = default;
  ~GaussianRandomField();
  GaussianRandomField(const GaussianRandomField &)            = delete;
  GaussianRandomField &operator=(const GaussianRandomField &) = delete;

  PetscErrorCode Setup(MPI_Comm comm, const GrfOptions &opt);
  /// Points per sample: m (1D) or m² (2D, row-major: x fastest... index j₁·m + j₂ with x =
  /// grid[j₁], y = grid[j₂]).
  PetscInt                   Size() const { return opt_.dim == 1 ? opt_.m : opt_.m * opt_.m; }
  const std::vector<double> &Grid() const { return grid_; }
  /// The Size() grid points in sample order (Size() × dim, row-major) and their
  /// boundary flags: the sensors and collocation points of the operator jobs.
  void GridPoints(std::vector<double> *points, std::vector<char> *boundary) const;
  /// λ for mode k (1D) or (k1, k2) (2D), k ≥ 1.
  double Eigenvalue(int k1, int k2 = 0) const;
  /// Sample number `index` on the grid (Size() values).
  void Sample(std::uint64_t seed, std::int64_t index, double *out) const;

private:
  GrfOptions          opt_;
  std::vector<double> grid_, scale_; // scale_: √λ · normalization per interior mode
  double             *buf_  = nullptr;
  void               *plan_ = nullptr; // fftw_plan
};

/// This rank's block [first, first + count) of n items (PETSc's split: the first n mod size ranks
/// get one more).
void OwnedBlock(MPI_Comm comm, PetscInt n, PetscInt *first, PetscInt *count);

} // namespace petnet
