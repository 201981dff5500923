#pragma once
/// \file afem1d.hpp
/// Adaptive linear finite elements for the same penalised Ritz functional: the
/// breakpoints are a fixed mesh (the linear solve of dBN is then exactly the P1
/// Galerkin solve), refined by bisecting the intervals that the ZZ indicator and
/// average marking (6.2) select — the aFEM baseline of the paper's Table 3.
#include "ritz/adbn.hpp"

namespace petnet {

struct AfemOptions {
  PetscInt       refine = 16; ///< -afem_refine: refinements
  PetscReal      eps    = 0;  ///< -afem_eps: stop earlier when ξ ≤ eps
  PetscErrorCode SetFromOptions(MPI_Comm comm);
};

/// From the model's breakpoints; one AdaptiveLevel per mesh (iterations = level).
PetscErrorCode RunAfem(MPI_Comm comm, const RitzEnergy &E, const AfemOptions &opt, bool monitor,
                       ShallowReLU *model, std::vector<AdaptiveLevel> *levels);

} // namespace petnet
