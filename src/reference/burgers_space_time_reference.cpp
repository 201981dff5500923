#include "reference/burgers_space_time_reference.hpp"

#include <cmath>

namespace petnet {

PetscErrorCode BurgersSpaceTimeReference::Setup(MPI_Comm comm, const BurgersSpaceTime &problem,
                                                PetscInt m) {
  BurgersSpectralOptions opt;
  PetscFunctionBeginUser;
  PetscCheck(m >= 5, comm, PETSC_ERR_ARG_OUTOFRANGE, "-op_m must be >= 5, got %" PetscInt_FMT, m);
  opt.nu = problem.Epsilon();
  PetscCall(opt.SetFromOptions(comm, "pde_ref_"));
  const double   h     = 1.0 / static_cast<double>(m - 1);
  const PetscInt steps = static_cast<PetscInt>(std::ceil(h / opt.dt - 1e-9));
  opt.dt               = h / static_cast<double>(steps > 0 ? steps : 1);
  PetscCall(solver_.Setup(MPI_COMM_SELF, opt)); // one process per solve
  m_ = m;
  grid_.resize(m);
  for (PetscInt j = 0; j < m; ++j) grid_[j] = static_cast<double>(j) * h;
  grid_[m - 1] = 1.0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode BurgersSpaceTimeReference::Solve(const std::vector<double> &u0,
                                                std::vector<double> *u, double *grid_error) const {
  BurgersSpectralResult res;
  PetscFunctionBeginUser;
  PetscCheck(static_cast<PetscInt>(u0.size()) == m_, PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ,
             "Burgers reference: %zu input values, expected the %" PetscInt_FMT " sensors",
             u0.size(), m_);
  // u₀ on x_i = i/(m − 1), i < m − 1: the periodic grid the solver reads.
  const std::vector<double> periodic(u0.begin(), u0.end() - 1);
  PetscCall(solver_.Solve(periodic, grid_, grid_, &res));
  *u = std::move(res.u);
  if (grid_error) *grid_error = res.error_estimate;
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
