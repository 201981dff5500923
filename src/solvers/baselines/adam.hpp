#pragma once
/// \file adam.hpp
/// Adam on the loss ½‖r(θ, λ)‖² at fixed λ ("classical training" baseline). The
/// gradient Jᵀr is one reverse sweep plus one allreduce of length p.
#include "solvers/residual_function.hpp"

#include <vector>

namespace petnet {

struct AdamOptions {
  double   lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  PetscInt max_it = 20000, monitor_every = 0;
  /// -adam_lr, -adam_max_it, -adam_beta1, -adam_beta2, -adam_monitor N
  PetscErrorCode SetFromOptions(MPI_Comm comm);
};

/// Runs Adam from theta (updated); history gets the loss every 100 iterations and at the end.
PetscErrorCode AdamSolve(ResidualFunction &f, const AdamOptions &opt, double lambda, std::vector<double> &theta,
                         std::vector<double> *history);

} // namespace petnet
