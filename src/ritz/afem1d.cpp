#include "ritz/afem1d.hpp"

namespace petnet {

PetscErrorCode AfemOptions::SetFromOptions(MPI_Comm comm) {
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr, "Adaptive linear FEM baseline", "AFEM");
  PetscCall(PetscOptionsInt("-afem_refine", "Refinements (bisection of marked intervals)", "AFEM",
                            refine, &refine, nullptr));
  PetscCall(PetscOptionsReal("-afem_eps", "Stop earlier when the relative ZZ estimator xi <= eps",
                             "AFEM", eps, &eps, nullptr));
  PetscOptionsEnd();
  PetscCheck(refine >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-afem_refine must be >= 0, got %" PetscInt_FMT, refine);
  PetscCheck(eps >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-afem_eps must be >= 0, got %g", eps);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RunAfem(MPI_Comm comm, const RitzEnergy &E, const AfemOptions &opt, bool monitor,
                       ShallowReLU *model, std::vector<AdaptiveLevel> *levels) {
  PetscFunctionBeginUser;
  RitzMoments m;
  for (int level = 0;; ++level) {
    (void)RitzSolveLinear(E, model, &m);
    AdaptiveLevel L;
    L.neurons    = model->Neurons();
    L.iterations = level;
    if (E.Problem().HasExact()) L.e_n = E.RelativeError(*model);
    L.r = RateR(L.e_n, L.neurons);
    std::vector<double> xi_K;
    PetscCall(ZZIndicators(E, *model, &xi_K, &L.xi));
    levels->push_back(L);
    if (monitor)
      PetscCall(PetscPrintf(comm, "afem level %d: n %d  e_n %.6e  xi %.4e  r %.3f\n", level,
                            L.neurons, L.e_n, L.xi, L.r));
    if (level >= opt.refine || L.xi <= opt.eps) break;
    InsertMidpoints(AverageMarking(xi_K), model);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
