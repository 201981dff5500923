#include "quadrature/gauss_legendre.hpp"

#include <petscdt.h>

namespace petnet {

PetscErrorCode GaussLegendre::Create(MPI_Comm comm, int m, GaussLegendre *rule) {
  PetscFunctionBeginUser;
  PetscCheck(m >= 1 && m <= 64, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Gauss-Legendre points must be in [1, 64], got %d", m);
  rule->x_.assign(m, 0.0);
  rule->w_.assign(m, 0.0);
  PetscCall(PetscDTGaussQuadrature(m, -1.0, 1.0, rule->x_.data(), rule->w_.data()));
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
