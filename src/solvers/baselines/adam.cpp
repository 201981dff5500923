#include "solvers/baselines/adam.hpp"

#include <cmath>

namespace petnet {

PetscErrorCode AdamOptions::SetFromOptions(MPI_Comm comm) {
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr, "Adam (classical training)", "Adam");
  PetscCall(PetscOptionsReal("-adam_lr", "Learning rate", "Adam", lr, &lr, nullptr));
  PetscCall(PetscOptionsReal("-adam_beta1", "First-moment decay", "Adam", beta1, &beta1, nullptr));
  PetscCall(PetscOptionsReal("-adam_beta2", "Second-moment decay", "Adam", beta2, &beta2, nullptr));
  PetscCall(PetscOptionsInt("-adam_max_it", "Iterations", "Adam", max_it, &max_it, nullptr));
  PetscCall(PetscOptionsInt("-adam_monitor", "Print the loss every N iterations (0: never)", "Adam", monitor_every,
                            &monitor_every, nullptr));
  PetscOptionsEnd();
  PetscCheck(lr > 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-adam_lr must be > 0, got %g", lr);
  PetscCheck(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-adam_beta1 and -adam_beta2 must be in [0, 1)");
  PetscCheck(max_it >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-adam_max_it must be >= 0");
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode AdamSolve(ResidualFunction &f, const AdamOptions &opt, double lambda, std::vector<double> &theta,
                         std::vector<double> *history) {
  const PetscInt p = f.NumParams();
  Vec            r;
  PetscFunctionBeginUser;
  PetscCall(f.CreateRowVec(&r));
  std::vector<double> g(p), m(p, 0.0), v(p, 0.0);
  double              b1t = 1, b2t = 1, loss = 0;
  for (PetscInt it = 0; it <= opt.max_it; ++it) {
    PetscCall(f.SetPoint(theta.data(), lambda));
    PetscCall(f.Loss(r, &loss));
    if (it % 100 == 0 || it == opt.max_it) history->push_back(loss);
    if (opt.monitor_every > 0 && it % opt.monitor_every == 0)
      PetscCall(PetscPrintf(f.Comm(), "adam %6" PetscInt_FMT " loss %.6e\n", it, loss));
    if (it == opt.max_it) break;
    PetscCall(f.MultTranspose(r, g.data())); // ∇(½‖r‖²) = Jᵀ r
    b1t *= opt.beta1;
    b2t *= opt.beta2;
    for (PetscInt j = 0; j < p; ++j) {
      m[j] = opt.beta1 * m[j] + (1 - opt.beta1) * g[j];
      v[j] = opt.beta2 * v[j] + (1 - opt.beta2) * g[j] * g[j];
      theta[j] -= opt.lr * (m[j] / (1 - b1t)) / (std::sqrt(v[j] / (1 - b2t)) + opt.eps);
    }
  }
  PetscCall(VecDestroy(&r));
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
