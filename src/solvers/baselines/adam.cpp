#include "solvers/baselines/adam.hpp"

#include "core/finite.hpp"

#include <cmath>
#include <cstdio>

namespace petnet {

PetscErrorCode AdamOptions::SetFromOptions(MPI_Comm comm) {
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr, "Adam (classical training)", "Adam");
  PetscCall(PetscOptionsReal("-adam_lr", "Learning rate", "Adam", lr, &lr, nullptr));
  PetscCall(PetscOptionsReal("-adam_beta1", "First-moment decay", "Adam", beta1, &beta1, nullptr));
  PetscCall(PetscOptionsReal("-adam_beta2", "Second-moment decay", "Adam", beta2, &beta2, nullptr));
  PetscCall(PetscOptionsInt("-adam_max_it", "Iterations", "Adam", max_it, &max_it, nullptr));
  PetscCall(OptionsMonitor(PetscOptionsObject, comm, "-adam_monitor", "Print the loss", "Adam",
                           MonitorForm::kEvery, monitor_every, &monitor));
  monitor_every = monitor.On() ? monitor.every : 0;
  PetscCall(PetscOptionsReal("-adam_divtol",
                             "Stop when the loss exceeds divtol times its start value (0: never)",
                             "Adam", divtol, &divtol, nullptr));
  PetscCall(PetscOptionsBool("-adam_converged_reason", "Print why Adam stopped", "Adam",
                             view_reason, &view_reason, nullptr));
  PetscOptionsEnd();
  PetscCheck(divtol == 0 || divtol >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-adam_divtol must be 0 (never) or >= 1, got %g", divtol);
  PetscCheck(lr > 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-adam_lr must be > 0, got %g", lr);
  PetscCheck(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-adam_beta1 and -adam_beta2 must be in [0, 1)");
  PetscCheck(max_it >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-adam_max_it must be >= 0");
  PetscFunctionReturn(PETSC_SUCCESS);
}

const char *AdamConvergedReasonName(AdamConvergedReason r) {
  switch (r) {
  case ADAM_CONVERGED_ITERATIONS: return "CONVERGED_ITERATIONS";
  case ADAM_CONVERGED_ITERATING: return "CONVERGED_ITERATING";
  case ADAM_DIVERGED_NAN: return "DIVERGED_NAN";
  case ADAM_DIVERGED_SIGNAL: return "DIVERGED_SIGNAL";
  case ADAM_DIVERGED_DTOL: return "DIVERGED_DTOL";
  }
  return "UNKNOWN";
}

std::string AdamSolver::ReasonDetail() const {
  char            buf[200];
  const long long it = static_cast<long long>(stop_it_);
  switch (reason_) {
  case ADAM_DIVERGED_NAN:
    if (std::isfinite(stop_loss_))
      snprintf(buf, sizeof buf,
               "the loss or its gradient is not finite at iteration %lld; theta is the last "
               "iterate with a finite loss (%.3e)",
               it, stop_loss_);
    else snprintf(buf, sizeof buf, "the loss is not finite at iteration %lld", it);
    break;
  case ADAM_DIVERGED_DTOL:
    snprintf(buf, sizeof buf,
             "the loss %.3e exceeds -adam_divtol %g times its start value at iteration %lld",
             stop_loss_, opt_.divtol, it);
    break;
  default: snprintf(buf, sizeof buf, "%lld iterations, loss %.3e", it, stop_loss_);
  }
  return buf;
}

MonitorList<AdamIterate>::Callback AdamPrintMonitor(const MonitorSpec &spec) {
  return [spec](const AdamIterate &a) -> PetscErrorCode {
    PetscFunctionBeginUser;
    if (a.it % spec.every == 0) {
      PetscCall(PetscViewerASCIIPrintf(spec.Viewer(), "adam %6" PetscInt_FMT " loss %s\n", a.it,
                                       FiniteText(a.loss, "%.6e").c_str()));
      PetscCall(spec.Plot(a.it, a.loss));
    }
    PetscCall(spec.ProgressLine("adam", a.progress));
    PetscFunctionReturn(PETSC_SUCCESS);
  };
}

PetscErrorCode AdamSolver::SetFromOptions(MPI_Comm comm) {
  PetscFunctionBeginUser;
  PetscCall(opt_.SetFromOptions(comm));
  if (opt_.monitor.cancel) monitors_.Cancel();
  if (opt_.monitor.On()) monitors_.Add(AdamPrintMonitor(opt_.monitor));
  PetscFunctionReturn(PETSC_SUCCESS);
}

void AdamSolver::Reset() {
  m_.clear();
  v_.clear();
  b1t_ = b2t_ = 1;
  t_          = 0;
}

PetscErrorCode AdamSolver::Solve(ResidualFunction &f, double lambda, std::vector<double> &theta,
                                 std::vector<double> *history, StateKeeper *keeper) {
  MPI_Comm       comm = f.Comm();
  const PetscInt p    = f.NumParams();
  Vec            r;
  PetscFunctionBeginUser;
  if (m_.size() != static_cast<size_t>(p)) {
    Reset();
    m_.assign(p, 0.0);
    v_.assign(p, 0.0);
  }
  PetscInt it0 = 0;
  reason_      = ADAM_CONVERGED_ITERATING;
  if (std::unique_ptr<SolverState> st = keeper ? keeper->TakeResume() : nullptr) {
    PetscCall(st->Get(comm, "theta", &theta, static_cast<size_t>(p)));
    PetscCall(st->Get(comm, "adam/m", &m_, static_cast<size_t>(p)));
    PetscCall(st->Get(comm, "adam/v", &v_, static_cast<size_t>(p)));
    PetscCall(st->Get(comm, "adam/b1t", &b1t_));
    PetscCall(st->Get(comm, "adam/b2t", &b2t_));
    PetscCall(st->Get(comm, "adam/t", &t_));
    PetscCall(st->Get(comm, "adam/it", &it0));
    PetscCall(st->Get(comm, "adam/history", history));
    PetscCheck(it0 <= opt_.max_it, comm, PETSC_ERR_FILE_UNEXPECTED,
               "checkpoint: Adam stopped at iteration %" PetscInt_FMT
               " but -adam_max_it is %" PetscInt_FMT,
               it0, opt_.max_it);
  }
  PetscCall(f.CreateRowVec(&r));
  std::vector<double> g(p);
  double              loss = 0, loss0 = NAN, last_good_loss = NAN;
  reason_ = ADAM_CONVERGED_ITERATING;
  progress_.Start(WorkFraction(it0, opt_.max_it));
  for (PetscInt it = it0; it <= opt_.max_it; ++it) {
    PetscCall(f.SetPoint(theta.data(), lambda));
    PetscCall(f.Loss(r, &loss));
    if (it % 100 == 0 || it == opt_.max_it) history->push_back(loss);
    progress_.Update(it, WorkFraction(it, opt_.max_it));
    PetscCall(monitors_(AdamIterate{it, loss, &progress_}));
    if (it == it0) loss0 = loss;
    stop_it_   = it;
    stop_loss_ = loss;
    if (it == opt_.max_it) break;
    if (ExceedsDivtol(loss, loss0, opt_.divtol)) {
      reason_ = ADAM_DIVERGED_DTOL;
      break;
    }
    if (std::isfinite(loss)) PetscCall(f.MultTranspose(r, g.data())); // ∇(½‖r‖²) = Jᵀ r
    // the loss and Jᵀr are allreduced: every rank takes the same decision
    if (!std::isfinite(loss) || !AllFinite(g)) {
      reason_ = ADAM_DIVERGED_NAN;
      if (!std::isfinite(loss) && it > it0) { // back to the last iterate with a finite loss
        theta      = last_good_;
        stop_loss_ = last_good_loss;
      }
      break;
    }
    last_good_     = theta;
    last_good_loss = loss;
    b1t_ *= opt_.beta1;
    b2t_ *= opt_.beta2;
    ++t_;
    for (PetscInt j = 0; j < p; ++j) {
      m_[j] = opt_.beta1 * m_[j] + (1 - opt_.beta1) * g[j];
      v_[j] = opt_.beta2 * v_[j] + (1 - opt_.beta2) * g[j] * g[j];
      theta[j] -= opt_.lr * (m_[j] / (1 - b1t_)) / (std::sqrt(v_[j] / (1 - b2t_)) + opt_.eps);
    }
    if (keeper)
      PetscCall(keeper->Step([&](SolverState *s) -> PetscErrorCode {
        s->Put("theta", theta);
        s->Put("adam/m", m_);
        s->Put("adam/v", v_);
        s->Put("adam/b1t", b1t_);
        s->Put("adam/b2t", b2t_);
        s->Put("adam/t", static_cast<double>(t_));
        s->Put("adam/it", static_cast<double>(it + 1));
        s->Put("adam/history", *history);
        return PETSC_SUCCESS;
      }));
    if (keeper && keeper->StopRequested()) {
      reason_ = ADAM_DIVERGED_SIGNAL;
      break;
    }
  }
  PetscCall(VecDestroy(&r));
  if (reason_ == ADAM_CONVERGED_ITERATING) reason_ = ADAM_CONVERGED_ITERATIONS;
  if (opt_.view_reason)
    PetscCall(PetscPrintf(comm, "Adam %s at iteration %" PetscInt_FMT ": loss %s\n",
                          AdamConvergedReasonName(reason_), stop_it_,
                          FiniteText(stop_loss_, "%.6e").c_str()));
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
