#pragma once
/// \file reduce.hpp
/// Reductions whose rounded result does not depend on how rows are split over ranks.
#include "core/base.hpp"

#include <petscvec.h>

namespace petnet {

/// Σ r_i² over all ranks, accurate to ~1e-30 relative before the final rounding: each
/// rank accumulates in double-double, and the partial sums are combined in rank order.
PetscErrorCode ReproducibleSumSquares(Vec r, double *sum);

} // namespace petnet
