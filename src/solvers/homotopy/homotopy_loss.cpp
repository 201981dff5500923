#include "solvers/homotopy/homotopy_loss.hpp"

#include "core/choice.hpp"
#include "core/finite.hpp"
#include "core/log.hpp"
#include "core/option_values.hpp"

#include <algorithm>
#include <cmath>

namespace petnet {

namespace {
const char *const kOptimizerNames[3] = {"gauss_newton", "adam", "lbfgs"};
}

PetscErrorCode HomotopyLossSolver::SetFromOptions(MPI_Comm                     comm,
                                                  const ContinuationParameter &param) {
  std::vector<double> list;
  PetscBool           has_list = PETSC_FALSE;
  PetscFunctionBeginUser;
  param_   = param;
  lambda0_ = param.start;
  PetscCall(ReadOptions(comm, &list, &has_list));
  PetscCheck(alpha_ >= 0 && std::isfinite(alpha_), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-hl_alpha must be >= 0, got %g", alpha_);
  const std::string l0 = std::string("-hl_") + param_.name + "0";
  PetscCall(param_.CheckStart(comm, l0.c_str(), lambda0_));
  PetscCall(BuildPath(comm, list, has_list));
  PetscCall(SetupOptimizer(comm));
  if (monitor_spec_.On()) AddInnerProgress();
  monitors_.Cancel();
  if (monitor_spec_.On())
    monitors_.Add([spec = monitor_spec_](const HomotopyLossStepInfo &s) -> PetscErrorCode {
      PetscFunctionBeginUser;
      PetscCall(HomotopyLossMonitorDefault(spec.Viewer(), s));
      if (s.point && s.progress) PetscCall(spec.Plot(s.progress->Step(), s.point->base.loss));
      PetscCall(spec.ProgressLine("hl", s.progress));
      PetscFunctionReturn(PETSC_SUCCESS);
    });
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode HomotopyLossSolver::ReadOptions(MPI_Comm comm, std::vector<double> *list,
                                               PetscBool *has_list) {
  enum Optimizer opt = optimizer_;
  PetscFunctionBeginUser;
  const std::string l0 = std::string("-hl_") + param_.name + "0",
                    ll = std::string("-hl_") + param_.name + "_list";
  PetscOptionsBegin(comm, nullptr, "Homotopy loss (Strategy 2)", "HomotopyLossSolver");
  PetscCall(PetscOptionsReal(l0.c_str(), "Start of the path (the easy problem)",
                             "HomotopyLossSolver", lambda0_, &lambda0_, nullptr));
  list->clear();
  PetscCall(OptionsRealList(PetscOptionsObject, ll.c_str(),
                            "The path after the start, comma-separated (else fixed steps)",
                            "HomotopyLossSolver", list, has_list));
  PetscCall(PetscOptionsReal("-hl_step", "Fixed step in the parameter when no list is given",
                             "HomotopyLossSolver", step_, &step_, nullptr));
  PetscCall(PetscOptionsReal("-hl_alpha", "Weight alpha of the homotopy term L_Heps",
                             "HomotopyLossSolver", alpha_, &alpha_, nullptr));
  PetscCall(OptionsEnum(PetscOptionsObject, comm, "-hl_optimizer",
                        "Minimizer at each step: gauss_newton | adam | lbfgs", "HomotopyLossSolver",
                        kOptimizerNames, &opt));
  PetscCall(OptionsMonitor(PetscOptionsObject, comm, "-hl_monitor", "One line per path step",
                           "HomotopyLossSolver", MonitorForm::kSwitch, monitor_, &monitor_spec_));
  monitor_ = monitor_spec_.On() ? PETSC_TRUE : PETSC_FALSE;
  PetscCall(PetscOptionsBool("-hl_converged_reason", "Print why the path stopped",
                             "HomotopyLossSolver", view_reason_, &view_reason_, nullptr));
  PetscOptionsEnd();
  optimizer_      = opt;
  optimizer_name_ = kOptimizerNames[opt];
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode HomotopyLossSolver::BuildPath(MPI_Comm comm, const std::vector<double> &list,
                                             bool has_list) {
  const double      lambda1 = param_.target, dir = lambda1 < lambda0_ ? -1.0 : 1.0;
  const std::string ll = std::string("-hl_") + param_.name + "_list";
  PetscFunctionBeginUser;
  path_.clear();
  if (has_list) {
    double prev = lambda0_;
    for (size_t k = 0; k < list.size(); ++k) {
      if (k == 0 && list[0] == lambda0_) continue; // the list may repeat the start
      PetscCheck(std::isfinite(list[k]) && dir * (list[k] - prev) > 0 &&
                     dir * (lambda1 - list[k]) >= 0,
                 comm, PETSC_ERR_ARG_OUTOFRANGE,
                 "%s: %g is not strictly in path order between %s0 = %g and the target %g",
                 ll.c_str(), list[k], param_.name.c_str(), lambda0_, lambda1);
      path_.push_back(list[k]);
      prev = list[k];
    }
    if (path_.empty() || path_.back() != lambda1) path_.push_back(lambda1);
  } else {
    PetscCheck(step_ > 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-hl_step must be > 0, got %g", step_);
    const double   span = std::fabs(lambda1 - lambda0_);
    const PetscInt n    = static_cast<PetscInt>(std::ceil(span / step_ - 1e-9));
    PetscCheck(n <= 1000000, comm, PETSC_ERR_ARG_OUTOFRANGE,
               "-hl_step %g gives %" PetscInt_FMT " steps", step_, n);
    for (PetscInt k = 1; k <= n; ++k)
      path_.push_back(k == n ? lambda1 : lambda0_ + dir * k * step_);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

void HomotopyLossSolver::AddInnerProgress() {
  // A long minimization: the path's progress line, its clock refreshed at every iteration.
  const auto line = [spec = monitor_spec_, p = progress_] {
    p->Update(p->Step(), p->Fraction());
    return spec.ProgressLine("hl", p.get());
  };
  gn_opt_.monitors.Add([line](const GNStep &) { return line(); });
  phase1_opt_.monitors.Add([line](const GNStep &) { return line(); });
  adam_.Monitors().Add([line](const AdamIterate &) { return line(); });
  lbfgs_.Monitors().Add([line](const LbfgsIterate &) { return line(); });
}

PetscErrorCode HomotopyLossSolver::SetupOptimizer(MPI_Comm comm) {
  PetscFunctionBeginUser;
  switch (optimizer_) {
  case kGaussNewton:
    gn_opt_.max_it = 50;
    gn_opt_.atol   = 1e-24;
    gn_opt_.rtol   = 1e-10;
    PetscCall(gn_opt_.SetFromOptions(comm, "hl_", "Homotopy loss: Gauss-Newton/LM at each step"));
    phase1_opt_.max_it = 600;
    phase1_opt_.atol   = 1e-26;
    phase1_opt_.rtol   = 1e-10;
    PetscCall(phase1_opt_.SetFromOptions(comm, "hl_phase1_",
                                         "Homotopy loss: phase I (Gauss-Newton/LM at the start)"));
    {
      LeastSquaresOptions step_ls,
          phase1_ls; // Gram eigen-solves; phase I to near machine precision
      step_ls.type    = "gram";
      step_ls.rcond   = 1e-6;
      phase1_ls.type  = "gram";
      phase1_ls.rcond = 1e-12;
      PetscCall(ls_.SetFromOptions(comm, "hl_", step_ls));
      PetscCall(ls_phase1_.SetFromOptions(comm, "hl_phase1_", phase1_ls));
    }
    break;
  case kAdam: PetscCall(adam_.SetFromOptions(comm)); break;
  case kLbfgs: PetscCall(lbfgs_.SetFromOptions(comm)); break;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode HomotopyLossSolver::Minimize(HomotopyLossFunction &f, size_t k,
                                            std::vector<double>       &theta,
                                            const std::vector<double> &good, StateKeeper *keeper,
                                            std::unique_ptr<SolverState> resume, PetscInt *its) {
  const bool          phase1 = k == 0;
  const double        lambda = phase1 ? lambda0_ : path_[k - 1];
  std::vector<double> hist;
  GNResult            res;
  PetscFunctionBeginUser;
  // Gauss–Newton and Adam report every iteration: their state nests in ours.
  NestedKeeper nk(
      keeper, Prefix(),
      [this, k, &good](SolverState *s) -> PetscErrorCode {
        Capture(s, k, true, nullptr, &good);
        return PETSC_SUCCESS;
      },
      std::move(resume));
  StateKeeper *inner = keeper ? &nk : nullptr;
  switch (optimizer_) {
  case kGaussNewton:
    PetscCall(GaussNewtonSolve(f, phase1 ? ls_phase1_ : ls_, phase1 ? phase1_opt_ : gn_opt_, lambda,
                               theta, &res, phase1 ? "phase I" : "hl", inner));
    *its   = res.its;
    inner_ = res.reason == GNReason::Nan      ? HOMOTOPY_DIVERGED_NAN
             : res.reason == GNReason::Signal ? HOMOTOPY_DIVERGED_SIGNAL
                                              : HOMOTOPY_CONVERGED_ITERATING;
    break;
  case kAdam:
    adam_.Reset(); // each step is a fresh minimization (as before: moments do not carry over)
    PetscCall(adam_.Solve(f, lambda, theta, &hist, inner));
    *its   = adam_.Options().max_it;
    inner_ = adam_.Reason() == ADAM_DIVERGED_NAN      ? HOMOTOPY_DIVERGED_NAN
             : adam_.Reason() == ADAM_DIVERGED_DTOL   ? HOMOTOPY_DIVERGED_DTOL
             : adam_.Reason() == ADAM_DIVERGED_SIGNAL ? HOMOTOPY_DIVERGED_SIGNAL
                                                      : HOMOTOPY_CONVERGED_ITERATING;
    break;
  case kLbfgs: // states between two minimizations only: the L-BFGS run is not nested
    PetscCall(lbfgs_.Solve(f, lambda, theta, &hist));
    *its   = lbfgs_.Iterations();
    inner_ = lbfgs_.Reason() == LBFGS_DIVERGED_NAN ? HOMOTOPY_DIVERGED_NAN
                                                   : HOMOTOPY_CONVERGED_ITERATING;
    break;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode HomotopyLossSolver::Record(HomotopyLossFunction &f, const std::vector<double> &theta,
                                          double lambda, double prev, PetscInt its,
                                          const PathObserver &observer, double t0,
                                          HomotopyConvergedReason *fail) {
  HomotopyLossPoint hp;
  PetscFunctionBeginUser;
  PetscCall(f.SetPoint(theta.data(), lambda));
  PetscCall(f.PartLosses(&hp.base.loss, &hp.loss_he));
  // the losses are allreduced and θ replicated: every rank takes the same decision
  *fail = inner_;
  if (*fail == HOMOTOPY_CONVERGED_ITERATING &&
      !(std::isfinite(hp.base.loss) && std::isfinite(hp.loss_he) && AllFinite(theta)))
    *fail = HOMOTOPY_DIVERGED_NAN;
  if (*fail != HOMOTOPY_CONVERGED_ITERATING) {
    failed_at_ = lambda;
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  hp.base.lambda        = lambda;
  hp.base.corrector_its = its;
  hp.base.step          = std::fabs(lambda - prev);
  PetscCall(observer(theta, lambda, &hp.base));
  hp.wall = MPI_Wtime() - t0;
  history_.push_back(hp);
  HomotopyLossStepInfo s;
  s.name  = param_.name.c_str();
  s.specs = specs_;
  s.point = &history_.back();
  progress_->Update(history_.size() - 1, Done());
  s.progress = progress_.get();
  PetscCall(monitors_(s));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode HomotopyLossSolver::Solve(HomotopyLossFunction &f, std::vector<double> &theta,
                                         const PathObserver &observer, StateKeeper *keeper) {
  size_t              next   = 0;     // the minimization to do: 0 phase I, k >= 1 at path_[k - 1]
  bool                inside = false; // the state is inside minimization `next`
  std::vector<double> good;           // θ_{k−1}: frozen in L_Hε, and where a failed step ends
  PetscInt            its = 0;
  PetscFunctionBeginUser;
  history_.clear();
  specs_                          = &observer.values;
  reason_                         = HOMOTOPY_CONVERGED_ITERATING;
  failed_at_                      = NAN;
  wall0_                          = 0;
  std::unique_ptr<SolverState> rs = keeper ? keeper->TakeResume() : nullptr;
  if (rs) PetscCall(Restore(f.Comm(), *rs, f.NumParams(), &next, &inside, &theta, &good));
  const double t0 = MPI_Wtime() - wall0_;
  progress_->Start(Done());
  auto stopped = [keeper] { return keeper && keeper->StopRequested(); };
  auto keep    = [&](size_t k) -> PetscErrorCode { // after minimization k - 1
    if (!keeper) return PETSC_SUCCESS;
    return keeper->Step([&, k](SolverState *s) -> PetscErrorCode {
      Capture(s, k, false, &theta, nullptr);
      return PETSC_SUCCESS;
    });
  };
  // ---- phase I: the plain loss at λ0 ----
  if (next == 0) {
    PetscCall(PetscLogStagePush(Log::phase1));
    f.ClearPrevious();
    PetscCall(Minimize(f, 0, theta, good, keeper, inside ? rs->Sub(Prefix()) : nullptr, &its));
    PetscCall(PetscLogStagePop());
    if (inner_ != HOMOTOPY_DIVERGED_SIGNAL) {
      PetscCall(Record(f, theta, lambda0_, lambda0_, its, observer, t0, &reason_));
      if (reason_ == HOMOTOPY_CONVERGED_ITERATING) PetscCall(keep(1));
    }
  }
  // ---- path: one minimization of the homotopy loss per λ_k ----
  PetscCall(PetscLogStagePush(Log::tracking));
  for (size_t k = std::max<size_t>(next, 1); k <= path_.size(); ++k) {
    if (reason_ != HOMOTOPY_CONVERGED_ITERATING || stopped()) break;
    const bool   resume = inside && k == next;
    const double lk = path_[k - 1], prev = k == 1 ? lambda0_ : path_[k - 2];
    if (!resume) good = theta;
    PetscCall(f.SetPrevious(good.data(), prev));
    PetscCall(Minimize(f, k, theta, good, keeper, resume ? rs->Sub(Prefix()) : nullptr, &its));
    if (inner_ == HOMOTOPY_DIVERGED_SIGNAL) break; // θ: the inner run's last iterate
    PetscCall(Record(f, theta, lk, prev, its, observer, t0, &reason_));
    if (reason_ != HOMOTOPY_CONVERGED_ITERATING) theta = good; // end at the last good point
    else PetscCall(keep(k + 1));
  }
  PetscCall(PetscLogStagePop());
  if (stopped()) reason_ = HOMOTOPY_DIVERGED_SIGNAL;
  else if (reason_ == HOMOTOPY_CONVERGED_ITERATING) reason_ = HOMOTOPY_CONVERGED_TARGET;
  specs_ = nullptr;
  if (view_reason_)
    PetscCall(HomotopyConvergedReasonView(f.Comm(), "Homotopy loss", reason_, param_,
                                          history_.empty() ? lambda0_ : history_.back().base.lambda,
                                          std::max<PetscInt>(0, history_.size() - 1), ""));
  PetscFunctionReturn(PETSC_SUCCESS);
}

std::string HomotopyLossSolver::ReasonDetail() const {
  const double last = history_.empty() ? NAN : history_.back().base.lambda;
  return HomotopyReasonDetail(reason_, param_, last, failed_at_,
                              static_cast<PetscInt>(history_.size()) - 1, "");
}

double HomotopyLossSolver::Done() const {
  const size_t points = history_.empty() ? 0 : history_.size() - 1; // after the start
  return path_.empty() ? 1.0 : static_cast<double>(points) / path_.size();
}

PetscErrorCode HomotopyLossMonitorDefault(PetscViewer viewer, const HomotopyLossStepInfo &s) {
  const HomotopyLossPoint &hp = *s.point;
  std::string              vals;
  PetscFunctionBeginUser;
  if (s.specs) PetscCall(PathValuesText(*s.specs, hp.base, &vals));
  PetscCall(PetscViewerASCIIPrintf(
      viewer, "hl %s %.6f loss_H %.3e alpha*L_Heps %.3e%s its %" PetscInt_FMT " (%.1f s)\n", s.name,
      hp.base.lambda, hp.base.loss, hp.loss_he, vals.c_str(), hp.base.corrector_its, hp.wall));
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
