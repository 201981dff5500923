// The hard-constrained PINN job -problem transport | reaction | reaction_diffusion
// with -method trsqp | penalty | alm | pinn.
//
//   mpiexec -n 2 build/bin/petnet -options_file_yaml inputs/trsqp_transport.yaml -trsqp_monitor 100
//
// 1. problem (pde/periodic_evolution), 2. reference values on the evaluation grid (closed
// form or the FFT reference), 3. labelled points with noise, training constraints and a
// separate pretraining set (sampling/space_time), 4. the network and ConstrainedPinn
// (nn/), 5. Step 0: L-BFGS on ‖c̃‖², 6. the solver, 7. errors on the grid and output.
#include "jobs/job.hpp"
#include "jobs/trsqp_options.hpp"

#include "core/choice.hpp"
#include "core/finite.hpp"
#include "core/log.hpp"
#include "core/option_values.hpp"
#include "io/checkpoint.hpp"
#include "reference/error_measures.hpp"
#include "reference/reaction_diffusion_fft.hpp"
#include "residuals/constrained_pinn.hpp"
#include "solvers/baselines/penalty_alm.hpp"
#include "solvers/trsqp/trsqp.hpp"

#include <cmath>
#include <cstdio>
#include <memory>

namespace petnet {

std::vector<std::string> TrsqpProblems() { return PeriodicEvolutionNames(); }

namespace {

/// This rank's slice [lo, lo + n) of a list of `total`.
void Slice(MPI_Comm comm, PetscInt total, PetscInt *lo, PetscInt *n) {
  const PetscInt size = Size(comm), r = Rank(comm), q = total / size, m = total % size;
  *n  = q + (r < m ? 1 : 0);
  *lo = r * q + (r < m ? r : m);
}

/// The per-step records of a solve (trSQP: every field; the baselines: ell, cnorm, mu and
/// the inner iterations in `accepted`).
struct TrsqpHistory {
  std::vector<double>                ell, cnorm, mu, radius, eta, accepted, abs_err;
  std::vector<std::vector<double> *> Fields() {
    return {&ell, &cnorm, &mu, &radius, &eta, &accepted, &abs_err};
  }
};

class TrsqpJob : public Job {
public:
  using Job::Job;
  std::string    Method() const override { return kTrsqpMethods[opt_.method]; }
  SolveOutcome   Outcome() const override;
  PetscErrorCode SetFromOptions() override;
  PetscErrorCode Reference() override;
  PetscErrorCode SetUp() override;
  PetscErrorCode Solve() override;
  PetscErrorCode Evaluate() override;
  PetscErrorCode Summarize(double wall) override;
  PetscErrorCode AddDatasets() override;

private:
  PetscErrorCode ReferenceValues(const std::vector<double> &grid);
  PetscErrorCode SampleData();
  PetscErrorCode GridErrors(const std::vector<double> &th, ErrorMeasures *e);
  PetscErrorCode Pretrain();
  PetscErrorCode SolveTrsqp();
  PetscErrorCode SolvePenalty();
  void           Record(const TrsqpSolver &s);
  PetscErrorCode PutJobState(SolverState *s) const;
  PetscErrorCode GetJobState(const SolverState &s);
  NestedKeeper   Keeper(const char *prefix);

  TrsqpJobOptions                    opt_;
  TrsqpMethod                        method_ = TrsqpMethod::Trsqp;
  std::unique_ptr<PeriodicEvolution> problem_pde_;
  MLPLayout                          layout_;
  TrsqpOptions                       topt_;
  PenaltySolver                      pen_;
  MeritLbfgs                         pre_;
  SpaceTimeBox                       box_;
  bool                               have_exact_ = false, sum_ = false;
  PetscInt                           n_eval_ = 0, elo_ = 0, en_ = 0;
  std::vector<double>
      full_ref_; ///< reaction–diffusion: the whole reference (labels are drawn from it)
  std::vector<double>          eval_pts_, eval_ref_; ///< this rank's slice of the grid
  ConstrainedPinn              f_, fpre_;
  std::vector<double>          theta_;
  Checkpoint                   ckpt_;
  std::unique_ptr<SolverState> resume_;    ///< the checkpoint's state, until taken by a stage
  PetscInt                     stage_ = 0; ///< 0: pretraining, 1: the solver, 2: trSQP's polish
  std::vector<double>          pre_fig_;   ///< pretraining: iterations, ||c_pre||, abs_err, wall
  std::vector<double> phase1_fig_; ///< trSQP phase 1: iterations, accepted, radius, mu, abs_err
  // results
  PetscInt            iterations_ = 0, accepted_ = 0;
  double              final_radius_ = 0, ell_ = 0, cn_ = 0;
  std::string         reason_;           ///< the solver's reason, as "stop_reason"
  int                 code_        = 0;  ///< its signed code
  const char         *reason_name_ = ""; ///< its PETSc-style name
  TrsqpHistory        hist_;
  ErrorMeasures       err_;
  std::vector<double> u_local_;
};

PetscErrorCode TrsqpJob::SetFromOptions() {
  std::vector<int> widths;
  PetscFunctionBeginUser;
  PetscCall(ReadTrsqpJobOptions(comm_, problem_, &opt_));
  method_ = static_cast<TrsqpMethod>(opt_.method);
  PetscCall(CreatePeriodicEvolution(comm_, problem_, &problem_pde_));
  PetscCall(problem_pde_->SetFromOptions(comm_));
  PetscCall(ParseWidths(comm_, opt_.hidden.c_str(), &widths));
  PetscCall(MLPLayout::Create(comm_, 2, widths, &layout_));
  if (method_ == TrsqpMethod::Trsqp) PetscCall(topt_.SetFromOptions(comm_));
  else PetscCall(pen_.SetFromOptions(comm_, Method()));
  if (opt_.pretrain) PetscCall(pre_.SetFromOptions(comm_, "pre_", opt_.pre_max_it, opt_.pre_gatol));
  PetscCall(ckpt_.SetFromOptions(comm_, out_.prefix()));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// Reference values on the whole grid: the closed form, or the FFT reference.
PetscErrorCode TrsqpJob::ReferenceValues(const std::vector<double> &grid) {
  PetscFunctionBeginUser;
  have_exact_ = problem_pde_->HasExact(problem_pde_->Target());
  if (!have_exact_) {
    auto                *rd = static_cast<Reaction *>(problem_pde_.get());
    ReactionDiffusionFFT ref;
    ref.alpha = rd->Target(), ref.nu = rd->Nu(), ref.substeps = opt_.ref_substeps;
    std::vector<double> u0(opt_.eval_nx);
    for (PetscInt i = 0; i < opt_.eval_nx; ++i) u0[i] = problem_pde_->Initial(grid[2 * i]);
    PetscCall(ref.Solve(comm_, u0, opt_.eval_nt, box_.T, &full_ref_));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// Reference values on this rank's slice of the evaluation grid.
PetscErrorCode TrsqpJob::Reference() {
  PetscFunctionBeginUser;
  n_eval_ = opt_.eval_nx * opt_.eval_nt;
  Slice(comm_, n_eval_, &elo_, &en_);
  const std::vector<double> grid = SpaceTimeGrid(box_, opt_.eval_nx, opt_.eval_nt);
  PetscCall(ReferenceValues(grid));
  eval_pts_.assign(grid.begin() + 2 * elo_, grid.begin() + 2 * (elo_ + en_));
  eval_ref_.resize(en_);
  for (PetscInt q = 0; q < en_; ++q)
    eval_ref_[q] = have_exact_ ? problem_pde_->Exact(&grid[2 * (elo_ + q)], problem_pde_->Target())
                               : full_ref_[elo_ + q];
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// Labels (reaction–diffusion: on the grid, as in the paper), constraint sets, the
/// constrained functions of the training and of the pretraining.
PetscErrorCode TrsqpJob::SampleData() {
  const std::uint64_t   seed = static_cast<std::uint64_t>(opt_.seed);
  std::vector<double>   lab_pts, lab_val;
  std::vector<PetscInt> lab_idx;
  ConstraintPoints      cons, cons_pre;
  PetscFunctionBeginUser;
  PetscCall(SampleLabelPoints(comm_, box_, opt_.n_labels, seed, have_exact_ ? 0 : opt_.eval_nx,
                              opt_.eval_nt, &lab_pts, &lab_idx));
  const std::vector<double> noise = UniformNoise(opt_.n_labels, opt_.noise, seed);
  for (PetscInt k = 0; k < opt_.n_labels; ++k)
    lab_val.push_back((have_exact_ ? problem_pde_->Exact(&lab_pts[2 * k], problem_pde_->Target())
                                   : full_ref_[lab_idx[k]]) +
                      noise[k]);
  PetscCall(SampleConstraintPoints(comm_, box_, opt_.m_train, seed, &cons));
  PetscCall(SampleConstraintPoints(comm_, box_, opt_.m_pretrain, seed + 7777, &cons_pre));
  sum_ = opt_.misfit == kSum || (opt_.misfit == kAuto && method_ == TrsqpMethod::Trsqp);
  const double weight = sum_ ? 1.0 : 1.0 / static_cast<double>(opt_.n_labels);
  PetscCall(f_.Setup(comm_, problem_pde_.get(), layout_, lab_pts, lab_val, weight, cons, box_));
  PetscCall(fpre_.Setup(comm_, problem_pde_.get(), layout_, {}, {}, 1.0, cons_pre, box_));
  PetscCheck(f_.NumConstraints() < layout_.NumParams(), comm_, PETSC_ERR_ARG_OUTOFRANGE,
             "M = %" PetscInt_FMT
             " constraints need more than that many parameters (network has %" PetscInt_FMT ")",
             f_.NumConstraints(), layout_.NumParams());
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode TrsqpJob::SetUp() {
  PetscFunctionBeginUser;
  PetscCall(SampleData());
  theta_.assign(layout_.NumParams(), 0.0);
  XavierNormalInit(layout_, static_cast<std::uint64_t>(opt_.seed), theta_.data());
  PetscCall(PetscPrintf(comm_,
                        "petnet: %s | %s | MLP %s | N = %" PetscInt_FMT
                        " labels (noise %g, %s misfit), M = %" PetscInt_FMT
                        " constraints, M_pretrain = %" PetscInt_FMT "%s | %d ranks\n",
                        problem_pde_->Describe().c_str(), Method().c_str(),
                        layout_.Describe().c_str(), opt_.n_labels, opt_.noise,
                        sum_ ? "summed" : "averaged", f_.NumConstraints(), opt_.m_pretrain,
                        opt_.pretrain ? "" : " (off)", Size(comm_)));
  Json &js         = Summary();
  js["params"]     = static_cast<long>(layout_.NumParams());
  js["network"]    = layout_.Describe();
  js["n_labels"]   = static_cast<long>(opt_.n_labels);
  js["m_train"]    = static_cast<long>(f_.NumConstraints());
  js["m_pretrain"] = opt_.pretrain ? Json(static_cast<long>(opt_.m_pretrain)) : Json();
  js[problem_pde_->ParameterName()] = problem_pde_->Target();
  if (problem_ == "reaction_diffusion")
    js["nu"] = static_cast<Reaction *>(problem_pde_.get())->Nu();
  ckpt_.IdentifyRun(problem_, Method(), static_cast<long>(layout_.NumParams()),
                    static_cast<long>(opt_.n_labels), static_cast<long>(opt_.seed));
  ckpt_.Identify("network", layout_.Describe());
  ckpt_.Identify("constraints", std::to_string(f_.NumConstraints()));
  ckpt_.Identify("pretraining points", opt_.pretrain ? std::to_string(opt_.m_pretrain) : "off");
  ckpt_.Identify(problem_pde_->ParameterName(), problem_pde_->Target());
  PetscCall(ckpt_.Load());
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode TrsqpJob::GridErrors(const std::vector<double> &th, ErrorMeasures *e) {
  std::vector<double> u;
  PetscFunctionBeginUser;
  PetscCall(f_.EvaluateLocal(th.data(), eval_pts_, &u));
  PetscCall(ComputeErrors(comm_, u, eval_ref_, e));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// Step 0: pretraining on ‖c̃‖² over the separate point set.
PetscErrorCode TrsqpJob::Pretrain() {
  PetscFunctionBeginUser;
  const double  t0 = MPI_Wtime();
  double        phi;
  PetscInt      its = 0;
  ErrorMeasures e;
  Progress      progress; // with -trsqp_monitor: L-BFGS iterations over -pre_max_it
  progress.Start();
  if (topt_.monitor_spec.On())
    pre_.SetIterationHook([&](PetscInt k) {
      progress.Update(k, WorkFraction(k, opt_.pre_max_it));
      return topt_.monitor_spec.ProgressLine("pretraining", &progress);
    });
  PetscErrorCode ierr = pre_.Minimize(fpre_, 0.0, {}, 1.0, theta_, &its, &phi);
  pre_.SetIterationHook(nullptr); // the hook refers to this function's progress
  PetscCall(ierr);
  const double wall = MPI_Wtime() - t0, c = std::sqrt(phi);
  PetscCall(GridErrors(theta_, &e));
  PetscCall(PetscPrintf(comm_,
                        "petnet: pretraining: %" PetscInt_FMT
                        " L-BFGS iterations, ||c_pre|| = %.3e, abs_err %.4e, %.1f s\n",
                        its, c, e.abs_err, wall));
  pre_fig_ = {static_cast<double>(its), c, e.abs_err, wall};
  stage_   = 1;
  PetscCall(ckpt_.Step([&](SolverState *s) { return PutJobState(s); }));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// The job's part of a checkpoint: θ, stage, pretraining figures, phase 1 (in the polish).
PetscErrorCode TrsqpJob::PutJobState(SolverState *s) const {
  s->Put("theta", theta_);
  s->Put("job/stage", static_cast<double>(stage_));
  if (!pre_fig_.empty()) s->Put("job/pretrain", pre_fig_);
  if (stage_ < 2) return PETSC_SUCCESS;
  s->Put("job/phase1", phase1_fig_);
  std::vector<double> all;
  for (auto *v : const_cast<TrsqpHistory &>(hist_).Fields())
    all.insert(all.end(), v->begin(), v->end());
  s->Put("job/history", all);
  return PETSC_SUCCESS;
}

PetscErrorCode TrsqpJob::GetJobState(const SolverState &s) {
  PetscFunctionBeginUser;
  PetscCall(s.Get(comm_, "theta", &theta_, theta_.size()));
  PetscCall(s.Get(comm_, "job/stage", &stage_));
  PetscCheck(stage_ <= 2, comm_, PETSC_ERR_FILE_UNEXPECTED, "checkpoint: unknown job stage");
  if (s.Has("job/pretrain")) PetscCall(s.Get(comm_, "job/pretrain", &pre_fig_, 4));
  std::vector<double> all;
  if (stage_ < 2) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(s.Get(comm_, "job/phase1", &phase1_fig_, 5));
  const size_t n = static_cast<size_t>(phase1_fig_[0]), f = hist_.Fields().size();
  PetscCall(s.Get(comm_, "job/history", &all, f * n));
  for (size_t j = 0; j < f; ++j)
    hist_.Fields()[j]->assign(all.begin() + j * n, all.begin() + (j + 1) * n);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// The keeper of the solver of this stage: its state under prefix/, the job's beside it.
NestedKeeper TrsqpJob::Keeper(const char *prefix) {
  std::unique_ptr<SolverState> sub = resume_ ? resume_->Sub(prefix) : nullptr;
  resume_.reset();
  return NestedKeeper(
      &ckpt_, prefix, [this](SolverState *s) { return PutJobState(s); }, std::move(sub));
}

void TrsqpJob::Record(const TrsqpSolver &s) {
  for (auto &st : s.History()) {
    hist_.ell.push_back(st.ell), hist_.cnorm.push_back(st.cnorm), hist_.mu.push_back(st.mu);
    hist_.radius.push_back(st.radius), hist_.eta.push_back(st.eta);
    hist_.accepted.push_back(st.accepted ? 1.0 : 0.0), hist_.abs_err.push_back(st.error);
  }
}

/// trSQP, then (-trsqp_polish_it) a second phase from the first one's θ, radius and μ.
PetscErrorCode TrsqpJob::SolveTrsqp() {
  Json       &js = Summary(), &metrics = js["metrics"];
  TrsqpSolver s;
  TrsqpResult r;
  PetscFunctionBeginUser;
  s.error_hook = [&](const std::vector<double> &th, double *err) -> PetscErrorCode {
    ErrorMeasures e;
    PetscFunctionBeginUser;
    PetscCall(GridErrors(th, &e));
    *err = e.abs_err;
    PetscFunctionReturn(PETSC_SUCCESS);
  };
  if (stage_ < 2) {
    NestedKeeper keeper = Keeper("trsqp");
    PetscCall(s.Solve(f_, topt_, theta_, &r, &keeper));
    Record(s);
    if (opt_.polish_it > 0 && r.code != TRSQP_DIVERGED_SIGNAL && r.code != TRSQP_DIVERGED_NAN) {
      ErrorMeasures e1;
      PetscCall(GridErrors(theta_, &e1));
      PetscCall(PetscPrintf(
          comm_,
          "petnet: trSQP (%s) phase: %" PetscInt_FMT " iterations, abs_err %.4e; polish with %s\n",
          HessianUpdateName(topt_.hessian), r.iterations, e1.abs_err, opt_.polish_hessian.c_str()));
      phase1_fig_ = {static_cast<double>(r.iterations), static_cast<double>(r.accepted), r.radius,
                     r.mu, e1.abs_err};
      stage_      = 2;
    }
  }
  iterations_ = r.iterations, accepted_ = r.accepted, final_radius_ = r.radius, reason_ = r.reason;
  code_ = r.code, reason_name_ = TrsqpConvergedReasonName(r.code);
  if (stage_ == 2) {
    iterations_                = static_cast<PetscInt>(phase1_fig_[0]);
    accepted_                  = static_cast<PetscInt>(phase1_fig_[1]);
    js["phase1"]["iterations"] = static_cast<long>(iterations_);
    js["phase1"]["abs_err"]    = phase1_fig_[4];
    TrsqpOptions po            = topt_;
    PetscCall(ParseHessianUpdate(comm_, opt_.polish_hessian, &po.hessian));
    po.max_it = opt_.polish_it, po.max_time = 0, po.radius0 = phase1_fig_[2],
    po.mu0              = phase1_fig_[3];
    NestedKeeper keeper = Keeper("polish");
    PetscCall(s.Solve(f_, po, theta_, &r, &keeper));
    Record(s);
    iterations_ += r.iterations, accepted_ += r.accepted, final_radius_ = r.radius,
                                                          reason_ = r.reason;
    code_ = r.code, reason_name_ = TrsqpConvergedReasonName(r.code);
  }
  js["hessian"]         = HessianUpdateName(topt_.hessian);
  js["hessian_form"]    = HessianFormName(topt_.form);
  metrics["qn_skipped"] = static_cast<long>(r.qn_skipped);
  metrics["soc_steps"]  = static_cast<long>(r.soc);
  metrics["optimality"] = r.optimality;
  metrics["mu"]         = r.mu;
  js["solver_wall_s"]   = r.wall;
  js["s_per_iteration"] = r.iterations > 0 ? r.wall / static_cast<double>(r.iterations) : 0.0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// Penalty, augmented Lagrangian or fixed-μ PINN.
PetscErrorCode TrsqpJob::SolvePenalty() {
  PetscFunctionBeginUser;
  Summary()["metrics"]; // the summary's order: metrics before the solver's keys
  const double ts     = MPI_Wtime();
  NestedKeeper keeper = Keeper("pen");
  PetscCall(pen_.Solve(f_, theta_, &keeper));
  Summary()["solver_wall_s"] = MPI_Wtime() - ts;
  iterations_                = pen_.InnerIterations();
  accepted_                  = static_cast<PetscInt>(pen_.History().size());
  code_                      = pen_.Reason();
  reason_name_               = PenaltyConvergedReasonName(pen_.Reason());
  reason_                    = MakeOutcome(code_, reason_name_).reason;
  for (auto &st : pen_.History()) {
    hist_.ell.push_back(st.ell), hist_.cnorm.push_back(st.cnorm), hist_.mu.push_back(st.mu);
    hist_.accepted.push_back(static_cast<double>(st.inner_its));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode TrsqpJob::Solve() {
  PetscFunctionBeginUser;
  resume_ = ckpt_.TakeResume();
  if (resume_) PetscCall(GetJobState(*resume_));
  PetscCall(PetscLogStagePush(Log::phase1));
  if (opt_.pretrain && stage_ == 0) PetscCall(Pretrain());
  PetscCall(PetscLogStagePop());
  const char *pre_keys[] = {"iterations", "constraint_norm", "abs_err", "wall_s"};
  for (size_t i = 0; i < pre_fig_.size(); ++i) // the restarted run's too
    Summary()["pretrain"][pre_keys[i]] =
        i == 0 ? Json(static_cast<long>(pre_fig_[0])) : Json(pre_fig_[i]);
  PetscCall(PetscLogStagePush(Log::training));
  if (ckpt_.StopRequested()) { // stopped after the pretraining
    code_ = TRSQP_DIVERGED_SIGNAL, reason_name_ = TrsqpConvergedReasonName(TRSQP_DIVERGED_SIGNAL);
    reason_ = "signal";
  } else if (method_ == TrsqpMethod::Trsqp) PetscCall(SolveTrsqp());
  else PetscCall(SolvePenalty());
  PetscCall(PetscLogStagePop());
  Summary()["stop_reason"] = reason_;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// Errors on the grid, misfit and constraint norm at the final θ.
PetscErrorCode TrsqpJob::Evaluate() {
  std::vector<double> c(f_.NumConstraints());
  PetscFunctionBeginUser;
  PetscCall(f_.EvaluateLocal(theta_.data(), eval_pts_, &u_local_));
  PetscCall(ComputeErrors(comm_, u_local_, eval_ref_, &err_));
  PetscCall(f_.Evaluate(theta_.data(), &ell_, c.data()));
  cn_ = 0;
  for (double ci : c) cn_ += ci * ci;
  cn_ = std::sqrt(cn_);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode TrsqpJob::Summarize(double wall) {
  Json &js = Summary(), &metrics = js["metrics"];
  PetscFunctionBeginUser;
  metrics["abs_err"]         = err_.abs_err;
  metrics["rel_err"]         = err_.rel_err;
  metrics["l2_rel"]          = err_.l2_rel;
  metrics["max_err"]         = err_.max_err;
  metrics["constraint_norm"] = cn_;
  metrics["misfit"]          = ell_;
  metrics["iterations"]      = static_cast<long>(iterations_);
  metrics["accepted"]        = static_cast<long>(accepted_);
  metrics["final_radius"]    = method_ == TrsqpMethod::Trsqp ? Json(final_radius_) : Json();
  Json &hist                 = js["history"];
  hist["ell"]                = Json::NumberArray(hist_.ell);
  hist["cnorm"]              = Json::NumberArray(hist_.cnorm);
  hist["mu"]                 = Json::NumberArray(hist_.mu);
  if (method_ == TrsqpMethod::Trsqp) {
    hist["radius"]   = Json::NumberArray(hist_.radius);
    hist["eta"]      = Json::NumberArray(hist_.eta);
    hist["accepted"] = Json::NumberArray(hist_.accepted);
    hist["abs_err"]  = Json::NumberArray(hist_.abs_err);
  } else hist["inner_its"] = Json::NumberArray(hist_.accepted);
  ckpt_.Summarize(js);
  PetscCall(PetscPrintf(
      comm_,
      "petnet: final abs_err = %s  rel_err = %s  l2_rel = %s  ||c|| = %s  misfit = %s  "
      "%" PetscInt_FMT " iterations (%" PetscInt_FMT " accepted, %s)  wall %.2f s\n",
      FiniteText(err_.abs_err, "%.4e").c_str(), FiniteText(err_.rel_err, "%.4e").c_str(),
      FiniteText(err_.l2_rel, "%.4e").c_str(), FiniteText(cn_).c_str(),
      FiniteText(ell_, "%.4e").c_str(), iterations_, accepted_, reason_.c_str(), wall));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode TrsqpJob::AddDatasets() {
  PetscFunctionBeginUser;
  if (!out_.enabled()) PetscFunctionReturn(PETSC_SUCCESS);
  // The grid is split over the ranks: each writes its own points (elo_, en_ of them).
  const std::vector<unsigned long long> shape = {static_cast<unsigned long long>(opt_.eval_nt),
                                                 static_cast<unsigned long long>(opt_.eval_nx)};
  const unsigned long long              off   = static_cast<unsigned long long>(elo_);
  std::vector<double>                   err   = u_local_; // u at this rank's en_ points
  for (PetscInt q = 0; q < en_; ++q) err[q] -= eval_ref_[q];
  out_.AddDistributedDataset("eval/u", {"t, x", "the network's solution on the space-time grid"},
                             u_local_, shape, off);
  out_.AddDistributedDataset("eval/reference",
                             {"t, x", "the reference solution on the space-time grid"}, eval_ref_,
                             shape, off);
  out_.AddDistributedDataset("eval/error", {"t, x", "eval/u - eval/reference"}, std::move(err),
                             shape, off);
  // The space-time fields for the XDMF sidecar: x (periodic, right end left out), then t.
  out_.AddXdmfGrid({"eval",
                    UniformCoordinates(box_.x_lo, box_.x_hi, shape[1], shape[1]),
                    UniformCoordinates(0.0, box_.T, shape[0] > 1 ? shape[0] - 1.0 : 1.0, shape[0]),
                    {"eval/u", "eval/reference", "eval/error"}});
  out_.AddDataset("theta", {"parameter", "the network's final parameters"}, theta_);
  const char *it = "iteration";
  out_.AddDataset("history/ell", {it, "the data misfit after each iteration"}, hist_.ell);
  out_.AddDataset("history/cnorm", {it, "the constraint norm ||c|| after each iteration"},
                  hist_.cnorm);
  out_.AddDataset("history/mu", {it, "the penalty parameter after each iteration"}, hist_.mu);
  if (method_ == TrsqpMethod::Trsqp) {
    out_.AddDataset("history/radius", {it, "the trust-region radius"}, hist_.radius);
    out_.AddDataset("history/eta", {it, "the ratio of actual to predicted merit decrease"},
                    hist_.eta);
    out_.AddDataset("history/accepted", {it, "1 where the step was accepted, else 0"},
                    hist_.accepted);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

SolveOutcome TrsqpJob::Outcome() const {
  char buf[200];
  snprintf(buf, sizeof buf, "%lld iterations (%lld accepted), ||c|| = %s, misfit = %s",
           static_cast<long long>(iterations_), static_cast<long long>(accepted_),
           FiniteText(cn_).c_str(), FiniteText(ell_).c_str());
  SolveOutcome o = MakeOutcome(code_, reason_name_, buf);
  if (o.Converged() && !(std::isfinite(ell_) && std::isfinite(cn_)))
    o = SolveOutcome{-3, "nan", std::string("the final misfit or constraints are not finite")};
  return o;
}

} // namespace

std::unique_ptr<Job> CreateTrsqpJob(MPI_Comm comm, const std::string &problem, RunOutput &out) {
  return std::make_unique<TrsqpJob>(comm, problem, out);
}

} // namespace petnet
