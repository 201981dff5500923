#pragma once
/// \file ritz_bfgs.hpp
/// BFGS baseline for the shallow Ritz energy: PETSc TAO (default TAOBQNLS, a
/// bound-constrained quasi-Newton line search with the BFGS update) on all parameters
/// θ = (c_0..c_n, b_1..b_n), b bounded to [0, 1], with the exact O(n) gradient of
/// RitzEnergy::EnergyAndGradient — the same functional dBN minimizes. Options under
/// -bfgs_ (e.g. -bfgs_tao_type lmvm, -bfgs_tao_gatol 1e-8). Runs on PETSC_COMM_SELF:
/// every rank solves the same (small) problem redundantly.
#include "ritz/dbn.hpp"

#include <petsctao.h>

namespace petnet {

class RitzBfgs {
public:
  RitzBfgs() = default;
  ~RitzBfgs();
  RitzBfgs(const RitzBfgs &)            = delete;
  RitzBfgs &operator=(const RitzBfgs &) = delete;

  /// Creates the TAO solver and reads its options (-bfgs_tao_*); max_it iterations.
  PetscErrorCode SetFromOptions(MPI_Comm comm, PetscInt max_it);
  /// Minimizes from *model (b sorted, c any); on return model is sorted. One record
  /// per TAO iteration in result->history (e_n when track_error and monitor lines).
  PetscErrorCode Solve(MPI_Comm comm, const RitzEnergy &E, ShallowReLU *model, DbnResult *result,
                       bool track_error, bool monitor);

private:
  Tao tao_ = nullptr;
};

} // namespace petnet
