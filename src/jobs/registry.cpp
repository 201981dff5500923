#include "jobs/job.hpp"

namespace petnet {
const std::vector<JobInfo> &Jobs() {
  static const std::vector<JobInfo> jobs = {
      {"pinn", "MLP solvers: homotopy path tracking, Adam, L-BFGS", PinnProblems, CreatePinnJob},
      {"ritz", "Shallow Ritz 1D diffusion: damped block Newton, adaptive dBN, BFGS, adaptive FEM",
       RitzProblems, CreateRitzJob},
      {"operator",
       "DeepONet operator learning (GRF inputs, homotopy s: 1 -> 0, matrix-free "
       "Gauss-Newton/LSQR, Adam)",
       OperatorProblems, CreateOperatorJob},
      {"trsqp",
       "Hard-constrained PINNs (transport, reaction, reaction-diffusion): trust-region SQP, "
       "penalty, ALM, PINN",
       TrsqpProblems, CreateTrsqpJob},
  };
  return jobs;
}
} // namespace petnet
