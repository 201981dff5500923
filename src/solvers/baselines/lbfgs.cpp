#include "solvers/baselines/lbfgs.hpp"

#include "core/finite.hpp"
#include "solvers/trsqp/vector_ops.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

namespace petnet {

namespace {
/// A pair is kept only if sᵀy > kCurvatureEps ‖s‖ ‖y‖.
constexpr double kCurvatureEps = 1e-10;
} // namespace

PetscErrorCode LbfgsOptions::SetFromOptions(MPI_Comm comm) {
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr, "L-BFGS", "Lbfgs");
  PetscCall(PetscOptionsInt("-lbfgs_m", "Pairs (s, y) kept", "Lbfgs", m, &m, nullptr));
  PetscCall(
      PetscOptionsReal("-lbfgs_gatol", "Stop when |g| <= gatol", "Lbfgs", gatol, &gatol, nullptr));
  PetscCall(PetscOptionsReal("-lbfgs_grtol", "Stop when |g| <= grtol |f| (0: off)", "Lbfgs", grtol,
                             &grtol, nullptr));
  PetscCall(PetscOptionsInt("-lbfgs_max_it", "Iterations", "Lbfgs", max_it, &max_it, nullptr));
  PetscCall(PetscOptionsInt("-lbfgs_max_funcs", "Loss and gradient evaluations", "Lbfgs", max_funcs,
                            &max_funcs, nullptr));
  PetscCall(PetscOptionsInt("-lbfgs_ls_max_funcs", "Evaluations per line search", "Lbfgs",
                            ls.max_evals, &ls.max_evals, nullptr));
  PetscCall(OptionsMonitor(PetscOptionsObject, comm, "-lbfgs_monitor", "Print the loss", "Lbfgs",
                           MonitorForm::kEvery, monitor_every, &monitor));
  monitor_every = monitor.On() ? monitor.every : 0;
  PetscCall(PetscOptionsBool("-lbfgs_converged_reason", "Print why L-BFGS stopped", "Lbfgs",
                             view_reason, &view_reason, nullptr));
  PetscOptionsEnd();
  PetscCheck(m >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "-lbfgs_m must be >= 1, got %" PetscInt_FMT,
             m);
  PetscCheck(gatol >= 0 && grtol >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-lbfgs_gatol and -lbfgs_grtol must be >= 0");
  PetscCheck(max_it >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-lbfgs_max_it must be >= 0");
  PetscCheck(max_funcs >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "-lbfgs_max_funcs must be >= 1");
  PetscCheck(ls.max_evals >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "-lbfgs_ls_max_funcs must be >= 1");
  PetscFunctionReturn(PETSC_SUCCESS);
}

const char *LbfgsConvergedReasonName(LbfgsConvergedReason r) {
  switch (r) {
  case LBFGS_CONVERGED_GATOL: return "CONVERGED_GATOL";
  case LBFGS_CONVERGED_GRTOL: return "CONVERGED_GRTOL";
  case LBFGS_CONVERGED_ITERATING: return "CONVERGED_ITERATING";
  case LBFGS_DIVERGED_MAX_IT: return "DIVERGED_MAX_IT";
  case LBFGS_DIVERGED_NAN: return "DIVERGED_NAN";
  case LBFGS_DIVERGED_SIGNAL: return "DIVERGED_SIGNAL";
  case LBFGS_DIVERGED_MAX_FUNCS: return "DIVERGED_MAX_FUNCS";
  case LBFGS_DIVERGED_LINE_SEARCH: return "DIVERGED_LINE_SEARCH";
  }
  return "UNKNOWN";
}

MonitorList<LbfgsIterate>::Callback LbfgsPrintMonitor(const MonitorSpec &spec) {
  return [spec](const LbfgsIterate &a) -> PetscErrorCode {
    PetscFunctionBeginUser;
    if (a.it % spec.every == 0) {
      PetscCall(PetscViewerASCIIPrintf(
          spec.Viewer(), "lbfgs %6" PetscInt_FMT " loss %s |g| %s step %.3e\n", a.it,
          FiniteText(a.loss, "%.6e").c_str(), FiniteText(a.gnorm).c_str(), a.alpha));
      PetscCall(spec.Plot(a.it, a.loss));
    }
    PetscCall(spec.ProgressLine("lbfgs", a.progress));
    PetscFunctionReturn(PETSC_SUCCESS);
  };
}

PetscErrorCode LbfgsSolver::SetFromOptions(MPI_Comm comm) {
  PetscFunctionBeginUser;
  PetscCall(opt_.SetFromOptions(comm));
  if (opt_.monitor.cancel) monitors_.Cancel();
  if (opt_.monitor.On()) monitors_.Add(LbfgsPrintMonitor(opt_.monitor));
  PetscFunctionReturn(PETSC_SUCCESS);
}

double LbfgsSolver::Done() const {
  return std::max(WorkFraction(its_, opt_.max_it), WorkFraction(evals_, opt_.max_funcs));
}

std::string LbfgsSolver::ReasonDetail() const {
  char            buf[200];
  const long long it = static_cast<long long>(its_), ev = static_cast<long long>(evals_);
  switch (reason_) {
  case LBFGS_DIVERGED_NAN:
    if (ev <= 1) // the start point itself
      snprintf(buf, sizeof buf, "the loss or its gradient is not finite at the start");
    else
      snprintf(buf, sizeof buf,
               "no step after iteration %lld: the line search ended on a non-finite loss or "
               "gradient; theta is the last iterate (loss %s)",
               it, FiniteText(loss_).c_str());
    break;
  case LBFGS_DIVERGED_LINE_SEARCH:
    snprintf(buf, sizeof buf,
             "no strong Wolfe step after iteration %lld (loss %s, |g| %s), along the L-BFGS "
             "direction nor along -g",
             it, FiniteText(loss_).c_str(), FiniteText(gnorm_).c_str());
    break;
  default:
    snprintf(buf, sizeof buf, "%lld iterations, %lld evaluations, loss %s, |g| %s", it, ev,
             FiniteText(loss_).c_str(), FiniteText(gnorm_).c_str());
  }
  return buf;
}

/// One Solve's working state: the point's gradient, the pairs (oldest first), buffers.
struct LbfgsSolver::Run {
  ResidualFunction                &f;
  double                           lambda;
  PetscInt                         p;
  Vec                              r = nullptr;
  std::vector<double>              g, xt, gt; ///< ∇ at θ; the last trial point and its ∇
  std::vector<std::vector<double>> s, y;
  std::vector<double>              rho;
  Run(ResidualFunction &fn, double l, PetscInt n) : f(fn), lambda(l), p(n), g(n), xt(n), gt(n) {}
  void Forget() { s.clear(), y.clear(), rho.clear(); }
  /// ½‖r‖² and (if that is finite) ∇ = Jᵀr at x: one evaluation.
  PetscErrorCode Eval(const double *x, double *loss, std::vector<double> *grad) {
    PetscFunctionBeginUser;
    PetscCall(f.SetPoint(x, lambda));
    PetscCall(f.Loss(r, loss));
    if (std::isfinite(*loss)) PetscCall(f.MultTranspose(r, grad->data()));
    else std::fill(grad->begin(), grad->end(), NAN);
    PetscFunctionReturn(PETSC_SUCCESS);
  }
};

void LbfgsSolver::Direction(const Run &run, std::vector<double> *d) const {
  const size_t n = run.rho.size();
  *d             = run.g;
  if (n == 0) {
    for (double &v : *d) v = -v;
    return;
  }
  std::vector<double> a(n);
  for (size_t i = n; i-- > 0;) {
    a[i] = run.rho[i] * vec::Dot(run.s[i], *d);
    for (PetscInt j = 0; j < run.p; ++j) (*d)[j] -= a[i] * run.y[i][j];
  }
  const double gamma = vec::Dot(run.s[n - 1], run.y[n - 1]) / vec::Dot(run.y[n - 1], run.y[n - 1]);
  for (double &v : *d) v *= gamma;
  for (size_t i = 0; i < n; ++i) {
    const double b = run.rho[i] * vec::Dot(run.y[i], *d);
    for (PetscInt j = 0; j < run.p; ++j) (*d)[j] += (a[i] - b) * run.s[i][j];
  }
  for (double &v : *d) v = -v;
}

void LbfgsSolver::AddPair(Run &run, std::vector<double> s, std::vector<double> y) {
  const double sy = vec::Dot(s, y);
  if (!(sy > kCurvatureEps * vec::Norm2(s) * vec::Norm2(y))) return;
  if (static_cast<PetscInt>(run.rho.size()) == opt_.m) {
    run.s.erase(run.s.begin());
    run.y.erase(run.y.begin());
    run.rho.erase(run.rho.begin());
  }
  run.s.push_back(std::move(s));
  run.y.push_back(std::move(y));
  run.rho.push_back(1 / sy);
}

/// The line search along d from θ; the last trial point and gradient are left in
/// run.xt, run.gt. Its evaluations stop at -lbfgs_max_funcs.
PetscErrorCode LbfgsSolver::Search(Run &run, const std::vector<double> &theta,
                                   const std::vector<double> &d, double alpha0, WolfeResult *res) {
  WolfeOptions o = opt_.ls;
  PetscFunctionBeginUser;
  o.max_evals           = std::min(o.max_evals, opt_.max_funcs - evals_);
  const LineFunction fn = [&](double alpha, double *phi, double *dphi) -> PetscErrorCode {
    PetscFunctionBeginUser;
    for (PetscInt j = 0; j < run.p; ++j) run.xt[j] = theta[j] + alpha * d[j];
    PetscCall(run.Eval(run.xt.data(), phi, &run.gt));
    ++evals_;
    *dphi = std::isfinite(*phi) ? vec::Dot(run.gt, d) : NAN;
    PetscFunctionReturn(PETSC_SUCCESS);
  };
  PetscCall(StrongWolfeSearch(fn, loss_, vec::Dot(run.g, d), alpha0, o, res));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// One iteration: direction, line search (again along −g if it fails), pair update.
/// On failure reason_ is set and θ stays.
PetscErrorCode LbfgsSolver::Iterate(Run &run, std::vector<double> &theta, bool *accepted) {
  std::vector<double> d;
  WolfeResult         res;
  PetscFunctionBeginUser;
  *accepted = false;
  Direction(run, &d);
  if (!(vec::Dot(run.g, d) < 0)) run.Forget();
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (run.rho.empty()) Direction(run, &d); // −g
    const double alpha0 = run.rho.empty() ? std::min(1.0, 1 / gnorm_) : 1.0;
    const double dphi0  = vec::Dot(run.g, d);
    PetscCall(Search(run, theta, d, alpha0, &res));
    if (res.status == WolfeStatus::Ok) {
      std::vector<double> s(run.p), y(run.p);
      for (PetscInt j = 0; j < run.p; ++j) {
        s[j] = run.xt[j] - theta[j];
        y[j] = run.gt[j] - run.g[j];
      }
      AddPair(run, std::move(s), std::move(y));
      const double prev = loss_;
      theta.swap(run.xt);
      run.g.swap(run.gt);
      loss_  = res.phi;
      gnorm_ = vec::Norm2(run.g);
      ++its_;
      *accepted = true;
      progress_.Update(its_, Done());
      PetscCall(monitors_(
          LbfgsIterate{its_, evals_, loss_, prev, gnorm_, res.alpha, dphi0, res.dphi, &progress_}));
      PetscFunctionReturn(PETSC_SUCCESS);
    }
    if (evals_ >= opt_.max_funcs || run.rho.empty()) break;
    run.Forget();
  }
  reason_ = evals_ >= opt_.max_funcs               ? LBFGS_DIVERGED_MAX_FUNCS
            : res.status == WolfeStatus::NotFinite ? LBFGS_DIVERGED_NAN
                                                   : LBFGS_DIVERGED_LINE_SEARCH;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// The state after an iteration: θ, its loss and gradient, the pairs, the counters.
/// "lbfgs/pairs" is [n, ρ_1..ρ_n, s_1..s_n, y_1..y_n] (oldest first).
PetscErrorCode LbfgsSolver::Resume(MPI_Comm comm, PetscInt p, StateKeeper *keeper, Run *run,
                                   std::vector<double> &theta, std::vector<double> *history) {
  std::vector<double> pairs;
  PetscFunctionBeginUser;
  std::unique_ptr<SolverState> st = keeper ? keeper->TakeResume() : nullptr;
  if (!st) { // a fresh start: one evaluation at θ
    PetscCall(run->Eval(theta.data(), &loss_, &run->g));
    evals_ = 1;
    gnorm_ = vec::Norm2(run->g);
    history->push_back(loss_);
    progress_.Update(0, Done());
    PetscCall(monitors_(LbfgsIterate{0, 1, loss_, loss_, gnorm_, 0, 0, 0, &progress_}));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCall(st->Get(comm, "theta", &theta, static_cast<size_t>(p)));
  PetscCall(st->Get(comm, "lbfgs/g", &run->g, static_cast<size_t>(p)));
  PetscCall(st->Get(comm, "lbfgs/loss", &loss_));
  PetscCall(st->Get(comm, "lbfgs/it", &its_));
  PetscCall(st->Get(comm, "lbfgs/evals", &evals_));
  PetscCall(st->Get(comm, "lbfgs/history", history));
  PetscCall(st->Get(comm, "lbfgs/pairs", &pairs));
  const size_t n = pairs.empty() ? 0 : static_cast<size_t>(pairs[0]);
  PetscCheck(!pairs.empty() && pairs[0] == static_cast<double>(n) &&
                 pairs.size() == 1 + n * (1 + 2 * static_cast<size_t>(p)),
             comm, PETSC_ERR_FILE_UNEXPECTED,
             "checkpoint entry 'lbfgs/pairs' does not hold pairs of length %" PetscInt_FMT, p);
  PetscCheck(static_cast<PetscInt>(n) <= opt_.m, comm, PETSC_ERR_FILE_UNEXPECTED,
             "checkpoint: L-BFGS kept %zu pairs but -lbfgs_m is %" PetscInt_FMT, n, opt_.m);
  const double *a = pairs.data() + 1;
  run->rho.assign(a, a + n);
  for (size_t i = 0; i < n; ++i) {
    const double *si = a + n + i * p, *yi = a + n + (n + i) * p;
    run->s.emplace_back(si, si + p);
    run->y.emplace_back(yi, yi + p);
  }
  gnorm_ = vec::Norm2(run->g);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LbfgsSolver::Solve(ResidualFunction &f, double lambda, std::vector<double> &theta,
                                  std::vector<double> *history, StateKeeper *keeper) {
  MPI_Comm       comm = f.Comm();
  const PetscInt p    = f.NumParams();
  Run            run(f, lambda, p);
  PetscFunctionBeginUser;
  reason_ = LBFGS_CONVERGED_ITERATING;
  its_ = evals_ = 0;
  PetscCall(f.CreateRowVec(&run.r));
  progress_.Start(0);
  PetscCall(Resume(comm, p, keeper, &run, theta, history));
  if (its_ > 0) progress_.Start(Done()); // resumed: the rate counts from here
  // loss and gradient are allreduced, θ replicated: every rank takes the same decisions
  if (!std::isfinite(loss_) || !AllFinite(run.g)) reason_ = LBFGS_DIVERGED_NAN;
  while (reason_ == LBFGS_CONVERGED_ITERATING) {
    if (gnorm_ <= opt_.gatol) reason_ = LBFGS_CONVERGED_GATOL;
    else if (gnorm_ <= opt_.grtol * std::fabs(loss_)) reason_ = LBFGS_CONVERGED_GRTOL;
    else if (its_ >= opt_.max_it) reason_ = LBFGS_DIVERGED_MAX_IT;
    else if (evals_ >= opt_.max_funcs) reason_ = LBFGS_DIVERGED_MAX_FUNCS;
    if (reason_ != LBFGS_CONVERGED_ITERATING) break;
    bool accepted;
    PetscCall(Iterate(run, theta, &accepted));
    if (!accepted) break;
    if (its_ % 100 == 0) history->push_back(loss_);
    if (keeper)
      PetscCall(keeper->Step([&](SolverState *s) -> PetscErrorCode {
        const size_t        n = run.rho.size();
        std::vector<double> pairs{static_cast<double>(n)};
        pairs.insert(pairs.end(), run.rho.begin(), run.rho.end());
        for (auto *set : {&run.s, &run.y})
          for (const std::vector<double> &v : *set) pairs.insert(pairs.end(), v.begin(), v.end());
        s->Put("theta", theta);
        s->Put("lbfgs/g", run.g);
        s->Put("lbfgs/loss", loss_);
        s->Put("lbfgs/it", static_cast<double>(its_));
        s->Put("lbfgs/evals", static_cast<double>(evals_));
        s->Put("lbfgs/history", *history);
        s->Put("lbfgs/pairs", std::move(pairs));
        return PETSC_SUCCESS;
      }));
    if (keeper && keeper->StopRequested()) reason_ = LBFGS_DIVERGED_SIGNAL;
  }
  if (its_ % 100 != 0) history->push_back(loss_);
  PetscCall(VecDestroy(&run.r));
  if (opt_.view_reason)
    PetscCall(PetscPrintf(comm, "L-BFGS %s after %" PetscInt_FMT " iterations: loss %s\n",
                          LbfgsConvergedReasonName(reason_), its_,
                          FiniteText(loss_, "%.6e").c_str()));
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
