#pragma once
/// \file trsqp_options.hpp
/// The options of the hard-constrained PINN job (jobs/trsqp_job.cpp): the method, the
/// network, the data, the pretraining and the polish, read and checked in one place.
#include "core/choice.hpp"

#include <string>

namespace petnet {

// The choices and their names, in the same order.
enum class TrsqpMethod { Trsqp, Penalty, Alm, Pinn };
extern const Choices kTrsqpMethods;
enum Misfit { kSum, kMean, kAuto };
extern const Choices kTrsqpMisfits;

struct TrsqpJobOptions {
  PetscInt    method = 0, misfit = kAuto; // indices in kTrsqpMethods, kTrsqpMisfits
  std::string hidden   = "50,50,50,50";
  PetscInt64  seed     = 0;
  PetscInt    n_labels = 1000, m_train = -1, m_pretrain = 150, eval_nx = 2560, eval_nt = 1000;
  PetscInt    ref_substeps = 20, pre_max_it = 20000, polish_it = 0;
  std::string polish_hessian = "gn";
  double      noise = 0.01, pre_gatol = 1e-9;
  PetscBool   pretrain = PETSC_TRUE;
};

/// Reads and checks the job's options for `problem` (its per-problem defaults first).
PetscErrorCode ReadTrsqpJobOptions(MPI_Comm comm, const std::string &problem, TrsqpJobOptions *o);

} // namespace petnet
