#include "solvers/baselines/lbfgs.hpp"

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
  PetscCall(TaoSetMaximumIterations(tao_, 20000));
  PetscCall(TaoSetMaximumFunctionEvaluations(tao_, 100000));
  PetscCall(TaoSetTolerances(tao_, 1e-14, 0.0, 0.0));
  PetscCall(TaoSetFromOptions(tao_));
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
  PetscCall(TaoSolve(tao_));
  PetscCall(VecDestroy(&x)); // theta holds the solution (the Vec wrapped its storage)
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
