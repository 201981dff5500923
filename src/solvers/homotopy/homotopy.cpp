#include "solvers/homotopy/homotopy.hpp"

#include "core/log.hpp"
#include "solvers/residual_jacobian.hpp"

#include <algorithm>
#include <cmath>

namespace petnet {

PetscErrorCode HomotopySolver::SetFromOptions(MPI_Comm comm, const char *param_name, double lambda0_default,
                                              double lambda1) {
  PetscFunctionBeginUser;
  name_    = param_name;
  lambda0_ = lambda0_default;
  lambda1_ = lambda1;
  const std::string l0 = std::string("-hom_") + name_ + "0";
  PetscOptionsBegin(comm, nullptr, "Homotopy path tracking", "HomotopySolver");
  PetscCall(PetscOptionsReal(l0.c_str(), "Start of the path (the easy problem)", "HomotopySolver", lambda0_, &lambda0_,
                             nullptr));
  PetscCall(PetscOptionsReal("-hom_step", "Initial step in the homotopy parameter", "HomotopySolver", step0_, &step0_,
                             nullptr));
  PetscCall(PetscOptionsBool("-hom_adaptive", "Adapt the step (grow after easy steps, halve after failures)",
                             "HomotopySolver", adaptive_, &adaptive_, nullptr));
  PetscCall(PetscOptionsReal("-hom_step_min", "Smallest step before accepting anyway", "HomotopySolver", step_min_,
                             &step_min_, nullptr));
  PetscCall(PetscOptionsReal("-hom_step_max", "Largest step", "HomotopySolver", step_max_, &step_max_, nullptr));
  PetscCall(PetscOptionsReal("-hom_grow", "Step growth factor after an easy step", "HomotopySolver", grow_, &grow_,
                             nullptr));
  PetscCall(PetscOptionsInt("-hom_corrector_its", "Gauss-Newton corrector iterations per step (0: Euler only)",
                            "HomotopySolver", corrector_its_, &corrector_its_, nullptr));
  {
    char pred[32];
    PetscCall(PetscStrncpy(pred, predictor_.c_str(), sizeof pred));
    PetscCall(PetscOptionsString("-hom_predictor",
                                 "tangent (Euler: J^+ r_lambda), secant (extrapolate the last two points) or none "
                                 "(previous point; corrector-only continuation)",
                                 "HomotopySolver", pred, pred, sizeof pred, nullptr));
    predictor_ = pred;
  }
  PetscCall(PetscOptionsReal("-hom_tangent_rcond",
                             "Tikhonov damping of the tangent solve, (tau sigma_max)^2 |theta'|^2 (0: the least-squares "
                             "solver's own truncation only)",
                             "HomotopySolver", tangent_rcond_, &tangent_rcond_, nullptr));
  PetscCall(PetscOptionsReal("-hom_predictor_max",
                             "Cap on the predictor's parameter change |dtheta| relative to 1 + |theta| (0: no cap)",
                             "HomotopySolver", pred_max_, &pred_max_, nullptr));
  PetscCall(PetscOptionsBool("-hom_chord", "Corrector reuses the predictor's factorization (else fresh Gauss-Newton)",
                             "HomotopySolver", chord_, &chord_, nullptr));
  PetscCall(PetscOptionsInt("-hom_final_its", "Gauss-Newton iterations at the target after the path (0: none)",
                            "HomotopySolver", final_its_, &final_its_, nullptr));
  PetscCall(PetscOptionsInt("-hom_easy_its", "A step is easy if the corrector needed at most this many iterations",
                            "HomotopySolver", easy_its_, &easy_its_, nullptr));
  PetscCall(PetscOptionsReal("-hom_accept_loss", "Accept a step when the corrected loss is below this...",
                             "HomotopySolver", accept_loss_, &accept_loss_, nullptr));
  PetscCall(PetscOptionsReal("-hom_max_loss", "Never accept a step whose corrected loss exceeds this", "HomotopySolver",
                             max_loss_, &max_loss_, nullptr));
  PetscCall(PetscOptionsReal("-hom_accept_growth", "...or below this factor times the loss at the previous point",
                             "HomotopySolver", accept_growth_, &accept_growth_, nullptr));
  PetscCall(PetscOptionsInt("-hom_max_steps", "Maximum number of path steps", "HomotopySolver", max_steps_, &max_steps_,
                            nullptr));
  {
    PetscReal wp[64];
    PetscInt  nwp = 64;
    PetscBool set = PETSC_FALSE;
    PetscCall(PetscOptionsRealArray("-hom_waypoints", "Comma-separated values of the parameter the path must land on",
                                    "HomotopySolver", wp, &nwp, &set));
    waypoints_.assign(wp, wp + (set ? nwp : 0));
  }
  PetscCall(PetscOptionsBool("-hom_monitor", "One line per path step", "HomotopySolver", monitor_, &monitor_, nullptr));
  PetscOptionsEnd();
  PetscCheck(std::isfinite(lambda0_) && std::isfinite(lambda1_), comm, PETSC_ERR_ARG_OUTOFRANGE, "non-finite %s",
             name_.c_str());
  if (name_ == "eps") {
    PetscCheck(lambda0_ > 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "%s must be > 0, got %g", l0.c_str(), lambda0_);
    PetscCheck(lambda0_ >= lambda1_, comm, PETSC_ERR_ARG_OUTOFRANGE,
               "%s = %g is below the final eps = %g: the homotopy runs from an easy (larger) eps down to the target",
               l0.c_str(), lambda0_, lambda1_);
  }
  {
    const double dir = lambda1_ < lambda0_ ? -1.0 : 1.0;
    double       prev = lambda0_;
    for (double w : waypoints_) {
      PetscCheck(std::isfinite(w) && dir * (w - prev) >= 0 && dir * (lambda1_ - w) >= 0, comm,
                 PETSC_ERR_ARG_OUTOFRANGE,
                 "-hom_waypoints: %g is not in path order between %s0 = %g and the target %g", w, name_.c_str(),
                 lambda0_, lambda1_);
      prev = w;
    }
  }
  PetscCheck(step0_ > 0 && step_min_ > 0 && step_max_ >= step0_, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "need 0 < -hom_step_min, 0 < -hom_step <= -hom_step_max (got %g, %g, %g)", step_min_, step0_, step_max_);
  PetscCheck(grow_ >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "-hom_grow must be >= 1, got %g", grow_);
  PetscCheck(corrector_its_ >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-hom_corrector_its must be >= 0");
  PetscCheck(predictor_ == "tangent" || predictor_ == "secant" || predictor_ == "none", comm,
             PETSC_ERR_ARG_UNKNOWN_TYPE, "-hom_predictor must be tangent, secant or none, got %s", predictor_.c_str());
  PetscCheck(tangent_rcond_ >= 0 && tangent_rcond_ < 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-hom_tangent_rcond must be in [0, 1), got %g", tangent_rcond_);
  PetscCheck(pred_max_ >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-hom_predictor_max must be >= 0, got %g", pred_max_);
  PetscCheck(predictor_ == "tangent" || !chord_, comm, PETSC_ERR_ARG_INCOMP,
             "-hom_chord reuses the tangent's factorization: it needs -hom_predictor tangent");
  // Phase I: Gauss–Newton/LM to near machine precision; corrector: a few GN steps.
  phase1_opt_.max_it = 600;
  phase1_opt_.atol   = 1e-26;
  phase1_opt_.rtol   = 1e-10;
  PetscCall(phase1_opt_.SetFromOptions(comm, "hom_phase1_", "Homotopy phase I (Gauss-Newton/LM at the start)"));
  corr_opt_.max_it = corrector_its_;
  corr_opt_.atol   = 1e-24;
  corr_opt_.rtol   = 1e-3;
  PetscCall(corr_opt_.SetFromOptions(comm, "hom_corr_", "Homotopy corrector (Gauss-Newton)"));
  // Gram eigen-solves: phase I to near machine precision, the path truncated at 1e-6 and
  // minimal in function space (docs/ALGORITHMS.md: no interface drift).
  LeastSquaresOptions phase1_ls, path_ls;
  phase1_ls.type  = "gram";
  phase1_ls.rcond = 1e-12;
  path_ls.type    = "gram";
  path_ls.rcond   = 1e-6;
  path_ls.metric  = 1e-4;
  PetscCall(ls_phase1_.SetFromOptions(comm, "hom_phase1_", phase1_ls));
  PetscCall(ls_.SetFromOptions(comm, "hom_", path_ls));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode HomotopySolver::Monitor(MPI_Comm comm, const PathPoint &pt, const char *tag) {
  PetscFunctionBeginUser;
  if (!monitor_) PetscFunctionReturn(PETSC_SUCCESS);
  char l2[32] = "", xi[32] = "";
  if (pt.l2re >= 0) PetscCall(PetscSNPrintf(l2, sizeof l2, " L2RE %.3e", pt.l2re));
  if (pt.interface_x >= -0.5) PetscCall(PetscSNPrintf(xi, sizeof xi, " interface %.5f", pt.interface_x));
  PetscCall(PetscPrintf(comm, "%s %s %.6f loss %.3e%s%s corrector %" PetscInt_FMT " d%s %.2e rank %" PetscInt_FMT "\n",
                        tag, name_.c_str(), pt.lambda, pt.loss, l2, xi, pt.corrector_its, name_.c_str(), pt.step,
                        pt.rank));
  PetscFunctionReturn(PETSC_SUCCESS);
}

void HomotopySolver::Capture(SolverState *s, Stage stage, const std::vector<double> *theta, double lambda,
                             double step) const {
  s->Put("hom/stage", static_cast<double>(stage));
  if (theta) s->Put("theta", *theta);
  s->Put("hom/lambda", lambda);
  s->Put("hom/step", step);
  s->Put("hom/steps", static_cast<double>(steps_));
  s->Put("hom/rejected", static_cast<double>(rejected_));
  s->Put("hom/chord_mu", chord_mu_);
  s->Put("hom/phase1", {static_cast<double>(phase1_.its), static_cast<double>(phase1_.rejects), phase1_.loss0,
                        phase1_.loss, static_cast<double>(phase1_.reason)});
  std::vector<double> l, loss, l2, xi, dl, its, rank;
  for (auto &pt : history_) {
    l.push_back(pt.lambda);
    loss.push_back(pt.loss);
    l2.push_back(pt.l2re);
    xi.push_back(pt.interface_x);
    dl.push_back(pt.step);
    its.push_back(static_cast<double>(pt.corrector_its));
    rank.push_back(static_cast<double>(pt.rank));
  }
  s->Put("hom/history/lambda", l);
  s->Put("hom/history/loss", loss);
  s->Put("hom/history/l2re", l2);
  s->Put("hom/history/interface_x", xi);
  s->Put("hom/history/step", dl);
  s->Put("hom/history/corrector_its", its);
  s->Put("hom/history/rank", rank);
}

PetscErrorCode HomotopySolver::Restore(MPI_Comm comm, const SolverState &s, PetscInt p, Stage *stage,
                                       std::vector<double> *theta, double *lambda, double *step) {
  PetscInt            st, its, rej, reason;
  std::vector<double> ph;
  PetscFunctionBeginUser;
  PetscCall(s.Get(comm, "hom/stage", &st));
  PetscCheck(st <= kFinal, comm, PETSC_ERR_FILE_UNEXPECTED, "checkpoint: unknown homotopy stage %" PetscInt_FMT, st);
  *stage = static_cast<Stage>(st);
  if (*stage == kPath) PetscCall(s.Get(comm, "theta", theta, static_cast<size_t>(p)));
  PetscCall(s.Get(comm, "hom/lambda", lambda));
  PetscCall(s.Get(comm, "hom/step", step));
  PetscCall(s.Get(comm, "hom/steps", &steps_));
  PetscCall(s.Get(comm, "hom/rejected", &rejected_));
  PetscCall(s.Get(comm, "hom/chord_mu", &chord_mu_));
  PetscCall(s.Get(comm, "hom/phase1", &ph, 5));
  its    = static_cast<PetscInt>(ph[0]);
  rej    = static_cast<PetscInt>(ph[1]);
  reason = static_cast<PetscInt>(ph[4]);
  phase1_ = GNResult{its, rej, ph[2], ph[3], static_cast<GNReason>(reason)};
  std::vector<double> l, loss, l2, xi, dl, cits, rank;
  PetscCall(s.Get(comm, "hom/history/lambda", &l));
  const size_t n = l.size();
  PetscCall(s.Get(comm, "hom/history/loss", &loss, n));
  PetscCall(s.Get(comm, "hom/history/l2re", &l2, n));
  PetscCall(s.Get(comm, "hom/history/interface_x", &xi, n));
  PetscCall(s.Get(comm, "hom/history/step", &dl, n));
  PetscCall(s.Get(comm, "hom/history/corrector_its", &cits, n));
  PetscCall(s.Get(comm, "hom/history/rank", &rank, n));
  PetscCheck(*stage == kPhase1 || n > 0, comm, PETSC_ERR_FILE_UNEXPECTED, "checkpoint: homotopy path history is empty");
  history_.resize(n);
  for (size_t i = 0; i < n; ++i) {
    PathPoint &pt     = history_[i];
    pt.lambda         = l[i];
    pt.loss           = loss[i];
    pt.l2re           = l2[i];
    pt.interface_x    = xi[i];
    pt.step           = dl[i];
    pt.corrector_its  = static_cast<PetscInt>(cits[i]);
    pt.rank           = static_cast<PetscInt>(rank[i]);
  }
  if (monitor_)
    PetscCall(PetscPrintf(comm, "hom: resuming %s at %s = %.6f after %" PetscInt_FMT " path steps\n",
                          *stage == kPhase1 ? "phase I" : *stage == kPath ? "the path" : "the final polish",
                          name_.c_str(), *lambda, steps_));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode HomotopySolver::Solve(ResidualFunction &f, std::vector<double> &theta, const PathObserver &observer,
                                     StateKeeper *keeper) {
  MPI_Comm       comm = f.Comm();
  const PetscInt p    = f.NumParams();
  Vec            r, rl;
  PetscFunctionBeginUser;
  PetscCall(f.CreateRowVec(&r));
  PetscCall(f.CreateRowVec(&rl));
  history_.clear();
  steps_ = rejected_ = 0;
  Stage  stage  = kPhase1;
  double lambda = lambda0_, step = step0_;
  std::unique_ptr<SolverState> resume = keeper ? keeper->TakeResume() : nullptr;
  if (resume) PetscCall(Restore(comm, *resume, p, &stage, &theta, &lambda, &step));
  // Phase I and the final polish are Gauss–Newton runs: their state nests in ours.
  auto gn_keeper = [&](Stage in) {
    return NestedKeeper(
        keeper, "gn",
        [this, in, &lambda, &step](SolverState *s) -> PetscErrorCode {
          Capture(s, in, nullptr, lambda, step);
          return PETSC_SUCCESS;
        },
        resume && stage == in ? resume->Sub("gn") : nullptr);
  };

  // ---- phase I: converge at λ0 ----
  if (stage == kPhase1) {
    NestedKeeper nk = gn_keeper(kPhase1);
    PetscCall(PetscLogStagePush(Log::phase1));
    PetscCall(GaussNewtonSolve(f, ls_phase1_, phase1_opt_, lambda0_, theta, &phase1_, "phase I", keeper ? &nk : nullptr));
    PetscCall(PetscLogStagePop());
    PathPoint start;
    start.lambda = lambda0_;
    start.loss   = phase1_.loss;
    start.corrector_its = phase1_.its;
    if (observer) PetscCall(observer(theta, lambda0_, &start));
    history_.push_back(start);
    if (monitor_)
      PetscCall(PetscPrintf(comm, "phase I: %" PetscInt_FMT " iterations, loss %.3e -> %.3e (%s)\n", phase1_.its,
                            phase1_.loss0, phase1_.loss, GNReasonName(phase1_.reason)));
    PetscCall(Monitor(comm, start, "hom"));
    stage = kPath;
  }

  // ---- path ----
  PetscCall(PetscLogStagePush(Log::tracking));
  const double dir    = lambda1_ < lambda0_ ? -1.0 : 1.0;
  // the secant predictor's previous point is not checkpointed: after a restart its first step
  // has no predictor
  std::vector<double> tangent(p), trial(p), theta_prev;
  bool                have_prev = false;
  double              dl_prev   = 0;
  while (stage == kPath && dir * (lambda1_ - lambda) > 1e-14 * std::fabs(lambda0_ - lambda1_) && steps_ < max_steps_) {
    double lnew = lambda + dir * step;
    if (dir * (lnew - lambda1_) > 0) lnew = lambda1_;
    for (double w : waypoints_) // land on the first waypoint ahead of λ
      if (dir * (w - lambda) > 1e-14 * std::fabs(lambda0_ - lambda1_)) {
        if (dir * (lnew - w) > 0) lnew = w;
        break;
      }
    const double dl = lnew - lambda;
    // predictor: Δθ = dl·θ' with θ' = −J⁺ r_λ at (θ, λ) (tangent), or the secant through
    // the last two accepted points, or nothing
    LSQStats st;
    if (predictor_ == "tangent") {
      PetscCall(f.SetPoint(theta.data(), lambda));
      PetscCall(f.DLambda(rl));
      ResidualJacobian jac(f);
      PetscCall(ls_.Setup(jac));
      const double smax = ls_.SingularValues().empty() ? 1.0 : ls_.SingularValues()[0];
      PetscCall(ls_.Solve(rl, tangent_rcond_ * tangent_rcond_ * smax * smax, tangent.data(), &st));
    } else if (predictor_ == "secant" && have_prev) { // θ' ≈ −(θ − θ_prev)/Δλ_prev in the tangent's sign
      for (PetscInt j = 0; j < p; ++j) tangent[j] = -(theta[j] - theta_prev[j]) / dl_prev;
    } else std::fill(tangent.begin(), tangent.end(), 0.0);
    double pnorm = 0, tnorm = 0;
    for (PetscInt j = 0; j < p; ++j) {
      pnorm += tangent[j] * tangent[j];
      tnorm += theta[j] * theta[j];
    }
    pnorm = std::fabs(dl) * std::sqrt(pnorm), tnorm = std::sqrt(tnorm);
    const double pscale = pred_max_ > 0 && pnorm > pred_max_ * (1 + tnorm) ? pred_max_ * (1 + tnorm) / pnorm : 1.0;
    const double h      = pscale * dl; // θ_pred = θ − h θ' (h = Δλ unless capped)
    for (PetscInt j = 0; j < p; ++j) trial[j] = theta[j] - h * tangent[j];
    if (monitor_ && predictor_ != "none")
      PetscCall(PetscPrintf(comm, "hom   predictor %s -> %.6f: |dtheta| %.3e (|theta| %.3e)%s\n", name_.c_str(), lnew,
                            pnorm, tnorm, pscale < 1 ? " capped" : ""));
    // corrector
    GNResult cr;
    PathPoint pt;
    if (corrector_its_ > 0 && chord_) {
      // Newton-chord: J⁺ of the predictor's point, residuals at the trial point.
      PetscCall(f.SetPoint(trial.data(), lnew));
      PetscCall(f.Loss(r, &cr.loss));
      cr.loss0 = cr.loss;
      std::vector<double> delta(p), next(p);
      PetscInt fails = 0;
      for (cr.its = 0; cr.its < corrector_its_ && fails < 4;) {
        double nl = 0;
        // Damping in function space (the metric weight), so that it does not bring back
        // the θ-norm preference that lets the interface drift.
        PetscCall(ls_.Solve(r, 0.0, delta.data(), nullptr, 1.0 + chord_mu_));
        for (PetscInt j = 0; j < p; ++j) next[j] = trial[j] - delta[j];
        PetscCall(f.SetPoint(next.data(), lnew));
        PetscCall(f.Loss(rl, &nl)); // rl is free here: use it for the trial residual
        if (!(nl < cr.loss)) { // too aggressive for the stale Jacobian: damp and retry
          chord_mu_ = chord_mu_ > 0 ? chord_mu_ * 10 : 1.0;
          ++fails;
          continue;
        }
        ++cr.its;
        trial.swap(next);
        PetscCall(VecSwap(r, rl));
        const bool stalled = nl > 0.25 * cr.loss;
        cr.loss = nl;
        if (!fails) chord_mu_ = chord_mu_ < 1e-3 ? 0.0 : chord_mu_ * 0.3;
        if (stalled) break;
      }
    } else if (corrector_its_ > 0) {
      // Stop correcting once the loss is back at the level of the previous point.
      GaussNewtonOptions co = corr_opt_;
      co.atol               = std::fmax(co.atol, std::fmax(1e-2 * accept_loss_, history_.back().loss));
      PetscCall(GaussNewtonSolve(f, ls_, co, lnew, trial, &cr, "corrector"));
    } else {
      PetscCall(f.SetPoint(trial.data(), lnew));
      PetscCall(f.Loss(r, &cr.loss));
      cr.loss0 = cr.loss;
    }
    const bool ok = corrector_its_ == 0 || !adaptive_ || step <= step_min_ ||
                    (cr.loss <= max_loss_ && cr.loss <= std::fmax(accept_loss_, accept_growth_ * history_.back().loss));
    if (!ok) {
      ++rejected_;
      step *= 0.5;
      if (monitor_)
        PetscCall(PetscPrintf(comm, "hom reject %s %.6f: loss %.3e after %" PetscInt_FMT " corrector its; d%s -> %.2e\n",
                              name_.c_str(), lnew, cr.loss, cr.its, name_.c_str(), step));
      continue;
    }
    theta_prev = theta;
    have_prev  = true;
    dl_prev    = dl;
    theta.swap(trial);
    lambda = lnew;
    ++steps_;
    pt.lambda        = lambda;
    pt.loss          = cr.loss;
    pt.corrector_its = cr.its;
    pt.step          = std::fabs(dl);
    pt.rank          = st.rank;
    if (observer) PetscCall(observer(theta, lambda, &pt));
    history_.push_back(pt);
    PetscCall(Monitor(comm, pt, "hom"));
    if (adaptive_ && corrector_its_ > 0 && cr.its <= easy_its_) step = std::fmin(step * grow_, step_max_);
    if (keeper)
      PetscCall(keeper->Step([&](SolverState *s) -> PetscErrorCode {
        Capture(s, kPath, &theta, lambda, step);
        return PETSC_SUCCESS;
      }));
  }
  if (final_its_ > 0) { // polish at the target with the path's (metric) least-squares solver
    GaussNewtonOptions fo = corr_opt_;
    fo.max_it             = final_its_;
    GNResult     fr;
    NestedKeeper nk = gn_keeper(kFinal);
    stage           = kFinal;
    PetscCall(GaussNewtonSolve(f, ls_, fo, lambda, theta, &fr, "final", keeper ? &nk : nullptr));
    PathPoint pt = history_.back();
    pt.loss          = fr.loss;
    pt.corrector_its = fr.its;
    pt.step          = 0;
    if (observer) PetscCall(observer(theta, lambda, &pt));
    history_.push_back(pt);
    PetscCall(Monitor(comm, pt, "hom final"));
  }
  PetscCall(PetscLogStagePop());
  PetscCall(VecDestroy(&r));
  PetscCall(VecDestroy(&rl));
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
