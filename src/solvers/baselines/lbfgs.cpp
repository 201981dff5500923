#include "solvers/baselines/lbfgs.hpp"
#include "core/options_left.hpp"

#include "core/finite.hpp"

#include <cmath>

namespace petnet {

LbfgsSolver::~LbfgsSolver() {
  TaoDestroy(&tao_);
  VecDestroy(&r_);
}

PetscErrorCode LbfgsSolver::SetFromOptions(MPI_Comm comm) {
  PetscFunctionBeginUser;
  PetscCall(TaoCreate(PETSC_COMM_SELF, &tao_));
  PetscCall(TaoSetType(tao_, TAOLMVM));
  PetscCall(TaoSetOptionsPrefix(tao_, "lbfgs_"));
  RegisterObjectPrefix("lbfgs_", {"tao_"});
  PetscCall(TaoSetMaximumIterations(tao_, 20000));
  PetscCall(TaoSetMaximumFunctionEvaluations(tao_, 100000));
  PetscCall(TaoSetTolerances(tao_, 1e-14, 0.0, 0.0));
  PetscCall(TaoSetFromOptions(tao_));
  PetscOptionsBegin(comm, nullptr, "L-BFGS (TAO)", "Lbfgs");
  PetscCall(PetscOptionsBool("-lbfgs_converged_reason", "Print why L-BFGS stopped", "Lbfgs",
                             view_reason_, &view_reason_, nullptr));
  PetscOptionsEnd();
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LbfgsSolver::ObjGrad(Tao tao, Vec x, PetscReal *obj, Vec g, void *ctx) {
  auto              *self = static_cast<LbfgsSolver *>(ctx);
  const PetscScalar *xa;
  PetscScalar       *ga;
  double             loss;
  PetscFunctionBeginUser;
  PetscCall(VecGetArrayRead(x, &xa));
  PetscCall(self->f_->SetPoint(xa, self->lambda_));
  PetscCall(VecRestoreArrayRead(x, &xa));
  PetscCall(self->f_->Loss(self->r_, &loss));
  PetscCall(VecGetArray(g, &ga));
  PetscCall(self->f_->MultTranspose(self->r_, ga));
  PetscCall(VecRestoreArray(g, &ga));
  *obj = loss;
  if (self->evals_++ % 100 == 0) self->history_->push_back(loss);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LbfgsSolver::Solve(ResidualFunction &f, double lambda, std::vector<double> &theta,
                                  std::vector<double> *history) {
  Vec x;
  PetscFunctionBeginUser;
  f_       = &f;
  lambda_  = lambda;
  history_ = history;
  PetscCall(f.CreateRowVec(&r_));
  PetscCall(VecCreateSeqWithArray(PETSC_COMM_SELF, 1, f.NumParams(), theta.data(), &x));
  PetscCall(TaoSetSolution(tao_, x));
  PetscCall(TaoSetObjectiveAndGradient(tao_, nullptr, ObjGrad, this));
  // TAO stops with an error on a non-finite start: test it first (the loss is allreduced)
  its_ = 0;
  PetscCall(f.SetPoint(theta.data(), lambda));
  PetscCall(f.Loss(r_, &loss_));
  reason_ = TAO_DIVERGED_NAN;
  if (std::isfinite(loss_)) {
    PetscCall(TaoSolve(tao_));
    PetscCall(TaoGetConvergedReason(tao_, &reason_));
    PetscCall(TaoGetIterationNumber(tao_, &its_));
    PetscCall(f.SetPoint(theta.data(), lambda));
    PetscCall(f.Loss(r_, &loss_));
    if (!std::isfinite(loss_) || !AllFinite(theta)) reason_ = TAO_DIVERGED_NAN;
  }
  PetscCall(VecDestroy(&x)); // theta holds the solution (the Vec wrapped its storage)
  PetscCall(VecDestroy(&r_));
  if (view_reason_)
    PetscCall(PetscPrintf(f.Comm(), "L-BFGS %s after %" PetscInt_FMT " iterations: loss %s\n",
                          TaoConvergedReasons[reason_], its_, FiniteText(loss_, "%.6e").c_str()));
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
