#include "solvers/gauss_newton.hpp"

#include "core/finite.hpp"
#include "solvers/residual_jacobian.hpp"

#include <cmath>
#include <string>

namespace petnet {

MonitorList<GNStep>::Callback GaussNewtonPrintMonitor(const MonitorSpec &spec) {
  return [spec](const GNStep &s) -> PetscErrorCode {
    PetscFunctionBeginUser;
    PetscCall(PetscViewerASCIIPrintf(
        spec.Viewer(),
        "  %s %3" PetscInt_FMT " loss %.6e -> %.6e  |step| %.3e  mu %.1e  nrank %" PetscInt_FMT
        "  t %.1fs%s\n",
        s.label, s.its, s.loss, s.new_loss, s.step, s.mu_rel, s.rank, s.wall,
        s.rejects ? (" rejects " + std::to_string(s.rejects)).c_str() : ""));
    PetscCall(spec.Plot(s.its + 1, s.new_loss));
    PetscCall(spec.ProgressLine(s.label, s.progress));
    PetscFunctionReturn(PETSC_SUCCESS);
  };
}

PetscErrorCode GaussNewtonOptions::SetFromOptions(MPI_Comm comm, const char *prefix,
                                                  const char *title) {
  const std::string p = std::string("-") + prefix + "gn_";
  PetscFunctionBeginUser;
  const std::string head = std::string(title) + " " + p + "*"; // -help: one block per title
  MonitorSpec       spec;
  PetscOptionsBegin(comm, nullptr, head.c_str(), "GaussNewton");
  PetscCall(PetscOptionsInt((p + "max_it").c_str(), "Maximum Gauss-Newton/LM iterations",
                            "GaussNewton", max_it, &max_it, nullptr));
  PetscCall(PetscOptionsReal((p + "atol").c_str(), "Stop when the loss <= atol", "GaussNewton",
                             atol, &atol, nullptr));
  PetscCall(PetscOptionsReal((p + "rtol").c_str(), "Stop when the relative loss decrease < rtol",
                             "GaussNewton", rtol, &rtol, nullptr));
  PetscCall(PetscOptionsReal((p + "mu0").c_str(), "Initial LM damping relative to sigma_max^2",
                             "GaussNewton", mu0, &mu0, nullptr));
  PetscCall(OptionsMonitor(PetscOptionsObject, comm, p + "monitor", "Print one line per iteration",
                           "GaussNewton", MonitorForm::kSwitch, monitor, &spec));
  PetscCall(PetscOptionsBool((p + "converged_reason").c_str(), "Print why the solve stopped",
                             "GaussNewton", view_reason, &view_reason, nullptr));
  PetscOptionsEnd();
  PetscCheck(max_it >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "%smax_it must be >= 0, got %" PetscInt_FMT, p.c_str(), max_it);
  PetscCheck(atol >= 0 && rtol >= 0 && mu0 >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "%satol, rtol and mu0 must be >= 0", p.c_str());
  monitor = spec.On() ? PETSC_TRUE : PETSC_FALSE;
  if (spec.cancel) monitors.Cancel();
  if (spec.cancel) inner_monitors.Cancel();
  if (spec.On()) {
    monitors.Add(GaussNewtonPrintMonitor(spec));
    inner_monitors.Add(
        [spec](const GNInnerStep &s) { return spec.ProgressLine(s.label, s.progress); });
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

const char *GNReasonName(GNReason r) {
  switch (r) {
  case GNReason::Atol: return "atol";
  case GNReason::Rtol: return "rtol";
  case GNReason::StepTol: return "step_tol";
  case GNReason::MaxIt: return "max_it";
  case GNReason::Stalled: return "stalled";
  case GNReason::Signal: return "signal";
  case GNReason::Nan: return "nan";
  }
  return "?";
}

GaussNewtonConvergedReason GNConvergedReason(GNReason r) {
  switch (r) {
  case GNReason::Atol: return GN_CONVERGED_ATOL;
  case GNReason::Rtol: return GN_CONVERGED_RTOL;
  case GNReason::StepTol: return GN_CONVERGED_STEP_TOL;
  case GNReason::MaxIt: return GN_DIVERGED_MAX_IT;
  case GNReason::Stalled: return GN_DIVERGED_STALLED;
  case GNReason::Nan: return GN_DIVERGED_NAN;
  case GNReason::Signal: return GN_DIVERGED_SIGNAL;
  }
  return GN_CONVERGED_ITERATING;
}

const char *GaussNewtonConvergedReasonName(GaussNewtonConvergedReason r) {
  switch (r) {
  case GN_CONVERGED_ATOL: return "CONVERGED_ATOL";
  case GN_CONVERGED_RTOL: return "CONVERGED_RTOL";
  case GN_CONVERGED_STEP_TOL: return "CONVERGED_STEP_TOL";
  case GN_CONVERGED_ITERATING: return "CONVERGED_ITERATING";
  case GN_DIVERGED_MAX_IT: return "DIVERGED_MAX_IT";
  case GN_DIVERGED_NAN: return "DIVERGED_NAN";
  case GN_DIVERGED_SIGNAL: return "DIVERGED_SIGNAL";
  case GN_DIVERGED_STALLED: return "DIVERGED_STALLED";
  }
  return "UNKNOWN";
}

namespace {
/// Levenberg–Marquardt damping relative to σ_max², and its growth factor ν.
struct Damping {
  double mu_rel, nu;
};

/// The outcome of one iteration's damped trial steps.
struct TrialSteps {
  bool     accepted = false;
  PetscInt rejects  = 0;
  double   new_loss = 0, dnorm = 0; ///< loss at and length of the last trial step
  LSQStats st;
};

/// Continues from a state the keeper hands back on a restart (theta, counts, damping).
PetscErrorCode Resume(MPI_Comm comm, PetscInt p, StateKeeper *keeper, std::vector<double> &theta,
                      PetscInt *its0, GNResult *res, Damping *damp) {
  PetscFunctionBeginUser;
  if (std::unique_ptr<SolverState> st = keeper ? keeper->TakeResume() : nullptr) {
    PetscCall(st->Get(comm, "theta", &theta, static_cast<size_t>(p)));
    PetscCall(st->Get(comm, "its", its0));
    PetscCall(st->Get(comm, "rejects", &res->rejects));
    PetscCall(st->Get(comm, "loss0", &res->loss0));
    PetscCall(st->Get(comm, "mu_rel", &damp->mu_rel));
    PetscCall(st->Get(comm, "nu", &damp->nu));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// Hands the state after accepted iteration its to the keeper.
PetscErrorCode Keep(StateKeeper *keeper, const std::vector<double> &theta, PetscInt its,
                    const GNResult &res, const Damping &damp) {
  PetscFunctionBeginUser;
  PetscCall(keeper->Step([&](SolverState *s) -> PetscErrorCode {
    s->Put("theta", theta);
    s->Put("its", static_cast<double>(its + 1));
    s->Put("rejects", static_cast<double>(res.rejects));
    s->Put("loss0", res.loss0);
    s->Put("mu_rel", damp.mu_rel);
    s->Put("nu", damp.nu);
    return PETSC_SUCCESS;
  }));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// Puts a LeastSquares' iteration hook back as it was when the guard was made.
class HookGuard {
public:
  explicit HookGuard(LeastSquares &ls) : ls_(ls), saved_(ls.IterationHook()) {}
  ~HookGuard() { ls_.SetIterationHook(saved_); }
  HookGuard(const HookGuard &)            = delete;
  HookGuard &operator=(const HookGuard &) = delete;

private:
  LeastSquares    &ls_;
  LSQIterationHook saved_;
};

/// Trial steps δ = −J⁺_μ r from theta (Jacobian set up in ls) until one lowers the loss
/// (trial, residual rt) or max_rejects are rejected; Nielsen's rule updates the damping.
PetscErrorCode TryDampedSteps(ResidualFunction &f, LeastSquares &ls, const GaussNewtonOptions &opt,
                              double lambda, const std::vector<double> &theta, Vec r, Vec rt,
                              double loss, std::vector<double> &delta, std::vector<double> &trial,
                              Damping *damp, TrialSteps *out) {
  const PetscInt p = f.NumParams();
  PetscFunctionBeginUser;
  out->new_loss = loss;
  while (!out->accepted && out->rejects <= opt.max_rejects) {
    const double smax = ls.SingularValues().empty() ? 1.0 : ls.SingularValues()[0];
    if (out->rejects)
      PetscCall(f.SetPoint(theta.data(), lambda)); // matrix-free operators use f's point
    PetscCall(ls.Solve(r, damp->mu_rel * smax * smax, delta.data(), &out->st));
    double dnorm = 0;
    for (PetscInt j = 0; j < p; ++j) {
      trial[j] = theta[j] - delta[j];
      dnorm += delta[j] * delta[j];
    }
    out->dnorm = std::sqrt(dnorm);
    PetscCall(f.SetPoint(trial.data(), lambda));
    PetscCall(f.Loss(rt, &out->new_loss));
    // Gain ratio ρ = actual/predicted decrease; Nielsen's damping update.
    const double rho =
        out->st.model_reduction > 0 ? (loss - out->new_loss) / out->st.model_reduction : -1.0;
    if (std::isfinite(out->new_loss) && out->new_loss < loss) {
      out->accepted  = true;
      const double t = 2.0 * rho - 1.0;
      damp->mu_rel *= std::fmax(1.0 / opt.mu_down, 1.0 - t * t * t);
      damp->nu = 2.0;
      if (damp->mu_rel < 1e-20) damp->mu_rel = 0.0;
    } else {
      ++out->rejects;
      damp->mu_rel = damp->mu_rel > 0 ? damp->mu_rel * damp->nu : 1e-12;
      damp->nu *= 2.0;
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// The stopping tests after an accepted step; false: go on.
bool StopAfterStep(const GaussNewtonOptions &opt, double loss, double decrease, double dnorm,
                   double tnorm, GNReason *why) {
  if (loss <= opt.atol) *why = GNReason::Atol;
  else if (decrease < opt.rtol * loss) *why = GNReason::Rtol;
  else if (dnorm <= opt.step_tol * (1.0 + std::sqrt(tnorm))) *why = GNReason::StepTol;
  else return false;
  return true;
}
} // namespace

PetscErrorCode GaussNewtonSolve(ResidualFunction &f, LeastSquares &ls,
                                const GaussNewtonOptions &opt, double lambda,
                                std::vector<double> &theta, GNResult *result, const char *label,
                                StateKeeper *keeper) {
  MPI_Comm       comm = f.Comm();
  const PetscInt p    = f.NumParams();
  Vec            r, rt; // residual at θ, and at the trial point
  GNResult       res;
  const double   t0 = MPI_Wtime();
  PetscFunctionBeginUser;
  PetscCall(f.CreateRowVec(&r));
  PetscCall(VecDuplicate(r, &rt));
  std::vector<double> delta(p), trial(p);
  double              loss = 0;
  Damping             damp{opt.mu0, 2.0};
  PetscInt            its0 = 0;
  Progress            progress;
  PetscCall(Resume(comm, p, keeper, theta, &its0, &res, &damp));
  progress.Start(WorkFraction(its0, opt.max_it));
  // The inner monitors during this solve's least-squares iterations; the caller's hook
  // is back when the solve returns, also on an error.
  HookGuard guard(ls);
  if (!opt.inner_monitors.Empty())
    ls.SetIterationHook([&opt, &progress, &res, label](PetscInt ls_its) {
      progress.Update(progress.Step(), progress.Fraction());
      return opt.inner_monitors(GNInnerStep{label, res.its, ls_its, &progress});
    });
  PetscCall(f.SetPoint(theta.data(), lambda));
  PetscCall(f.Loss(r, &loss));
  if (its0 == 0) res.loss0 = loss;
  res.reason = GNReason::MaxIt;
  for (res.its = its0; res.its < opt.max_it; ++res.its) {
    if (!std::isfinite(loss)) { // the loss is allreduced: every rank stops here
      res.reason = GNReason::Nan;
      break;
    }
    if (loss <= opt.atol) {
      res.reason = GNReason::Atol;
      break;
    }
    ResidualJacobian jac(f);
    PetscCall(ls.Setup(jac)); // Jacobian at θ
    TrialSteps t;
    PetscCall(TryDampedSteps(f, ls, opt, lambda, theta, r, rt, loss, delta, trial, &damp, &t));
    res.rejects += t.rejects;
    if (!t.accepted) { // leave f at θ for the caller
      PetscCall(f.SetPoint(theta.data(), lambda));
      res.reason = GNReason::Stalled;
      break;
    }
    PetscCall(VecSwap(r, rt));
    const double decrease = loss - t.new_loss;
    double       tnorm    = 0;
    theta.swap(trial);
    for (double x : theta) tnorm += x * x;
    progress.Update(res.its + 1, WorkFraction(res.its + 1, opt.max_it));
    PetscCall(opt.monitors(GNStep{label, res.its, loss, t.new_loss, t.dnorm, damp.mu_rel, t.st.rank,
                                  t.rejects, MPI_Wtime() - t0, &progress}));
    loss = t.new_loss;
    if (StopAfterStep(opt, loss, decrease, t.dnorm, tnorm, &res.reason)) {
      ++res.its;
      break;
    }
    if (keeper) PetscCall(Keep(keeper, theta, res.its, res, damp));
    if (keeper && keeper->StopRequested()) {
      res.reason = GNReason::Signal;
      ++res.its;
      break;
    }
  }
  res.loss = loss;
  if (!std::isfinite(loss)) res.reason = GNReason::Nan;
  PetscCall(VecDestroy(&r));
  PetscCall(VecDestroy(&rt));
  *result = res;
  if (opt.view_reason)
    PetscCall(PetscPrintf(comm, "%s %s after %" PetscInt_FMT " iterations: loss %s\n", label,
                          GaussNewtonConvergedReasonName(GNConvergedReason(res.reason)), res.its,
                          FiniteText(loss, "%.6e").c_str()));
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
