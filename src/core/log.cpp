#include "core/log.hpp"
#include "core/session.hpp"

namespace petnet {
PetscClassId  Log::classid = 0;
PetscLogEvent Log::jet = 0, Log::jacobian = 0, Log::jac_vec = 0, Log::jac_t_vec = 0;
PetscLogEvent Log::lsq_solve = 0, Log::lsq_svd = 0, Log::residual = 0, Log::line_search = 0;
PetscLogStage Log::setup = 0, Log::phase1 = 0, Log::tracking = 0, Log::training = 0,
              Log::evaluation = 0, Log::output = 0, Log::reference = 0;

PetscErrorCode RegisterLogging() {
  static bool done = false;
  PetscFunctionBeginUser;
  if (done) PetscFunctionReturn(PETSC_SUCCESS);
  done = true;
  PetscCall(PetscClassIdRegister("petnet", &Log::classid));
  PetscCall(PetscLogEventRegister("NNJet", Log::classid, &Log::jet));
  PetscCall(PetscLogEventRegister("NNJacobian", Log::classid, &Log::jacobian));
  PetscCall(PetscLogEventRegister("NNJacVec", Log::classid, &Log::jac_vec));
  PetscCall(PetscLogEventRegister("NNJacTVec", Log::classid, &Log::jac_t_vec));
  PetscCall(PetscLogEventRegister("LSQSolve", Log::classid, &Log::lsq_solve));
  PetscCall(PetscLogEventRegister("LSQSVD", Log::classid, &Log::lsq_svd));
  PetscCall(PetscLogEventRegister("Residual", Log::classid, &Log::residual));
  PetscCall(PetscLogEventRegister("LineSearch", Log::classid, &Log::line_search));
  PetscCall(PetscLogStageRegister("Setup", &Log::setup));
  PetscCall(PetscLogStageRegister("PhaseI", &Log::phase1));
  PetscCall(PetscLogStageRegister("PathTracking", &Log::tracking));
  PetscCall(PetscLogStageRegister("Training", &Log::training));
  PetscCall(PetscLogStageRegister("Evaluation", &Log::evaluation));
  PetscCall(PetscLogStageRegister("Output", &Log::output));
  PetscCall(PetscLogStageRegister("Reference", &Log::reference));
  PetscFunctionReturn(PETSC_SUCCESS);
}
} // namespace petnet
