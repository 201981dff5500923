#include "reference/reaction_diffusion_fft.hpp"

#include <cmath>
#include <complex>
#include <fftw3.h>

namespace petnet {

PetscErrorCode ReactionDiffusionFFT::Solve(MPI_Comm comm, const std::vector<double> &u0,
                                           PetscInt nt, double T, std::vector<double> *u) const {
  const PetscInt nx = static_cast<PetscInt>(u0.size());
  PetscFunctionBeginUser;
  PetscCheck(nx >= 4 && nx % 2 == 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "reference grid needs an even nx >= 4, got %" PetscInt_FMT, nx);
  PetscCheck(nt >= 2, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "reference needs >= 2 output times, got %" PetscInt_FMT, nt);
  PetscCheck(substeps >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "reference substeps must be >= 1, got %" PetscInt_FMT, substeps);
  PetscCheck(nu >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "reference nu must be >= 0, got %g", nu);
  const double   h   = T / (static_cast<double>(nt - 1) * static_cast<double>(substeps));
  const PetscInt nk  = nx / 2 + 1;
  double        *w   = fftw_alloc_real(nx);
  fftw_complex  *wk  = fftw_alloc_complex(nk);
  fftw_plan      fwd = fftw_plan_dft_r2c_1d(static_cast<int>(nx), w, wk, FFTW_ESTIMATE);
  fftw_plan      bwd = fftw_plan_dft_c2r_1d(static_cast<int>(nx), wk, w, FFTW_ESTIMATE);
  // Diffusion factor per wavenumber (k integer on [0, 2π)), with the 1/nx of the inverse FFT.
  std::vector<double> decay(nk);
  for (PetscInt k = 0; k < nk; ++k)
    decay[k] = std::exp(-nu * static_cast<double>(k * k) * h) / static_cast<double>(nx);
  const double eh    = std::exp(0.5 * alpha * h) - 1.0; // e^{αh/2} − 1
  auto         react = [&]() {
    for (PetscInt i = 0; i < nx; ++i) w[i] = w[i] * (1.0 + eh) / (1.0 + w[i] * eh);
  };
  u->assign(static_cast<size_t>(nt * nx), 0.0);
  for (PetscInt i = 0; i < nx; ++i) w[i] = u0[i], (*u)[i] = u0[i];
  for (PetscInt j = 1; j < nt; ++j) {
    for (PetscInt s = 0; s < substeps; ++s) {
      react();
      if (nu > 0) {
        fftw_execute(fwd);
        for (PetscInt k = 0; k < nk; ++k) wk[k][0] *= decay[k], wk[k][1] *= decay[k];
        fftw_execute(bwd);
      }
      react();
    }
    for (PetscInt i = 0; i < nx; ++i) (*u)[j * nx + i] = w[i];
  }
  fftw_destroy_plan(fwd);
  fftw_destroy_plan(bwd);
  fftw_free(w);
  fftw_free(wk);
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
