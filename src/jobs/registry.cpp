#include "jobs/job.hpp"

namespace petnet {
const std::vector<JobInfo> &Jobs() {
  static const std::vector<JobInfo> jobs = {
      {"pinn", "MLP solvers: homotopy path tracking, Adam, L-BFGS", PinnProblems, RunPinnJob},
      {"ritz", "Shallow Ritz 1D diffusion: damped block Newton, adaptive dBN, BFGS, adaptive FEM", RitzProblems, RunRitzJob},
  };
  return jobs;
}
} // namespace petnet
