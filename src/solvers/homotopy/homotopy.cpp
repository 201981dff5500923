#include "solvers/homotopy/homotopy.hpp"

#include "core/choice.hpp"
#include "core/finite.hpp"
#include "core/log.hpp"
#include "solvers/residual_jacobian.hpp"

#include <cmath>

namespace petnet {

PetscErrorCode HomotopySolver::SetFromOptions(MPI_Comm comm, const ContinuationParameter &param) {
  PetscFunctionBeginUser;
  param_   = param;
  lambda0_ = param.start;
  PetscCall(ReadOptions(comm));
  const std::string l0 = std::string("-hom_") + param_.name + "0";
  PetscCall(param_.CheckStart(comm, l0.c_str(), lambda0_));
  PetscCall(control_.Check(comm, param_.name.c_str(), lambda0_, param_.target));
  PetscCheck(corr_.its >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-hom_corrector_its must be >= 0");
  PetscCheck(final_every_ >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-hom_final_monitor_every must be >= 0, got %" PetscInt_FMT, final_every_);
  PetscCheck(tangent_rcond_ >= 0 && tangent_rcond_ < 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-hom_tangent_rcond must be in [0, 1), got %g", tangent_rcond_);
  PetscCheck(pred_max_ >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-hom_predictor_max must be >= 0, got %g", pred_max_);
  PetscCheck(predictor_type_ == static_cast<PetscInt>(PredictorType::kTangent) || !corr_.chord,
             comm, PETSC_ERR_ARG_INCOMP,
             "-hom_chord reuses the tangent's factorization: it needs -hom_predictor tangent");
  PetscCall(SetupInnerSolvers(comm));
  corr_.accept_loss   = control_.AcceptLoss();
  CorrectorOptions co = corr_; // the polish copies corr_.gn without this monitor
  if (monitor_spec_.On())      // a long path step: the path's progress line, clock refreshed
    co.gn.monitors.Add([spec = monitor_spec_, p = progress_](const GNStep &) {
      p->Update(p->Step(), p->Fraction());
      return spec.ProgressLine("hom", p.get());
    });
  corrector_ = CreateCorrector(co);
  // One long least-squares solve (lsqr: the predictor's or the corrector's) reports too.
  if (monitor_spec_.On())
    ls_.SetIterationHook([spec = monitor_spec_, p = progress_](PetscInt) {
      p->Update(p->Step(), p->Fraction());
      return spec.ProgressLine("hom", p.get());
    });
  monitors_.Cancel();
  if (monitor_spec_.On())
    monitors_.Add([spec = monitor_spec_](const PathStepInfo &s) -> PetscErrorCode {
      PetscFunctionBeginUser;
      PetscCall(HomotopyMonitorDefault(spec.Viewer(), s));
      if (s.event == PathStepInfo::kPoint && s.point && !s.final)
        PetscCall(spec.Plot(s.steps, s.point->loss));
      PetscCall(spec.ProgressLine(s.final ? "hom final" : "hom", s.progress));
      PetscFunctionReturn(PETSC_SUCCESS);
    });
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode HomotopySolver::ReadOptions(MPI_Comm comm) {
  const std::string l0       = std::string("-hom_") + param_.name + "0";
  char              pred[32] = "";
  PetscBool         set      = PETSC_FALSE;
  PetscFunctionBeginUser;
  // Checked in petnet's words before the block (PetscOptionsEList's own check ignores case).
  PetscCall(PetscOptionsGetString(nullptr, nullptr, "-hom_predictor", pred, sizeof pred, &set));
  PetscCheck(!set || FindChoice(kPredictorNames, pred, &predictor_type_), comm,
             PETSC_ERR_ARG_UNKNOWN_TYPE, "-hom_predictor must be tangent, secant or none, got %s",
             pred);
  PetscOptionsBegin(comm, nullptr, "Homotopy path tracking", "HomotopySolver");
  PetscCall(PetscOptionsReal(l0.c_str(), "Start of the path (the easy problem)", "HomotopySolver",
                             lambda0_, &lambda0_, nullptr));
  PetscCall(control_.SetFromOptions(PetscOptionsObject));
  PetscCall(PetscOptionsInt("-hom_corrector_its",
                            "Gauss-Newton corrector iterations per step (0: Euler only)",
                            "HomotopySolver", corr_.its, &corr_.its, nullptr));
  PetscCall(PetscOptionsEList(
      "-hom_predictor",
      "Predictor: tangent (Euler: J^+ r_lambda), secant (extrapolate the last two points) or "
      "none (previous point; corrector-only continuation)",
      "HomotopySolver", kPredictorNames, 3, kPredictorNames[predictor_type_], &predictor_type_,
      nullptr));
  PetscCall(PetscOptionsReal(
      "-hom_tangent_rcond",
      "Tikhonov damping of the tangent solve, (tau sigma_max)^2 |theta'|^2 (0: the least-squares "
      "solver's own truncation only)",
      "HomotopySolver", tangent_rcond_, &tangent_rcond_, nullptr));
  PetscCall(PetscOptionsReal(
      "-hom_predictor_max",
      "Cap on the predictor's parameter change |dtheta| relative to 1 + |theta| (0: no cap)",
      "HomotopySolver", pred_max_, &pred_max_, nullptr));
  PetscCall(PetscOptionsBool(
      "-hom_chord", "Corrector reuses the predictor's factorization (else fresh Gauss-Newton)",
      "HomotopySolver", corr_.chord, &corr_.chord, nullptr));
  PetscCall(PetscOptionsInt("-hom_final_its",
                            "Gauss-Newton iterations at the target after the path (0: none)",
                            "HomotopySolver", final_its_, &final_its_, nullptr));
  PetscCall(PetscOptionsReal("-hom_final_rtol",
                             "The final polish stops when the loss falls by less than this "
                             "fraction in an iteration (0: the corrector's -hom_corr_gn_rtol)",
                             "HomotopySolver", final_rtol_, &final_rtol_, nullptr));
  PetscCheck(final_rtol_ >= 0 && final_rtol_ < 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-hom_final_rtol must be in [0, 1), got %g", final_rtol_);
  PetscCall(OptionsMonitor(PetscOptionsObject, comm, "-hom_monitor", "One line per path step",
                           "HomotopySolver", MonitorForm::kSwitch, monitor_, &monitor_spec_));
  monitor_ = monitor_spec_.On() ? PETSC_TRUE : PETSC_FALSE;
  PetscCall(PetscOptionsInt("-hom_final_monitor_every",
                            "With -hom_monitor: one line every this many iterations of the final "
                            "Gauss-Newton polish (0: none)",
                            "HomotopySolver", final_every_, &final_every_, nullptr));
  PetscCall(PetscOptionsBool("-hom_converged_reason", "Print why the path stopped",
                             "HomotopySolver", view_reason_, &view_reason_, nullptr));
  PetscOptionsEnd();
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode HomotopySolver::SetupInnerSolvers(MPI_Comm comm) {
  PetscFunctionBeginUser;
  // Phase I: Gauss–Newton/LM to near machine precision; corrector: a few GN steps.
  phase1_opt_.max_it = 600;
  phase1_opt_.atol   = 1e-26;
  phase1_opt_.rtol   = 1e-10;
  PetscCall(phase1_opt_.SetFromOptions(comm, "hom_phase1_",
                                       "Homotopy phase I (Gauss-Newton/LM at the start)"));
  corr_.gn.max_it = corr_.its;
  corr_.gn.atol   = 1e-24;
  corr_.gn.rtol   = 1e-3;
  PetscCall(corr_.gn.SetFromOptions(comm, "hom_corr_", "Homotopy corrector (Gauss-Newton)"));
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

PetscErrorCode HomotopySolver::Report(const PathPoint &pt, bool final) {
  PathStepInfo s;
  PetscFunctionBeginUser;
  s.event = PathStepInfo::kPoint;
  s.name  = param_.name.c_str();
  s.specs = specs_;
  s.point = &pt;
  s.final = final;
  s.steps = steps_;
  s.wall  = MPI_Wtime() - t0_;
  if (!final) {
    progress_->Update(steps_, PathFraction(lambda0_, param_.target, pt.lambda));
    s.progress = progress_.get();
  }
  PetscCall(monitors_(s));
  PetscFunctionReturn(PETSC_SUCCESS);
}

NestedKeeper HomotopySolver::GNKeeper(StateKeeper *keeper, Stage in, const double *lambda,
                                      const double *step) {
  // Phase I and the final polish are Gauss–Newton runs: their state nests in ours.
  return NestedKeeper(
      keeper, "gn",
      [this, in, lambda, step](SolverState *s) -> PetscErrorCode {
        Capture(s, in, nullptr, *lambda, *step);
        return PETSC_SUCCESS;
      },
      resume_ &&resume_stage_ == in ? resume_->Sub("gn") : nullptr);
}

PetscErrorCode HomotopySolver::RunPhaseI(ResidualFunction &f, std::vector<double> &theta,
                                         const PathObserver &observer, StateKeeper *keeper,
                                         const double *lambda, const double *step) {
  PetscFunctionBeginUser;
  NestedKeeper       nk = GNKeeper(keeper, kPhase1, lambda, step);
  GaussNewtonOptions po = phase1_opt_; // with -hom_monitor: phase I's progress lines too
  if (monitor_spec_.On() && !phase1_opt_.monitor) {
    po.monitors.Add([spec = monitor_spec_](const GNStep &s) {
      return spec.ProgressLine("hom phase I", s.progress);
    });
    po.inner_monitors.Add([spec = monitor_spec_](const GNInnerStep &s) {
      return spec.ProgressLine("hom phase I", s.progress);
    });
  }
  PetscCall(PetscLogStagePush(Log::phase1));
  PetscCall(GaussNewtonSolve(f, ls_phase1_, po, lambda0_, theta, &phase1_, "phase I",
                             keeper ? &nk : nullptr));
  PetscCall(PetscLogStagePop());
  PathStepInfo s;
  s.event         = PathStepInfo::kPhaseI;
  s.name          = param_.name.c_str();
  s.its           = phase1_.its;
  s.phase1_loss0  = phase1_.loss0;
  s.phase1_loss   = phase1_.loss;
  s.phase1_reason = GNReasonName(phase1_.reason);
  PetscCall(monitors_(s));
  if (!std::isfinite(phase1_.loss) || !AllFinite(theta)) { // no good point: the path is empty
    failed_    = true;
    failed_at_ = lambda0_;
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCall(Anchor(f, theta));
  PathPoint start;
  start.lambda        = lambda0_;
  start.loss          = phase1_.loss;
  start.corrector_its = phase1_.its;
  PetscCall(observer(theta, lambda0_, &start));
  history_.push_back(start);
  PetscCall(Report(start, false));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode HomotopySolver::Anchor(ResidualFunction &f, const std::vector<double> &theta) {
  PetscFunctionBeginUser;
  if (f.UsesAnchor()) {
    anchor_ = theta;
    PetscCall(f.AnchorAt(anchor_.data()));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode HomotopySolver::PathStep(ResidualFunction &f, std::vector<double> &theta,
                                        double *lambda, double *step, const PathObserver &observer,
                                        Vec r, Vec rl, bool *accepted) {
  const double lnew = control_.Next(*lambda, *step), dl = lnew - *lambda;
  LSQStats     st;
  PathStepInfo s;
  PetscFunctionBeginUser;
  s.name = param_.name.c_str();
  // predictor: Δθ = dl·θ' (θ' = −J⁺ r_λ at (θ, λ), the secant's, or nothing)
  PetscCall(predictor_->Direction(f, ls_, theta, *lambda, rl, &tangent_, &st));
  PredictorStep(theta, tangent_, dl, pred_max_, &trial_, &s.dtheta, &s.theta_norm, &s.capped);
  if (predictor_->Moves()) {
    s.event  = PathStepInfo::kPredictor;
    s.lambda = lnew;
    PetscCall(monitors_(s));
  }
  GNResult cr;
  PetscCall(corrector_->Correct(f, ls_, lnew, history_.back().loss, &trial_, r, rl, &cr));
  // a non-finite loss or step, or a loss past -hom_divtol, is never accepted: cut the
  // step, or end the path here (DIVERGED_NAN, DIVERGED_DTOL)
  const bool finite = std::isfinite(cr.loss) && AllFinite(trial_);
  const bool lost   = finite && control_.Diverged(cr.loss, history_.back().loss, phase1_.loss0);
  *accepted         = finite && !lost &&
              control_.Accept(cr.loss, *step, history_.back().loss, corrector_->Corrects());
  if (!finite || lost) {
    failed_at_ = lnew;
    failed_    = !control_.CanShrink(*step);
    lost_      = failed_ && lost;
  }
  if (!*accepted) {
    ++rejected_;
    *step       = control_.Shrink(*step);
    s.event     = PathStepInfo::kReject;
    s.lambda    = lnew;
    s.loss      = cr.loss;
    s.its       = cr.its;
    s.next_step = *step;
    PetscCall(monitors_(s));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  predictor_->Accepted(theta, dl);
  theta.swap(trial_);
  *lambda = lnew;
  ++steps_;
  PetscCall(Anchor(f, theta));
  PathPoint pt;
  pt.lambda        = lnew;
  pt.loss          = cr.loss;
  pt.corrector_its = cr.its;
  pt.step          = std::fabs(dl);
  pt.rank          = st.rank;
  PetscCall(observer(theta, lnew, &pt));
  history_.push_back(pt);
  PetscCall(Report(pt, false));
  *step = control_.Grow(*step, cr.its, corrector_->Corrects());
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode HomotopySolver::Polish(ResidualFunction &f, std::vector<double> &theta,
                                      const PathObserver &observer, StateKeeper *keeper,
                                      const double *lambda, const double *step) {
  PetscFunctionBeginUser;
  // polish at the target with the path's (metric) least-squares solver
  GaussNewtonOptions fo = corr_.gn;
  fo.max_it             = final_its_;
  if (final_rtol_ > 0) fo.rtol = final_rtol_;
  if (monitor_spec_.On()) // its lines every -hom_final_monitor_every its, its progress lines
    fo.monitors.Add([this, spec = monitor_spec_](const GNStep &s) -> PetscErrorCode {
      PetscFunctionBeginUser;
      if (final_every_ > 0 && (s.its + 1) % final_every_ == 0)
        PetscCall(PetscViewerASCIIPrintf(spec.Viewer(),
                                         "hom final polish: it %" PetscInt_FMT
                                         " loss %.6e nrank %" PetscInt_FMT " t %.1fs\n",
                                         s.its + 1, s.new_loss, s.rank, MPI_Wtime() - t0_));
      PetscCall(spec.ProgressLine("hom final polish", s.progress));
      PetscFunctionReturn(PETSC_SUCCESS);
    });
  GNResult     fr;
  NestedKeeper nk = GNKeeper(keeper, kFinal, lambda, step);
  PetscCall(GaussNewtonSolve(f, ls_, fo, *lambda, theta, &fr, "final", keeper ? &nk : nullptr));
  PathPoint pt     = history_.back();
  pt.loss          = fr.loss;
  pt.corrector_its = fr.its;
  pt.step          = 0;
  PetscCall(observer(theta, *lambda, &pt));
  history_.push_back(pt);
  PetscCall(Report(pt, true));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode HomotopySolver::Solve(ResidualFunction &f, std::vector<double> &theta,
                                     const PathObserver &observer, StateKeeper *keeper) {
  MPI_Comm       comm = f.Comm();
  const PetscInt p    = f.NumParams();
  Vec            r, rl;
  PetscFunctionBeginUser;
  PetscCheck(corrector_, comm, PETSC_ERR_ORDER, "HomotopySolver: call SetFromOptions before Solve");
  PetscCall(f.CreateRowVec(&r));
  PetscCall(f.CreateRowVec(&rl));
  history_.clear();
  t0_    = MPI_Wtime();
  steps_ = rejected_ = 0;
  failed_ = lost_ = false;
  failed_at_      = NAN;
  specs_          = &observer.values;
  Stage  stage    = kPhase1;
  double lambda = lambda0_, step = control_.Step0();
  resume_ = keeper ? keeper->TakeResume() : nullptr;
  anchor_.clear();
  if (resume_) PetscCall(Restore(comm, *resume_, p, &stage, &theta, &lambda, &step));
  if (!anchor_.empty()) PetscCall(f.AnchorAt(anchor_.data())); // the anchor it had
  resume_stage_ = stage;
  progress_->Start(PathFraction(lambda0_, param_.target, lambda));
  // The keeper's stop request (a signal) ends the solve after the step it came with.
  auto stopped = [keeper] { return keeper && keeper->StopRequested(); };
  if (stage == kPhase1) {
    PetscCall(RunPhaseI(f, theta, observer, keeper, &lambda, &step));
    stage = kPath;
  }

  PetscCall(PetscLogStagePush(Log::tracking));
  progress_->Start(PathFraction(lambda0_, param_.target, lambda)); // the path's rate from here
  predictor_ = CreatePredictor(static_cast<PredictorType>(predictor_type_), tangent_rcond_);
  tangent_.assign(p, 0.0);
  trial_.assign(p, 0.0);
  while (stage == kPath && !stopped() && !failed_ &&
         control_.Reason(lambda, steps_, history_.back().loss) == HOMOTOPY_CONVERGED_ITERATING) {
    bool accepted = false;
    PetscCall(PathStep(f, theta, &lambda, &step, observer, r, rl, &accepted));
    if (accepted && keeper)
      PetscCall(keeper->Step([&](SolverState *s) -> PetscErrorCode {
        Capture(s, kPath, &theta, lambda, step);
        return PETSC_SUCCESS;
      }));
  }
  reason_ = lost_     ? HOMOTOPY_DIVERGED_DTOL
            : failed_ ? HOMOTOPY_DIVERGED_NAN
                      : control_.Reason(lambda, steps_, history_.back().loss);
  if (final_its_ > 0 && !stopped() && !failed_) {
    stage = kFinal;
    PetscCall(Polish(f, theta, observer, keeper, &lambda, &step));
  }
  if (stopped()) reason_ = HOMOTOPY_DIVERGED_SIGNAL;
  PetscCall(PetscLogStagePop());
  PetscCall(VecDestroy(&r));
  PetscCall(VecDestroy(&rl));
  resume_.reset();
  specs_ = nullptr;
  if (view_reason_)
    PetscCall(HomotopyConvergedReasonView(comm, "Homotopy", reason_, param_, lambda, steps_,
                                          "-hom_max_steps"));
  PetscFunctionReturn(PETSC_SUCCESS);
}

std::string HomotopySolver::ReasonDetail() const {
  const double last = history_.empty() ? NAN : history_.back().lambda;
  return HomotopyReasonDetail(reason_, param_, last, failed_at_, steps_, "-hom_max_steps");
}

} // namespace petnet
