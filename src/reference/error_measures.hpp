#pragma once
/// \file error_measures.hpp
/// Errors of a prediction against the exact / reference values on an evaluation grid
/// whose points are split over ranks (each rank passes its slice):
///   abs_err = mean |u_θ − u|                     (the trSQP paper's Abs_err)
///   rel_err = mean |u_θ − u| / |u|               (its Rel_err; points with |u| < 1e-12 are
///                                                 left out of that mean, where it is undefined)
///   l2_rel  = ‖u_θ − u‖₂ / ‖u‖₂
#include "core/base.hpp"

#include <vector>

namespace petnet {

struct ErrorMeasures {
  double   abs_err = 0, rel_err = 0, l2_rel = 0, max_err = 0;
  PetscInt points = 0;
};

PetscErrorCode ComputeErrors(MPI_Comm comm, const std::vector<double> &pred,
                             const std::vector<double> &ref, ErrorMeasures *e);

} // namespace petnet
