#include "sampling/space_time_inputs.hpp"

namespace petnet {

PetscErrorCode SpaceTimeInputs::Setup(MPI_Comm comm, PetscInt m) {
  PeriodicGrfOptions opt;
  PetscFunctionBeginUser;
  PetscCheck(m >= 5, comm, PETSC_ERR_ARG_OUTOFRANGE, "-op_m must be >= 5, got %" PetscInt_FMT, m);
  PetscCall(opt.SetFromOptions(comm, "grf_"));
  PetscCall(grf_.Setup(comm, opt));
  m_ = m;
  grid_.resize(m);
  for (PetscInt j = 0; j < m; ++j) grid_[j] = static_cast<double>(j) / static_cast<double>(m - 1);
  grid_[m - 1] = 1.0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

void SpaceTimeInputs::GridPoints(std::vector<double> *points, std::vector<char> *initial) const {
  points->resize(2 * Size());
  initial->resize(Size());
  for (PetscInt k = 0; k < m_; ++k)
    for (PetscInt j = 0; j < m_; ++j) {
      const PetscInt q     = k * m_ + j;
      (*points)[2 * q]     = grid_[j];
      (*points)[2 * q + 1] = grid_[k];
      (*initial)[q]        = k == 0 ? 1 : 0;
    }
}

void SpaceTimeInputs::Sample(std::uint64_t seed, std::int64_t index, double *sensors,
                             double *at_points) const {
  PeriodicSample      s;
  std::vector<double> u;
  grf_.Sample(seed, index, &s);
  s.Evaluate(grid_, &u);
  u[m_ - 1] = u[0]; // the same point of the circle
  for (PetscInt j = 0; j < m_; ++j) sensors[j] = u[j];
  for (PetscInt q = 0; q < Size(); ++q) at_points[q] = u[q % m_];
}

} // namespace petnet
