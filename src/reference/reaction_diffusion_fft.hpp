#pragma once
/// \file reaction_diffusion_fft.hpp
/// Reference solution of u_t = ν u_xx + α u(1 − u) on x ∈ [0, 2π) (periodic) by Strang
/// splitting: half a step of the exact logistic flow
///     u ← u e^{αh/2} / (1 + u (e^{αh/2} − 1)),
/// a full step of diffusion solved exactly in Fourier space (û_k ← e^{−ν k² h} û_k, FFTW),
/// and another half reaction step. Second order in h; each piece is exact, so
/// α = 0 or ν = 0 reproduce the closed forms to rounding.
#include "core/base.hpp"

#include <vector>

namespace petnet {

struct ReactionDiffusionFFT {
  double   alpha = 20, nu = 2;
  PetscInt substeps = 20; ///< splitting steps between consecutive output times

  /// u0 on x_i = 2π i / nx (i < nx); outputs at t_j = j T/(nt − 1), j < nt, into
  /// u[j·nx + i] (nt·nx values; u[0..nx) = u0).
  PetscErrorCode Solve(MPI_Comm comm, const std::vector<double> &u0, PetscInt nt, double T,
                       std::vector<double> *u) const;
};

} // namespace petnet
