#include "reference/error_measures.hpp"

#include <cmath>

namespace petnet {

PetscErrorCode ComputeErrors(MPI_Comm comm, const std::vector<double> &pred,
                             const std::vector<double> &ref, ErrorMeasures *e) {
  PetscFunctionBeginUser;
  PetscCheck(pred.size() == ref.size(), PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ,
             "prediction (%zu) and reference (%zu) differ in size", pred.size(), ref.size());
  // sums: |e|, |e|/|u| (where defined), count of those, e², u², count
  double s[6] = {0, 0, 0, 0, 0, static_cast<double>(pred.size())}, mx = 0;
  for (size_t q = 0; q < pred.size(); ++q) {
    const double d = std::fabs(pred[q] - ref[q]), a = std::fabs(ref[q]);
    s[0] += d;
    if (a >= 1e-12) s[1] += d / a, s[2] += 1;
    s[3] += d * d;
    s[4] += ref[q] * ref[q];
    mx = d > mx ? d : mx;
  }
  double g[6], gmx;
  PetscCallMPI(MPI_Allreduce(s, g, 6, MPI_DOUBLE, MPI_SUM, comm));
  PetscCallMPI(MPI_Allreduce(&mx, &gmx, 1, MPI_DOUBLE, MPI_MAX, comm));
  PetscCheck(g[5] > 0, comm, PETSC_ERR_ARG_SIZ, "empty evaluation grid");
  e->abs_err = g[0] / g[5];
  e->rel_err = g[2] > 0 ? g[1] / g[2] : 0.0;
  e->l2_rel  = g[4] > 0 ? std::sqrt(g[3] / g[4]) : std::sqrt(g[3]);
  e->max_err = gmx;
  e->points  = static_cast<PetscInt>(g[5]);
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
