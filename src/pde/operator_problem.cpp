#include "pde/operator_problem.hpp"

#include "pde/allen_cahn_operator.hpp"
#include "pde/burgers_operator.hpp"
#include "pde/burgers_space_time.hpp"
#include "pde/forcing_operator.hpp"

#include <cstring>

namespace petnet {

PetscErrorCode OperatorProblem::SetScheduleFromOptions(MPI_Comm comm) {
  char sched[16] = "max";
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr, "Homotopy epsilon schedule", "OperatorProblem");
  PetscCall(PetscOptionsString(
      "-pde_eps_schedule",
      "max: eps(s) = max(s, eps) (the paper's (58)); fixed: the target eps at every s",
      "OperatorProblem", sched, sched, sizeof sched, nullptr));
  PetscOptionsEnd();
  PetscCheck(!std::strcmp(sched, "max") || !std::strcmp(sched, "fixed"), comm,
             PETSC_ERR_ARG_UNKNOWN_TYPE, "-pde_eps_schedule must be max or fixed, got %s", sched);
  schedule_ = !std::strcmp(sched, "max");
  PetscFunctionReturn(PETSC_SUCCESS);
}

std::vector<std::string> OperatorProblemNames() {
  return {"burgers_1d_operator", "burgers_2d_operator",   "allen_cahn_2d_operator",
          "burgers_2d_forcing",  "allen_cahn_2d_forcing", "burgers_1d_pideeponet"};
}

PetscErrorCode CreateOperatorProblem(MPI_Comm comm, const std::string &name,
                                     std::unique_ptr<OperatorProblem> *problem) {
  PetscFunctionBeginUser;
  if (name == "burgers_1d_operator") problem->reset(new BurgersOperator(1));
  else if (name == "burgers_2d_operator") problem->reset(new BurgersOperator(2));
  else if (name == "allen_cahn_2d_operator") problem->reset(new AllenCahnOperator);
  else if (name == "burgers_2d_forcing")
    problem->reset(new ForcingOperator(ForcingOperator::Kind::Burgers));
  else if (name == "allen_cahn_2d_forcing")
    problem->reset(new ForcingOperator(ForcingOperator::Kind::AllenCahn));
  else if (name == "burgers_1d_pideeponet") problem->reset(new BurgersSpaceTime);
  else SETERRQ(comm, PETSC_ERR_ARG_UNKNOWN_TYPE, "unknown operator problem %s", name.c_str());
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
