#pragma once
/// \file lbfgs.hpp
/// L-BFGS (PETSc TAO, TAOLMVM with its Moré–Thuente line search) on ½‖r(θ, λ)‖² at
/// fixed λ. θ is replicated, so every rank runs the same TAO on a sequential vector;
/// the objective and gradient are the collective, allreduced values, identical on
/// every rank. TAO options under -lbfgs_ (e.g. -lbfgs_tao_max_it, -lbfgs_tao_gatol).
///
/// The reason is TAO's (TaoConvergedReason): a non-finite loss at the start ends the
/// solve with TAO_DIVERGED_NAN before TAO runs; a non-finite loss inside the line search
/// is a failed trial step (TAO_DIVERGED_LS_FAILURE if no shorter step recovers), and θ
/// stays at the last accepted iterate. -lbfgs_converged_reason prints it.
#include "functions/residual_function.hpp"

#include <petsctao.h>
#include <vector>

namespace petnet {

class LbfgsSolver {
public:
  ~LbfgsSolver();
  PetscErrorCode SetFromOptions(MPI_Comm comm);
  PetscErrorCode Solve(ResidualFunction &f, double lambda, std::vector<double> &theta,
                       std::vector<double> *history);
  /// Why the last Solve stopped (TAO's reason; TAO_DIVERGED_NAN also for a non-finite loss
  /// at the start or the end), and the final loss.
  TaoConvergedReason Reason() const { return reason_; }
  double             FinalLoss() const { return loss_; }
  PetscInt           Iterations() const { return its_; }

private:
  static PetscErrorCode ObjGrad(Tao tao, Vec x, PetscReal *obj, Vec g, void *ctx);
  Tao                   tao_         = nullptr;
  ResidualFunction     *f_           = nullptr;
  double                lambda_      = 0;
  Vec                   r_           = nullptr;
  std::vector<double>  *history_     = nullptr;
  PetscInt              evals_       = 0;
  TaoConvergedReason    reason_      = TAO_CONTINUE_ITERATING;
  double                loss_        = 0;
  PetscInt              its_         = 0;
  PetscBool             view_reason_ = PETSC_FALSE;
};

} // namespace petnet
