#include "jobs/job.hpp"
namespace petnet {
std::vector<std::string> PinnProblems() { return {"allen_cahn_1d", "allen_cahn_2d"}; }
PetscErrorCode RunPinnJob(MPI_Comm comm, const std::string &problem, RunOutput &out) {
  PetscFunctionBeginUser;
  PetscFunctionReturn(PETSC_SUCCESS);
}
} // namespace petnet
