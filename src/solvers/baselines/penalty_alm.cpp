#include "solvers/baselines/penalty_alm.hpp"
#include "core/options_left.hpp"

#include "core/choice.hpp"
#include "core/finite.hpp"

#include <cmath>

namespace petnet {

namespace {
const char *const kPenaltyMethodNames[] = {"penalty", "alm", "pinn"}; // indexed by PenaltyMethod
/// The inner TAO's options prefix, indexed by PenaltyMethod.
const char *const kInnerPrefix[] = {"pen_", "pen_", "pinn_"};
} // namespace

const char *PenaltyMethodName(PenaltyMethod m) { return kPenaltyMethodNames[static_cast<int>(m)]; }

MonitorList<PenaltyStep>::Callback PenaltyPrintMonitor(const MonitorSpec &spec,
                                                       PenaltyMethod      method) {
  return [spec, method](const PenaltyStep &st) -> PetscErrorCode {
    PetscFunctionBeginUser;
    if (st.outer % spec.every == 0 || st.outer == 1)
      PetscCall(PetscViewerASCIIPrintf(spec.Viewer(),
                                       "  %s %4" PetscInt_FMT "  mu %10.4e  inner %5" PetscInt_FMT
                                       "  ell %12.5e  ||c|| %12.5e\n",
                                       PenaltyMethodName(method), st.outer, st.mu, st.inner_its,
                                       st.ell, st.cnorm));
    if (st.outer % spec.every == 0 || st.outer == 1) PetscCall(spec.Plot(st.outer, st.phi));
    PetscCall(spec.ProgressLine(PenaltyMethodName(method), st.progress));
    PetscFunctionReturn(PETSC_SUCCESS);
  };
}

MeritLbfgs::~MeritLbfgs() { TaoDestroy(&tao_); }

PetscErrorCode MeritLbfgs::SetFromOptions(MPI_Comm comm, const char *prefix, PetscInt max_it,
                                          double gatol) {
  PetscFunctionBeginUser;
  PetscCall(TaoCreate(PETSC_COMM_SELF, &tao_));
  PetscCall(TaoSetType(tao_, TAOLMVM));
  PetscCall(TaoSetOptionsPrefix(tao_, prefix));
  RegisterObjectPrefix(prefix, {"tao_"});
  PetscCall(TaoSetMaximumIterations(tao_, max_it));
  PetscCall(TaoSetMaximumFunctionEvaluations(tao_, 20 * max_it + 100));
  PetscCall(TaoSetTolerances(tao_, gatol, 0.0, 0.0));
  PetscCall(TaoSetFromOptions(tao_));
  PetscCall(TaoSetMonitor(tao_, HookMonitor, this, nullptr));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MeritLbfgs::HookMonitor(Tao tao, void *ctx) {
  const auto *self = static_cast<const MeritLbfgs *>(ctx);
  PetscInt    its  = 0;
  PetscFunctionBeginUser;
  if (!self->hook_) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(TaoGetIterationNumber(tao, &its));
  PetscCall(self->hook_(its));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MeritLbfgs::ObjGrad(Tao tao, Vec x, PetscReal *obj, Vec g, void *ctx) {
  auto              *self = static_cast<MeritLbfgs *>(ctx);
  const PetscInt     p = self->f_->NumParams(), M = self->f_->NumConstraints();
  const PetscScalar *xa;
  PetscScalar       *ga;
  double             ell;
  PetscFunctionBeginUser;
  PetscCall(VecGetArrayRead(x, &xa));
  PetscCall(self->f_->Evaluate(xa, &ell, self->c_.data()));
  PetscCall(VecRestoreArrayRead(x, &xa));
  double              phi = self->a_ * ell;
  std::vector<double> w(M);
  for (PetscInt i = 0; i < M; ++i) {
    const double li = self->lambda_->empty() ? 0.0 : (*self->lambda_)[i];
    phi += li * self->c_[i] + self->mu_ * self->c_[i] * self->c_[i];
    w[i] = li + 2.0 * self->mu_ * self->c_[i];
  }
  if (g) { // g = nullptr: the objective only
    PetscCall(VecGetArray(g, &ga));
    PetscCall(self->f_->CombinedGradient(self->a_, w.data(), ga));
    PetscCall(VecRestoreArray(g, &ga));
  }
  (void)p;
  *obj = phi;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MeritLbfgs::Minimize(ConstrainedFunction &f, double a,
                                    const std::vector<double> &lambda, double mu,
                                    std::vector<double> &theta, PetscInt *its, double *phi) {
  Vec x;
  PetscFunctionBeginUser;
  f_ = &f, a_ = a, mu_ = mu, lambda_ = &lambda;
  c_.resize(f.NumConstraints());
  grad_.resize(f.NumParams());
  A_.resize(static_cast<size_t>(f.NumConstraints() * f.NumParams()));
  PetscCall(VecCreateSeqWithArray(PETSC_COMM_SELF, 1, f.NumParams(), theta.data(), &x));
  PetscCall(TaoSetSolution(tao_, x));
  PetscCall(TaoSetObjectiveAndGradient(tao_, nullptr, ObjGrad, this));
  // φ at the start (collective values): TAO stops with an error when it is not finite
  PetscCall(ObjGrad(tao_, x, phi, nullptr, this));
  *its    = 0;
  reason_ = TAO_DIVERGED_NAN;
  if (std::isfinite(*phi)) {
    PetscCall(TaoSolve(tao_));
    PetscCall(TaoGetIterationNumber(tao_, its));
    PetscCall(TaoGetSolutionStatus(tao_, nullptr, phi, nullptr, nullptr, nullptr, &reason_));
    if (!std::isfinite(*phi) || !AllFinite(theta)) reason_ = TAO_DIVERGED_NAN;
  }
  PetscCall(VecDestroy(&x)); // theta holds the solution
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode PenaltyOptions::SetFromOptions(MPI_Comm comm, const std::string &m) {
  PetscFunctionBeginUser;
  PetscCheck(FindChoice(kPenaltyMethodNames, m.c_str(), &method), comm, PETSC_ERR_ARG_UNKNOWN_TYPE,
             "unknown penalty method %s (penalty, alm, pinn)", m.c_str());
  if (method == PenaltyMethod::Pinn) {
    outer = 1;
    PetscOptionsBegin(comm, nullptr, "Soft-constrained PINN: l + mu ||c||^2 at fixed mu",
                      "Penalty");
    PetscCall(PetscOptionsReal("-pinn_mu", "Fixed penalty mu", "Penalty", mu0, &mu0, nullptr));
    PetscCall(PetscOptionsInt("-pinn_max_it", "L-BFGS iterations", "Penalty", inner_max_it,
                              &inner_max_it, nullptr));
    PetscCall(PetscOptionsReal("-pinn_gatol", "Stop at ||grad||_2 <= gatol", "Penalty", gatol,
                               &gatol, nullptr));
    PetscCall(PetscOptionsBool("-pinn_converged_reason", "Print why the solve stopped", "Penalty",
                               view_reason, &view_reason, nullptr));
    PetscOptionsEnd();
  } else {
    PetscOptionsBegin(comm, nullptr,
                      method == PenaltyMethod::Alm ? "Augmented Lagrangian baseline"
                                                   : "Penalty baseline",
                      "Penalty");
    PetscCall(PetscOptionsReal("-pen_mu0", "Initial penalty mu", "Penalty", mu0, &mu0, nullptr));
    PetscCall(PetscOptionsReal("-pen_factor", "mu <- factor mu after each inner solve", "Penalty",
                               factor, &factor, nullptr));
    PetscCall(PetscOptionsInt("-pen_outer", "Outer iterations (mu updates)", "Penalty", outer,
                              &outer, nullptr));
    PetscCall(PetscOptionsInt("-pen_inner_max_it", "L-BFGS iterations per inner solve", "Penalty",
                              inner_max_it, &inner_max_it, nullptr));
    PetscCall(PetscOptionsReal("-pen_gatol", "Inner stop at ||grad||_2 <= gatol", "Penalty", gatol,
                               &gatol, nullptr));
    PetscCall(OptionsMonitor(PetscOptionsObject, comm, "-pen_monitor", "Print the outer iterations",
                             "Penalty", MonitorForm::kEvery, monitor, &monitor_spec));
    monitor = monitor_spec.On() ? monitor_spec.every : 0;
    PetscCall(PetscOptionsBool("-pen_converged_reason", "Print why the solve stopped", "Penalty",
                               view_reason, &view_reason, nullptr));
    PetscOptionsEnd();
  }
  PetscCheck(mu0 > 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "penalty mu must be > 0, got %g", mu0);
  PetscCheck(factor >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "-pen_factor must be >= 1, got %g",
             factor);
  PetscCheck(outer >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-pen_outer must be >= 1, got %" PetscInt_FMT, outer);
  PetscCheck(inner_max_it >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "inner iterations must be >= 1, got %" PetscInt_FMT, inner_max_it);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode PenaltySolver::SetFromOptions(MPI_Comm comm, const std::string &method) {
  PetscFunctionBeginUser;
  PetscCall(o_.SetFromOptions(comm, method));
  PetscCall(inner_.SetFromOptions(comm, kInnerPrefix[static_cast<int>(o_.method)], o_.inner_max_it,
                                  o_.gatol));
  if (o_.monitor_spec.cancel) monitors_.Cancel();
  if (o_.monitor_spec.On()) {
    monitors_.Add(PenaltyPrintMonitor(o_.monitor_spec, o_.method));
    // Inside an inner solve: the fraction done counts its iterations, the clock refreshed.
    inner_.SetIterationHook([this](PetscInt its) {
      const PetscInt k = progress_.Step();
      progress_.Update(k, WorkFraction(k + WorkFraction(its, o_.inner_max_it), o_.outer));
      return o_.monitor_spec.ProgressLine(PenaltyMethodName(o_.method), &progress_);
    });
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

namespace {
constexpr size_t kPenaltyFields = 6; // a PenaltyStep as doubles
} // namespace

PetscErrorCode PenaltySolver::Resume(MPI_Comm comm, const SolverState &st,
                                     std::vector<double> &theta, std::vector<double> &lambda,
                                     double *mu, PetscInt *k0) {
  std::vector<double> h;
  PetscFunctionBeginUser;
  PetscCall(st.Get(comm, "theta", &theta, theta.size()));
  PetscCall(st.Get(comm, "pen/lambda", &lambda, lambda.size()));
  PetscCall(st.Get(comm, "pen/mu", mu));
  PetscCall(st.Get(comm, "pen/outer", k0));
  PetscCall(st.Get(comm, "pen/inner_total", &inner_total_));
  PetscCall(st.Get(comm, "pen/history", &h));
  PetscCheck(h.size() == kPenaltyFields * static_cast<size_t>(*k0) && *k0 <= o_.outer, comm,
             PETSC_ERR_FILE_UNEXPECTED,
             "checkpoint: penalty state after %" PetscInt_FMT
             " outer iterations does not fit this run (%" PetscInt_FMT " outer iterations)",
             *k0, o_.outer);
  for (size_t i = 0; i < h.size(); i += kPenaltyFields)
    hist_.push_back({static_cast<PetscInt>(h[i]), static_cast<PetscInt>(h[i + 1]), h[i + 2],
                     h[i + 3], h[i + 4], h[i + 5]});
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode PenaltySolver::Solve(ConstrainedFunction &f, std::vector<double> &theta,
                                    StateKeeper *keeper) {
  const PetscInt M   = f.NumConstraints();
  const bool     alm = o_.method == PenaltyMethod::Alm;
  PetscFunctionBeginUser;
  std::vector<double> lambda(alm ? M : 0, 0.0), c(M);
  double              mu = o_.mu0;
  PetscInt            k0 = 0;
  hist_.clear();
  inner_total_ = 0;
  reason_      = PENALTY_CONVERGED_ITERATING;
  std::vector<double> good;
  if (std::unique_ptr<SolverState> st = keeper ? keeper->TakeResume() : nullptr)
    PetscCall(Resume(f.Comm(), *st, theta, lambda, &mu, &k0));
  progress_.Start(WorkFraction(k0, o_.outer));
  for (PetscInt k = k0; k < o_.outer; ++k) {
    PetscInt its;
    double   phi, ell;
    good = theta;
    PetscCall(inner_.Minimize(f, 1.0, lambda, mu, theta, &its, &phi));
    PetscCall(f.Evaluate(theta.data(), &ell, c.data()));
    double cn = 0;
    for (double ci : c) cn += ci * ci;
    cn = std::sqrt(cn);
    // ℓ and c are the collective values every rank holds
    if (inner_.Reason() == TAO_DIVERGED_NAN || !std::isfinite(ell) || !std::isfinite(cn)) {
      reason_ = PENALTY_DIVERGED_NAN;
      theta   = good; // the last finite outer iterate
      break;
    }
    inner_total_ += its;
    hist_.push_back({k + 1, its, mu, ell, cn, phi});
    progress_.Update(k + 1, WorkFraction(k + 1, o_.outer));
    PenaltyStep step = hist_.back();
    step.progress    = &progress_;
    PetscCall(monitors_(step));
    if (alm)
      for (PetscInt i = 0; i < M; ++i) lambda[i] += 2.0 * mu * c[i];
    mu *= o_.factor;
    if (!keeper) continue;
    PetscCall(keeper->Step([&](SolverState *s) -> PetscErrorCode {
      std::vector<double> h;
      for (auto &st : hist_)
        h.insert(h.end(), {static_cast<double>(st.outer), static_cast<double>(st.inner_its), st.mu,
                           st.ell, st.cnorm, st.phi});
      s->Put("theta", theta);
      s->Put("pen/lambda", lambda);
      s->Put("pen/mu", mu);
      s->Put("pen/outer", static_cast<double>(k + 1));
      s->Put("pen/inner_total", static_cast<double>(inner_total_));
      s->Put("pen/history", h);
      return PETSC_SUCCESS;
    }));
    if (keeper->StopRequested()) {
      if (k + 1 < o_.outer) reason_ = PENALTY_DIVERGED_SIGNAL;
      break;
    }
  }
  if (reason_ == PENALTY_CONVERGED_ITERATING) reason_ = PENALTY_CONVERGED_OUTER;
  if (o_.view_reason)
    PetscCall(PetscPrintf(f.Comm(), "%s %s after %" PetscInt_FMT " outer iterations\n",
                          PenaltyMethodName(o_.method), PenaltyConvergedReasonName(reason_),
                          static_cast<PetscInt>(hist_.size())));
  PetscFunctionReturn(PETSC_SUCCESS);
}

const char *PenaltyConvergedReasonName(PenaltyConvergedReason r) {
  switch (r) {
  case PENALTY_CONVERGED_OUTER: return "CONVERGED_OUTER";
  case PENALTY_CONVERGED_ITERATING: return "CONVERGED_ITERATING";
  case PENALTY_DIVERGED_NAN: return "DIVERGED_NAN";
  case PENALTY_DIVERGED_SIGNAL: return "DIVERGED_SIGNAL";
  }
  return "UNKNOWN";
}

} // namespace petnet
