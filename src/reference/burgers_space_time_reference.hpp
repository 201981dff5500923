#pragma once
/// \file burgers_space_time_reference.hpp
/// The reference of the time-dependent Burgers operator (pde/burgers_space_time.hpp):
/// u(x_j, t_k) on the m × m grid x_j = j/(m − 1), t_k = k/(m − 1) (index k·m + j, t-major)
/// for the input u₀ seen at the m sensors x_j (the last repeats the first: u₀ is
/// periodic), by the Fourier pseudo-spectral ETDRK4 solver of reference/burgers_spectral.hpp
/// (-pde_ref_n, -pde_ref_dt, -pde_ref_contour, -pde_ref_nu, ν by default -pde_eps). The time
/// step is lowered, if needed, so that 1/(m − 1) is a whole number of steps. Its grid error
/// is the solver's own estimate (the run at (N, dt) against (2N, dt/2), max norm).
#include "pde/burgers_space_time.hpp"
#include "reference/burgers_spectral.hpp"
#include "reference/operator_reference.hpp"

namespace petnet {

class BurgersSpaceTimeReference : public OperatorReference {
public:
  /// Reads the -pde_ref_* options (collective).
  PetscErrorCode Setup(MPI_Comm comm, const BurgersSpaceTime &problem, PetscInt m);
  PetscErrorCode Solve(const std::vector<double> &u0, std::vector<double> *u,
                       double *grid_error) const override;

private:
  BurgersSpectral     solver_;
  PetscInt            m_ = 0;
  std::vector<double> grid_; // x_j = t_j = j/(m − 1)
};

} // namespace petnet
