#include "pde/operator_problem.hpp"

#include "pde/allen_cahn_operator.hpp"
#include "pde/burgers_operator.hpp"

namespace petnet {

std::vector<std::string> OperatorProblemNames() {
  return {"burgers_1d_operator", "burgers_2d_operator", "allen_cahn_2d_operator"};
}

PetscErrorCode CreateOperatorProblem(MPI_Comm comm, const std::string &name, std::unique_ptr<OperatorProblem> *problem) {
  PetscFunctionBeginUser;
  if (name == "burgers_1d_operator") problem->reset(new BurgersOperator(1));
  else if (name == "burgers_2d_operator") problem->reset(new BurgersOperator(2));
  else if (name == "allen_cahn_2d_operator") problem->reset(new AllenCahnOperator);
  else SETERRQ(comm, PETSC_ERR_ARG_UNKNOWN_TYPE, "unknown operator problem %s", name.c_str());
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
