#pragma once
/// \file log.hpp
/// PETSc log events (one per kernel) and stages (one per solver phase), so that
/// -log_view separates network kernels from linear algebra.
#include "core/base.hpp"
#ifndef PETNET_KERNELS_ONLY // log events are no-ops there (core/petsc_compat.hpp)
#include <petsclog.h>
#endif

namespace petnet {
struct Log {
  static PetscClassId classid;
  // nn kernels
  static PetscLogEvent jet, jacobian, jac_vec, jac_t_vec;
  // linear algebra / solver pieces
  static PetscLogEvent lsq_solve, lsq_svd, residual, line_search;
  // stages
  static PetscLogStage setup, phase1, tracking, training, evaluation, output, reference;
};
} // namespace petnet
