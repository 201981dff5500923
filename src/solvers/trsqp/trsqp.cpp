#include "solvers/trsqp/trsqp.hpp"

#include "core/choice.hpp"
#include "core/finite.hpp"
#include "core/log.hpp"
#include "core/outcome.hpp"
#include "solvers/trsqp/steps.hpp"
#include "solvers/trsqp/vector_ops.hpp"

#include <algorithm>
#include <cmath>

namespace petnet {

namespace {
using vec::Dot;
using vec::Norm2;
using vec::NormInf;

const char *const kHessianFormNames[] = {"dense", "limited"}; // indexed by HessianForm
const char *const kRadiusRuleNames[]  = {"paper", "scipy"};   // indexed by RadiusRule

/// out = g + Aᵀλ.
void LagrangianGradient(const std::vector<double> &g, const std::vector<double> &A,
                        const std::vector<double> &lam, PetscInt p, std::vector<double> &out) {
  out = g;
  for (size_t i = 0; i < lam.size(); ++i)
    for (PetscInt k = 0; k < p; ++k) out[k] += A[i * p + k] * lam[i];
}

/// The model Hessian H of the SQP subproblems: a quasi-Newton matrix, or the misfit's
/// Gauss–Newton matrix supplied by f (-trsqp_hessian gn). Not copyable: Op() refers to it.
class HessianModel {
public:
  HessianModel()                                = default;
  HessianModel(const HessianModel &)            = delete;
  HessianModel &operator=(const HessianModel &) = delete;

  /// Sets up H_0 at theta (for gn: the Gauss–Newton matrix there).
  PetscErrorCode Setup(ConstrainedFunction &f, const TrsqpOptions &o, const double *theta) {
    PetscFunctionBeginUser;
    f_ = &f;
    H_.Init(f.NumParams(), o.hessian, o.form == HessianForm::Limited, o.memory);
    H_.skip_tol = o.sr1_skip;
    H_.damping  = o.bfgs_damping;
    use_gn_     = o.hessian == HessianUpdate::GaussNewton;
    PetscCheck(!use_gn_ || f.HasGaussNewton(), f.Comm(), PETSC_ERR_SUP,
               "-trsqp_hessian gn needs a least-squares misfit");
    op_ = [this](const double *x, double *y) {
      if (use_gn_) {
        if (!gn_err_) gn_err_ = f_->GaussNewtonMult(x, y);
      } else H_.Apply(x, y);
    };
    if (use_gn_) PetscCall(f.GaussNewtonSetup(theta));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  /// y = H x (the first Gauss–Newton product error is kept for Error()).
  const std::function<void(const double *, double *)> &Op() const { return op_; }
  PetscErrorCode                                       Error() const { return gn_err_; }
  /// After an accepted step s to theta with Lagrangian-gradient change y.
  PetscErrorCode Update(const double *theta, const double *s, const double *y) {
    PetscFunctionBeginUser;
    if (use_gn_) PetscCall(f_->GaussNewtonSetup(theta));
    else H_.Update(s, y);
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscInt       Skipped() const { return H_.Skipped(); }
  void           Save(SolverState *s) const { H_.Save("trsqp/qn", s); }
  PetscErrorCode Load(MPI_Comm comm, const SolverState &s) { return H_.Load(comm, "trsqp/qn", s); }

private:
  ConstrainedFunction                          *f_ = nullptr;
  QuasiNewton                                   H_;
  bool                                          use_gn_ = false;
  PetscErrorCode                                gn_err_ = PETSC_SUCCESS;
  std::function<void(const double *, double *)> op_;
};

/// The current iterate: ℓ, c, ∇ℓ, A = ∂c/∂θ, the multipliers λ and ∇ℒ = ∇ℓ + Aᵀλ, with the
/// QR of Aᵀ in P.
struct Iterate {
  double              ell = 0;
  std::vector<double> c, g, A, lam, gl;
  ConstraintProjector P;
  Iterate(PetscInt M, PetscInt p) : c(M), g(p), A(M * p), lam(M), gl(p) {}
};

/// Per-iteration vectors: the step pieces and the trial point's data.
struct Workspace {
  std::vector<double> v, t, d, Hd, gt, trial, Ad, cn, gn, An, gl_old, y;
  Workspace(PetscInt M, PetscInt p)
      : v(p), t(p), d(p), Hd(p), gt(p), trial(p), Ad(M), cn(M), gn(p), An(M * p), gl_old(p), y(p) {}
};

/// The quadratic model of a step d: q = ∇ℓᵀd + ½dᵀHd and the predicted decrease of ‖c‖.
struct StepModel {
  double   quad = 0, vpred = 0;
  PetscInt cg_its = 0;
};

/// ℓ, c and their derivatives at theta, the factor of Aᵀ and the multipliers.
PetscErrorCode EvaluateIterate(ConstrainedFunction &f, const std::vector<double> &theta,
                               Iterate *x) {
  const PetscInt p = f.NumParams(), M = f.NumConstraints();
  PetscFunctionBeginUser;
  PetscCall(f.Evaluate(theta.data(), &x->ell, x->c.data()));
  PetscCall(f.Derivatives(x->g.data(), x->A.data()));
  PetscCall(x->P.Factor(f.Comm(), x->A.data(), M, p));
  x->P.Multipliers(x->g.data(), x->lam.data());
  LagrangianGradient(x->g, x->A, x->lam, p, x->gl);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// Seconds since t0 by rank 0's clock (collective): a time limit must stop every rank
/// after the same iteration.
PetscErrorCode AgreedElapsed(MPI_Comm comm, double t0, double *elapsed) {
  PetscFunctionBeginUser;
  *elapsed = MPI_Wtime() - t0;
  PetscCallMPI(MPI_Bcast(elapsed, 1, MPI_DOUBLE, 0, comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// Why to stop before the next iteration (*why = ITERATING: go on); collective when
/// max_time > 0. before: seconds spent before a restart.
PetscErrorCode StopTest(MPI_Comm comm, const TrsqpOptions &o, const Iterate &x, double optimality,
                        PetscInt k, double t0, double before, TrsqpConvergedReason *why) {
  double elapsed = 0;
  PetscFunctionBeginUser;
  *why = TRSQP_CONVERGED_ITERATING;
  // ℓ, c and the gradients are the allreduced values every rank holds
  if (!std::isfinite(x.ell) || !AllFinite(x.c) || !AllFinite(x.gl)) *why = TRSQP_DIVERGED_NAN;
  else if (optimality <= o.gtol && NormInf(x.c) <= o.gtol) *why = TRSQP_CONVERGED_GTOL;
  else if (k >= o.max_it) *why = TRSQP_DIVERGED_MAX_IT;
  else if (o.max_time > 0) {
    PetscCall(AgreedElapsed(comm, t0, &elapsed));
    if (before + elapsed >= o.max_time) *why = TRSQP_DIVERGED_MAX_TIME;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// The loop's counters and scalars that a checkpoint holds (with θ, H and the history).
struct LoopState {
  double   mu = 0, radius = 0, before = 0; ///< before: seconds spent before the restart
  PetscInt k = 0, accepted = 0, soc = 0;   ///< soc: corrected steps accepted
  Progress progress; ///< iterations over max_it, or time over max_time when that is nearer
};

/// The part of the work done after k iterations and `seconds` in all.
double Done(const TrsqpOptions &o, PetscInt k, double seconds) {
  const double it = WorkFraction(k, o.max_it);
  return o.max_time > 0 ? std::max(it, WorkFraction(seconds, o.max_time)) : it;
}

/// The monitors' call for iteration st.k, with the progress after `seconds` in all.
PetscErrorCode CallMonitors(const TrsqpOptions &o, TrsqpStep st, LoopState *ls, double seconds) {
  PetscFunctionBeginUser;
  ls->progress.Update(st.k, Done(o, st.k, seconds));
  st.progress = &ls->progress;
  PetscCall(o.monitors(st));
  PetscFunctionReturn(PETSC_SUCCESS);
}

constexpr size_t kStepFields = 11; // a TrsqpStep as doubles

void PutHistory(const std::vector<TrsqpStep> &h, SolverState *s) {
  std::vector<double> v;
  for (auto &st : h)
    v.insert(v.end(),
             {static_cast<double>(st.k), st.ell, st.cnorm, st.mu, st.radius, st.eta, st.step,
              st.optimality, st.accepted ? 1.0 : 0.0, static_cast<double>(st.cg_its), st.error});
  s->Put("trsqp/history", v);
}

PetscErrorCode GetHistory(MPI_Comm comm, const SolverState &s, std::vector<TrsqpStep> *h) {
  std::vector<double> v;
  PetscFunctionBeginUser;
  PetscCall(s.Get(comm, "trsqp/history", &v));
  PetscCheck(v.size() % kStepFields == 0, comm, PETSC_ERR_FILE_UNEXPECTED,
             "checkpoint: trSQP history of %zu values is not a list of steps", v.size());
  h->clear();
  for (size_t i = 0; i < v.size(); i += kStepFields)
    h->push_back({static_cast<PetscInt>(v[i]), v[i + 1], v[i + 2], v[i + 3], v[i + 4], v[i + 5],
                  v[i + 6], v[i + 7], v[i + 8] != 0, static_cast<PetscInt>(v[i + 9]), v[i + 10]});
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// Restores θ, the loop state and the history from a checkpoint state (H: HessianModel::Load).
PetscErrorCode ResumeFrom(MPI_Comm comm, const SolverState &st, const TrsqpOptions &o,
                          std::vector<double> &theta, LoopState *ls, std::vector<TrsqpStep> *hist) {
  PetscFunctionBeginUser;
  PetscCall(st.Get(comm, "theta", &theta, theta.size()));
  PetscCall(st.Get(comm, "trsqp/mu", &ls->mu));
  PetscCall(st.Get(comm, "trsqp/radius", &ls->radius));
  PetscCall(st.Get(comm, "trsqp/seconds", &ls->before));
  PetscCall(st.Get(comm, "trsqp/k", &ls->k));
  PetscCall(st.Get(comm, "trsqp/accepted", &ls->accepted));
  PetscCall(st.Get(comm, "trsqp/soc", &ls->soc));
  PetscCall(GetHistory(comm, st, hist));
  PetscCheck(ls->k <= o.max_it, comm, PETSC_ERR_FILE_UNEXPECTED,
             "checkpoint: trSQP stopped at iteration %" PetscInt_FMT
             " but -trsqp_max_it is %" PetscInt_FMT,
             ls->k, o.max_it);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// The Byrd–Omojokun step d = v + t in w->d (and H d in w->Hd) and its model.
PetscErrorCode ComputeStep(HessianModel &H, const Iterate &x, const TrsqpOptions &o, PetscInt M,
                           PetscInt p, double radius, double cnorm, PetscInt cg_max, Workspace *w,
                           StepModel *sm) {
  PetscFunctionBeginUser;
  NormalStepInfo ni;
  NormalStep(x.A.data(), M, p, x.c.data(), x.P, o.nu * radius, w->v.data(), &ni);
  H.Op()(w->v.data(), w->Hd.data());
  for (PetscInt i = 0; i < p; ++i) w->gt[i] = x.g[i] + w->Hd[i];
  const double rt = std::sqrt(std::max(0.0, radius * radius - ni.norm * ni.norm));
  CGInfo       cgi;
  TangentialStep(H.Op(), x.P, w->gt.data(), p, rt, cg_max, w->t.data(), &cgi);
  for (PetscInt i = 0; i < p; ++i) w->d[i] = w->v[i] + w->t[i];
  H.Op()(w->d.data(), w->Hd.data());
  PetscCall(H.Error());
  sm->quad = Dot(x.g, w->d) + 0.5 * Dot(w->d, w->Hd);
  for (PetscInt i = 0; i < M; ++i) {
    double s = x.c[i];
    for (PetscInt j = 0; j < p; ++j) s += x.A[i * p + j] * w->d[j];
    w->Ad[i] = s;
  }
  sm->vpred  = std::max(1e-16, cnorm - Norm2(w->Ad));
  sm->cg_its = cgi.its;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// A second-order correction is tried when the normal step is short next to the tangential
/// one (‖v‖ ≤ 0.1‖t‖, as in SciPy's trust-constr).
constexpr double kSocThreshold = 0.1;

/// The second-order correction of a rejected step d (Nocedal–Wright §15.4): with the
/// constraints w->cn at θ + d, y = −A⁺ c(θ + d) (A at θ, minimum norm) is added and θ + d + y
/// is judged against the same predicted decrease. When η_soc ≥ η_accept the corrected
/// trial replaces the step (w->d ← d + y, w->trial, w->cn, *elln, *eta) and *taken is set.
PetscErrorCode SecondOrderCorrection(ConstrainedFunction &f, const TrsqpOptions &o,
                                     const Iterate &x, const std::vector<double> &theta,
                                     double pred, double mu, double cnorm, Workspace *w,
                                     double *elln, double *eta, bool *taken) {
  const PetscInt p = f.NumParams();
  PetscFunctionBeginUser;
  *taken = false;
  x.P.NewtonPoint(w->cn.data(), w->y.data()); // w->y is free until AcceptStep
  for (PetscInt i = 0; i < p; ++i) w->gt[i] = theta[i] + w->d[i] + w->y[i];
  double ells;
  PetscCall(f.Evaluate(w->gt.data(), &ells, w->Ad.data())); // w->gt, w->Ad: free here
  const double cs = Norm2(w->Ad);
  if (!std::isfinite(ells) || !std::isfinite(cs)) PetscFunctionReturn(PETSC_SUCCESS);
  const double eta_soc = ((x.ell + mu * cnorm) - (ells + mu * cs)) / pred;
  if (!(eta_soc >= o.eta_accept)) PetscFunctionReturn(PETSC_SUCCESS);
  *taken = true;
  *eta   = eta_soc;
  *elln  = ells;
  for (PetscInt i = 0; i < p; ++i) w->d[i] += w->y[i];
  w->trial.swap(w->gt);
  w->cn.swap(w->Ad);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// The judged trial point θ + d (w->trial, constraints w->cn).
struct Trial {
  double elln = 0, eta = -1, dn = 0; ///< ℓ there, η = ared/pred, ‖d‖ (before a correction)
  bool   nonfinite = false;          ///< misfit, constraints or step not finite
};

/// Evaluates θ + d and its ratio η; a non-finite trial gets η = −1 (rejected: the radius
/// shrinks). A rejected finite step with ‖v‖ ≤ 0.1‖t‖ gets a second-order correction when
/// -trsqp_soc is on (*soc counts the corrected steps taken).
PetscErrorCode JudgeTrial(ConstrainedFunction &f, const TrsqpOptions &o, const Iterate &x,
                          const std::vector<double> &theta, double pred, double mu, double cnorm,
                          Workspace *w, PetscInt *soc, Trial *tr) {
  const PetscInt p = f.NumParams();
  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < p; ++i) w->trial[i] = theta[i] + w->d[i];
  PetscCall(f.Evaluate(w->trial.data(), &tr->elln, w->cn.data()));
  tr->eta       = ((x.ell + mu * cnorm) - (tr->elln + mu * Norm2(w->cn))) / pred;
  tr->dn        = Norm2(w->d);
  tr->nonfinite = !std::isfinite(tr->elln) || !AllFinite(w->cn) || !std::isfinite(tr->dn);
  if (!std::isfinite(tr->eta) || tr->nonfinite) tr->eta = -1;
  if (tr->eta < o.eta_accept && !tr->nonfinite && o.soc &&
      Norm2(w->v) <= kSocThreshold * Norm2(w->t)) {
    bool taken = false;
    PetscCall(
        SecondOrderCorrection(f, o, x, theta, pred, mu, cnorm, w, &tr->elln, &tr->eta, &taken));
    *soc += taken;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// The trust radius after a step of length dn with ratio eta (the rules in trsqp.hpp).
double UpdateRadius(const TrsqpOptions &o, double eta, double dn, double radius) {
  if (o.radius_rule == RadiusRule::Paper) {
    if (eta >= o.eta_good) radius *= 2.0;
    else if (eta < o.eta_accept) radius *= 0.5;
  } else {
    if (eta >= o.eta_great) radius = std::max(7.0 * dn, radius);
    else if (eta >= o.eta_good) radius = std::max(2.0 * dn, radius);
    else if (eta < o.eta_accept) {
      const double nr = (1.0 - o.eta_accept) / (1.0 - eta) * dn;
      radius          = std::min(0.5 * radius, std::max(0.1 * radius, nr));
    }
  }
  return radius;
}

/// Moves to the trial point w->trial (ℓ = elln, c = w->cn): new derivatives and
/// multipliers, and the Hessian update with s = d, y = ∇ℒ(θ + d, λ) − ∇ℒ(θ, λ).
PetscErrorCode AcceptStep(ConstrainedFunction &f, HessianModel &H, double elln,
                          std::vector<double> &theta, Iterate *x, Workspace *w) {
  const PetscInt p = f.NumParams(), M = f.NumConstraints();
  PetscFunctionBeginUser;
  theta.swap(w->trial);
  x->ell = elln;
  x->c.swap(w->cn);
  PetscCall(f.Derivatives(w->gn.data(), w->An.data()));
  PetscCall(x->P.Factor(f.Comm(), w->An.data(), M, p));
  x->P.Multipliers(w->gn.data(), x->lam.data());
  LagrangianGradient(x->g, x->A, x->lam, p, w->gl_old); // ∇ℒ(θ_old, λ_new)
  LagrangianGradient(w->gn, w->An, x->lam, p, x->gl);
  for (PetscInt i = 0; i < p; ++i) w->y[i] = x->gl[i] - w->gl_old[i];
  PetscCall(H.Update(theta.data(), w->d.data(), w->y.data()));
  x->g.swap(w->gn);
  x->A.swap(w->An);
  PetscFunctionReturn(PETSC_SUCCESS);
}
} // namespace

const char *TrsqpConvergedReasonName(TrsqpConvergedReason r) {
  switch (r) {
  case TRSQP_CONVERGED_GTOL: return "CONVERGED_GTOL";
  case TRSQP_CONVERGED_XTOL: return "CONVERGED_XTOL";
  case TRSQP_CONVERGED_ITERATING: return "CONVERGED_ITERATING";
  case TRSQP_DIVERGED_MAX_IT: return "DIVERGED_MAX_IT";
  case TRSQP_DIVERGED_NAN: return "DIVERGED_NAN";
  case TRSQP_DIVERGED_SIGNAL: return "DIVERGED_SIGNAL";
  case TRSQP_DIVERGED_MAX_TIME: return "DIVERGED_MAX_TIME";
  }
  return "UNKNOWN";
}

const char *HessianFormName(HessianForm f) { return kHessianFormNames[static_cast<int>(f)]; }
const char *RadiusRuleName(RadiusRule r) { return kRadiusRuleNames[static_cast<int>(r)]; }

MonitorList<TrsqpStep>::Callback TrsqpPrintMonitor(const MonitorSpec &spec) {
  return [spec](const TrsqpStep &st) -> PetscErrorCode {
    PetscViewer v = spec.Viewer();
    PetscFunctionBeginUser;
    if (st.k == 0)
      PetscCall(
          PetscViewerASCIIPrintf(v, "  trsqp      k          ell        ||c||           mu       "
                                    "radius          eta  step       ||d||  cg  ||gradL||_inf\n"));
    else if (st.k % spec.every == 0 || st.k == 1)
      PetscCall(PetscViewerASCIIPrintf(
          v,
          "  trsqp %6" PetscInt_FMT
          " %12.5e %12.5e %12.5e %12.5e %12.5e  %s  %10.3e %3" PetscInt_FMT " %12.5e%s\n",
          st.k, st.ell, st.cnorm, st.mu, st.radius, st.eta, st.accepted ? "acc" : "rej", st.step,
          st.cg_its, st.optimality,
          st.error >= 0 ? (" err " + std::to_string(st.error)).c_str() : ""));
    if (st.k > 0 && (st.k % spec.every == 0 || st.k == 1)) PetscCall(spec.Plot(st.k, st.ell));
    PetscCall(spec.ProgressLine("trsqp", st.progress));
    PetscFunctionReturn(PETSC_SUCCESS);
  };
}

PetscErrorCode TrsqpOptions::SetFromOptions(MPI_Comm comm) {
  char h[32];
  PetscFunctionBeginUser;
  PetscCall(PetscStrncpy(h, HessianUpdateName(hessian), sizeof h));
  PetscOptionsBegin(comm, nullptr, "Trust-region SQP (trSQP-PINN)", "Trsqp");
  PetscCall(PetscOptionsString(
      "-trsqp_hessian", "Hessian: sr1 | bfgs (damped) | identity | gn (Gauss-Newton of the misfit)",
      "Trsqp", h, h, sizeof h, nullptr));
  PetscCall(OptionsEnum(PetscOptionsObject, comm, "-trsqp_hessian_form",
                        "dense | limited (compact limited-memory form)", "Trsqp", kHessianFormNames,
                        &form));
  PetscCall(PetscOptionsInt("-trsqp_lm_memory", "Pairs kept by the limited-memory form", "Trsqp",
                            memory, &memory, nullptr));
  PetscCall(OptionsEnum(PetscOptionsObject, comm, "-trsqp_radius_rule",
                        "paper (Algorithm 3) | scipy (the authors' code)", "Trsqp",
                        kRadiusRuleNames, &radius_rule));
  PetscCall(PetscOptionsReal("-trsqp_radius0", "Initial trust radius", "Trsqp", radius0, &radius0,
                             nullptr));
  PetscCall(
      PetscOptionsReal("-trsqp_mu0", "Initial merit penalty mu", "Trsqp", mu0, &mu0, nullptr));
  PetscCall(
      PetscOptionsReal("-trsqp_nu", "Normal step radius fraction nu", "Trsqp", nu, &nu, nullptr));
  PetscCall(PetscOptionsReal("-trsqp_rho", "Penalty factor rho in mu >= q/((1-rho) vpred)", "Trsqp",
                             rho, &rho, nullptr));
  PetscCall(PetscOptionsReal("-trsqp_gtol", "Stop when ||grad L||_inf and ||c||_inf <= gtol",
                             "Trsqp", gtol, &gtol, nullptr));
  PetscCall(PetscOptionsReal("-trsqp_xtol",
                             "Stop on a rejected step shorter than xtol (or radius < xtol)",
                             "Trsqp", xtol, &xtol, nullptr));
  PetscCall(
      PetscOptionsInt("-trsqp_max_it", "Maximum iterations", "Trsqp", max_it, &max_it, nullptr));
  PetscCall(PetscOptionsReal("-trsqp_max_time", "Wall-clock limit in seconds (0: none)", "Trsqp",
                             max_time, &max_time, nullptr));
  PetscCall(PetscOptionsInt("-trsqp_cg_max_it", "Projected CG iteration limit (0: p - M)", "Trsqp",
                            cg_max_it, &cg_max_it, nullptr));
  PetscCall(PetscOptionsReal("-trsqp_sr1_skip", "SR1 skip threshold |r's| < tol ||s|| ||r||",
                             "Trsqp", sr1_skip, &sr1_skip, nullptr));
  PetscCall(PetscOptionsReal("-trsqp_bfgs_damping", "Damped BFGS threshold delta", "Trsqp",
                             bfgs_damping, &bfgs_damping, nullptr));
  PetscCall(OptionsMonitor(PetscOptionsObject, comm, "-trsqp_monitor", "Print the iterations",
                           "Trsqp", MonitorForm::kEvery, monitor, &monitor_spec));
  monitor = monitor_spec.On() ? monitor_spec.every : 0;
  PetscCall(PetscOptionsBool("-trsqp_soc",
                             "Second-order correction of a rejected step (when ||v|| <= 0.1 ||t||)",
                             "Trsqp", soc, &soc, nullptr));
  PetscCall(PetscOptionsBool("-trsqp_converged_reason", "Print why trSQP stopped", "Trsqp",
                             view_reason, &view_reason, nullptr));
  PetscCall(PetscOptionsInt("-trsqp_error_every",
                            "Record the evaluation error every n iterations (0: off)", "Trsqp",
                            error_every, &error_every, nullptr));
  PetscOptionsEnd();
  PetscCall(ParseHessianUpdate(comm, h, &hessian));
  PetscCheck(memory >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-trsqp_lm_memory must be >= 1, got %" PetscInt_FMT, memory);
  PetscCheck(radius0 > 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-trsqp_radius0 must be > 0, got %g",
             radius0);
  PetscCheck(mu0 > 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-trsqp_mu0 must be > 0, got %g", mu0);
  PetscCheck(nu > 0 && nu < 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-trsqp_nu must be in (0, 1), got %g", nu);
  PetscCheck(rho > 0 && rho < 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-trsqp_rho must be in (0, 1), got %g", rho);
  PetscCheck(max_it >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-trsqp_max_it must be >= 0, got %" PetscInt_FMT, max_it);
  PetscCheck(max_time >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-trsqp_max_time must be >= 0, got %g",
             max_time);
  if (monitor_spec.cancel) monitors.Cancel();
  if (monitor_spec.On()) monitors.Add(TrsqpPrintMonitor(monitor_spec));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode TrsqpSolver::Solve(ConstrainedFunction &f, const TrsqpOptions &o,
                                  std::vector<double> &theta, TrsqpResult *res,
                                  StateKeeper *keeper) {
  const PetscInt p = f.NumParams(), M = f.NumConstraints();
  MPI_Comm       comm = f.Comm();
  PetscFunctionBeginUser;
  const double t0 = MPI_Wtime();
  HessianModel H;
  LoopState    ls;
  ls.mu = o.mu0, ls.radius = o.radius0;
  hist_.clear();
  std::unique_ptr<SolverState> resume = keeper ? keeper->TakeResume() : nullptr;
  if (resume) PetscCall(ResumeFrom(comm, *resume, o, theta, &ls, &hist_));
  PetscCall(H.Setup(f, o, theta.data()));
  if (resume) PetscCall(H.Load(comm, *resume)); // Setup reset it
  const PetscInt cg_max = o.cg_max_it > 0 ? o.cg_max_it : std::max<PetscInt>(p - M, 1);
  Iterate        x(M, p);
  Workspace      w(M, p);
  PetscCall(EvaluateIterate(f, theta, &x));
  double &mu = ls.mu, &radius = ls.radius, optimality = NormInf(x.gl);
  res->code = TRSQP_DIVERGED_MAX_IT;
  ls.progress.Start(Done(o, ls.k, ls.before));
  if (!resume)
    PetscCall(o.monitors(
        TrsqpStep{0, x.ell, Norm2(x.c), mu, radius, 0.0, 0.0, optimality, true, 0, -1.0}));
  const StateCapture capture = [&](SolverState *s) -> PetscErrorCode {
    s->Put("theta", theta);
    s->Put("trsqp/mu", mu);
    s->Put("trsqp/radius", radius);
    s->Put("trsqp/seconds", ls.before + (MPI_Wtime() - t0));
    s->Put("trsqp/k", static_cast<double>(ls.k));
    s->Put("trsqp/accepted", static_cast<double>(ls.accepted));
    s->Put("trsqp/soc", static_cast<double>(ls.soc));
    PutHistory(hist_, s);
    H.Save(s);
    return PETSC_SUCCESS;
  };
  bool nonfinite_trial = false; ///< the last trial step was not finite
  while (true) {
    const double         cnorm = Norm2(x.c);
    TrsqpConvergedReason why;
    PetscCall(StopTest(comm, o, x, optimality, ls.k, t0, ls.before, &why));
    if (why != TRSQP_CONVERGED_ITERATING) {
      res->code = why;
      break;
    }
    ++ls.k;
    StepModel sm;
    PetscCall(ComputeStep(H, x, o, M, p, radius, cnorm, cg_max, &w, &sm));
    const double mu_prev = mu;
    mu                   = UpdatePenalty(mu, sm.quad, sm.vpred, o.rho);
    const double pred    = -sm.quad + mu * sm.vpred;
    Trial        tr;
    PetscCall(JudgeTrial(f, o, x, theta, pred, mu, cnorm, &w, &ls.soc, &tr));
    const double elln = tr.elln, eta = tr.eta, dn = tr.dn;
    nonfinite_trial = tr.nonfinite;
    radius          = UpdateRadius(o, eta, dn, radius);
    const bool ok   = eta >= o.eta_accept;
    if (ok) {
      ++ls.accepted;
      PetscCall(AcceptStep(f, H, elln, theta, &x, &w));
      optimality = NormInf(x.gl);
    } else mu = mu_prev;
    TrsqpStep st{ls.k, x.ell, Norm2(x.c), mu, radius, eta, dn, optimality, ok, sm.cg_its, -1.0};
    if (error_hook && o.error_every > 0 && ls.k % o.error_every == 0)
      PetscCall(error_hook(theta, &st.error));
    hist_.push_back(st);
    PetscCall(CallMonitors(o, st, &ls, ls.before + MPI_Wtime() - t0));
    if (!ok && (dn <= o.xtol || radius <= o.xtol)) {
      res->code = nonfinite_trial ? TRSQP_DIVERGED_NAN : TRSQP_CONVERGED_XTOL;
      break;
    }
    if (keeper) {
      PetscCall(keeper->Step(capture));
      if (keeper->StopRequested()) {
        res->code = TRSQP_DIVERGED_SIGNAL;
        break;
      }
    }
  }
  res->reason     = MakeOutcome(res->code, TrsqpConvergedReasonName(res->code)).reason;
  res->iterations = ls.k;
  res->accepted   = ls.accepted;
  res->soc        = ls.soc;
  res->qn_skipped = H.Skipped();
  res->ell        = x.ell;
  res->cnorm      = Norm2(x.c);
  res->radius     = radius;
  res->mu         = mu;
  res->optimality = optimality;
  res->wall       = MPI_Wtime() - t0;
  if (o.view_reason)
    PetscCall(PetscPrintf(comm,
                          "trSQP %s after %" PetscInt_FMT " iterations (%" PetscInt_FMT
                          " accepted): ell %s, ||c|| %s\n",
                          TrsqpConvergedReasonName(res->code), ls.k, ls.accepted,
                          FiniteText(res->ell).c_str(), FiniteText(res->cnorm).c_str()));
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
