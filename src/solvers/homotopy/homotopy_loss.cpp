#include "solvers/homotopy/homotopy_loss.hpp"

#include "core/log.hpp"

#include <cmath>

namespace petnet {

PetscErrorCode HomotopyLossSolver::SetFromOptions(MPI_Comm comm, const char *param_name, double lambda0_default,
                                                  double lambda1) {
  char opt[64];
  PetscFunctionBeginUser;
  name_    = param_name;
  lambda0_ = lambda0_default;
  lambda1_ = lambda1;
  PetscCall(PetscStrncpy(opt, optimizer_.c_str(), sizeof opt));
  const std::string l0 = std::string("-hl_") + name_ + "0", ll = std::string("-hl_") + name_ + "_list";
  PetscReal list[256];
  PetscInt  nlist = 256;
  PetscBool has_list = PETSC_FALSE;
  PetscOptionsBegin(comm, nullptr, "Homotopy loss (Strategy 2)", "HomotopyLossSolver");
  PetscCall(PetscOptionsReal(l0.c_str(), "Start of the path (the easy problem)", "HomotopyLossSolver", lambda0_,
                             &lambda0_, nullptr));
  PetscCall(PetscOptionsRealArray(ll.c_str(), "The path after the start, comma-separated (else fixed steps)",
                                  "HomotopyLossSolver", list, &nlist, &has_list));
  PetscCall(PetscOptionsReal("-hl_step", "Fixed step in the parameter when no list is given", "HomotopyLossSolver",
                             step_, &step_, nullptr));
  PetscCall(PetscOptionsReal("-hl_alpha", "Weight alpha of the homotopy term L_Heps", "HomotopyLossSolver", alpha_,
                             &alpha_, nullptr));
  PetscCall(PetscOptionsString("-hl_optimizer", "Minimizer at each step: gauss_newton | adam | lbfgs",
                               "HomotopyLossSolver", opt, opt, sizeof opt, nullptr));
  PetscCall(PetscOptionsBool("-hl_monitor", "One line per path step", "HomotopyLossSolver", monitor_, &monitor_,
                             nullptr));
  PetscOptionsEnd();
  optimizer_ = opt;
  PetscCheck(optimizer_ == "gauss_newton" || optimizer_ == "adam" || optimizer_ == "lbfgs", comm,
             PETSC_ERR_ARG_UNKNOWN_TYPE, "unknown -hl_optimizer %s (gauss_newton, adam, lbfgs)", opt);
  PetscCheck(alpha_ >= 0 && std::isfinite(alpha_), comm, PETSC_ERR_ARG_OUTOFRANGE, "-hl_alpha must be >= 0, got %g",
             alpha_);
  PetscCheck(std::isfinite(lambda0_), comm, PETSC_ERR_ARG_OUTOFRANGE, "%s must be finite", l0.c_str());
  const double dir = lambda1_ < lambda0_ ? -1.0 : 1.0;
  path_.clear();
  if (has_list) {
    double prev = lambda0_;
    for (PetscInt k = 0; k < nlist; ++k) {
      if (k == 0 && list[0] == lambda0_) continue; // the list may repeat the start
      PetscCheck(std::isfinite(list[k]) && dir * (list[k] - prev) > 0 && dir * (lambda1_ - list[k]) >= 0, comm,
                 PETSC_ERR_ARG_OUTOFRANGE, "%s: %g is not strictly in path order between %s0 = %g and the target %g",
                 ll.c_str(), list[k], name_.c_str(), lambda0_, lambda1_);
      path_.push_back(list[k]);
      prev = list[k];
    }
    if (path_.empty() || path_.back() != lambda1_) path_.push_back(lambda1_);
  } else {
    PetscCheck(step_ > 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-hl_step must be > 0, got %g", step_);
    const double   span = std::fabs(lambda1_ - lambda0_);
    const PetscInt n    = static_cast<PetscInt>(std::ceil(span / step_ - 1e-9));
    PetscCheck(n <= 1000000, comm, PETSC_ERR_ARG_OUTOFRANGE, "-hl_step %g gives %" PetscInt_FMT " steps", step_, n);
    for (PetscInt k = 1; k <= n; ++k) path_.push_back(k == n ? lambda1_ : lambda0_ + dir * k * step_);
  }
  if (name_ == "eps")
    PetscCheck(lambda0_ > 0 && lambda0_ >= lambda1_, comm, PETSC_ERR_ARG_OUTOFRANGE,
               "%s = %g must be > 0 and not below the final eps = %g", l0.c_str(), lambda0_, lambda1_);
  if (optimizer_ == "gauss_newton") {
    gn_opt_.max_it = 50;
    gn_opt_.atol   = 1e-24;
    gn_opt_.rtol   = 1e-10;
    PetscCall(gn_opt_.SetFromOptions(comm, "hl_", "Homotopy loss: Gauss-Newton/LM at each step"));
    phase1_opt_.max_it = 600;
    phase1_opt_.atol   = 1e-26;
    phase1_opt_.rtol   = 1e-10;
    PetscCall(phase1_opt_.SetFromOptions(comm, "hl_phase1_", "Homotopy loss: phase I (Gauss-Newton/LM at the start)"));
    LeastSquaresOptions step_ls, phase1_ls; // Gram eigen-solves; phase I to near machine precision
    step_ls.type    = "gram";
    step_ls.rcond   = 1e-6;
    phase1_ls.type  = "gram";
    phase1_ls.rcond = 1e-12;
    PetscCall(ls_.SetFromOptions(comm, "hl_", step_ls));
    PetscCall(ls_phase1_.SetFromOptions(comm, "hl_phase1_", phase1_ls));
  } else if (optimizer_ == "adam") PetscCall(adam_.SetFromOptions(comm));
  else PetscCall(lbfgs_.SetFromOptions(comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode HomotopyLossSolver::Minimize(HomotopyLossFunction &f, double lambda, bool phase1,
                                            std::vector<double> &theta, PetscInt *its) {
  PetscFunctionBeginUser;
  std::vector<double> hist;
  if (optimizer_ == "gauss_newton") {
    GNResult res;
    PetscCall(GaussNewtonSolve(f, phase1 ? ls_phase1_ : ls_, phase1 ? phase1_opt_ : gn_opt_, lambda, theta, &res,
                               phase1 ? "phase I" : "hl"));
    *its = res.its;
  } else if (optimizer_ == "adam") {
    adam_.Reset(); // each step is a fresh minimization (as before: moments do not carry over)
    PetscCall(adam_.Solve(f, lambda, theta, &hist));
    *its = adam_.Options().max_it;
  } else {
    PetscCall(lbfgs_.Solve(f, lambda, theta, &hist));
    *its = static_cast<PetscInt>(hist.size());
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode HomotopyLossSolver::Solve(HomotopyLossFunction &f, std::vector<double> &theta,
                                         const PathObserver &observer) {
  MPI_Comm comm = f.Comm();
  PetscFunctionBeginUser;
  history_.clear();
  const double t0 = MPI_Wtime();
  auto record = [&](double lambda, double prev, PetscInt its) -> PetscErrorCode {
    HomotopyLossPoint hp;
    PetscFunctionBeginUser;
    PetscCall(f.SetPoint(theta.data(), lambda));
    PetscCall(f.PartLosses(&hp.base.loss, &hp.loss_he));
    hp.base.lambda        = lambda;
    hp.base.corrector_its = its;
    hp.base.step          = std::fabs(lambda - prev);
    if (observer) PetscCall(observer(theta, lambda, &hp.base));
    hp.wall = MPI_Wtime() - t0;
    history_.push_back(hp);
    if (monitor_) {
      char l2[32] = "";
      if (hp.base.l2re >= 0) PetscCall(PetscSNPrintf(l2, sizeof l2, " L2RE %.3e", hp.base.l2re));
      PetscCall(PetscPrintf(comm, "hl %s %.6f loss_H %.3e alpha*L_Heps %.3e%s its %" PetscInt_FMT " (%.1f s)\n",
                            name_.c_str(), lambda, hp.base.loss, hp.loss_he, l2, its, hp.wall));
    }
    PetscFunctionReturn(PETSC_SUCCESS);
  };

  // ---- phase I: the plain loss at λ0 ----
  PetscCall(PetscLogStagePush(Log::phase1));
  f.ClearPrevious();
  PetscInt its = 0;
  PetscCall(Minimize(f, lambda0_, true, theta, &its));
  PetscCall(PetscLogStagePop());
  PetscCall(record(lambda0_, lambda0_, its));

  // ---- path: one minimization of the homotopy loss per λ_k ----
  PetscCall(PetscLogStagePush(Log::tracking));
  double prev = lambda0_;
  for (double lk : path_) {
    PetscCall(f.SetPrevious(theta.data(), prev));
    PetscCall(Minimize(f, lk, false, theta, &its));
    PetscCall(record(lk, prev, its));
    prev = lk;
  }
  PetscCall(PetscLogStagePop());
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
