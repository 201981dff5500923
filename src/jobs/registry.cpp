#include "jobs/job.hpp"

namespace petnet {
const std::vector<JobInfo> &Jobs() {
  static const std::vector<JobInfo> jobs = {
      {"pinn", "MLP solvers: homotopy path tracking, Adam, L-BFGS", PinnProblems, RunPinnJob},
  };
  return jobs;
}
} // namespace petnet
