#include "jobs/job.hpp"

namespace petnet {
const std::vector<JobInfo> &Jobs() {
  static const std::vector<JobInfo> jobs = {
      {"pinn", "MLP solvers: homotopy path tracking, Adam, L-BFGS", PinnProblems, RunPinnJob},
      {"ritz", "Shallow Ritz 1D diffusion: damped block Newton, adaptive dBN, BFGS, adaptive FEM", RitzProblems, RunRitzJob},
      {"operator", "DeepONet operator learning (GRF inputs, homotopy s: 1 -> 0, matrix-free Gauss-Newton/LSQR, Adam)", OperatorProblems, RunOperatorJob},
      {"trsqp", "Hard-constrained PINNs (transport, reaction, reaction-diffusion): trust-region SQP, penalty, ALM, PINN",
       TrsqpProblems, RunTrsqpJob},
  };
  return jobs;
}
} // namespace petnet
