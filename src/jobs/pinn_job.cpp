// The MLP job, steps 1–4: options, reference, set-up (jobs/pinn_job.hpp; the solve and
// the report are in jobs/pinn_solve.cpp). Composes problem (pde/), points (sampling/),
// network (nn/), residual (residuals/pinn_residual), solver (solvers/) and output (io/).
#include "jobs/pinn_job.hpp"

#include "core/finite.hpp"
#include "core/log.hpp"
#include "core/option_values.hpp"
#include "io/file_safety.hpp"
#include "io/h5_read.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace petnet {

std::vector<std::string> PinnProblems() { return PdeProblemNames(); }

std::unique_ptr<Job> CreatePinnJob(MPI_Comm comm, const std::string &problem, RunOutput &out) {
  return std::make_unique<PinnJob>(comm, problem, out);
}

const Choices kPinnMethods = {"homotopy", "homotopy_loss", "adam", "lbfgs", "gauss_newton"};

namespace {

PetscErrorCode ReadOptions(MPI_Comm comm, PinnOptions *o) {
  char hidden[256], parity[256] = "", init[PETSC_MAX_PATH_LEN] = "";
  PetscFunctionBeginUser;
  PetscCall(PetscStrncpy(hidden, o->hidden.c_str(), sizeof hidden));
  PetscOptionsBegin(comm, nullptr, "MLP job", "PinnJob");
  PetscCall(OptionsChoice(PetscOptionsObject, comm, "-method", "Method", "PinnJob", kPinnMethods,
                          &o->method));
  PetscCall(OptionsInt64(PetscOptionsObject, comm, "-seed",
                         "Seed of every random choice (init, random points)", "PinnJob", 0,
                         kMaxSeed, &o->seed));
  PetscCall(PetscOptionsString("-nn_hidden", "Hidden layer widths, e.g. 30,30,30", "PinnJob",
                               hidden, hidden, sizeof hidden, nullptr));
  PetscCall(PetscOptionsString(
      "-nn_parity",
      "Make the network even/odd in each coordinate, e.g. odd,odd (none | even | odd each)",
      "PinnJob", parity, parity, sizeof parity, nullptr));
  PetscBool period_set = PETSC_FALSE;
  PetscCall(OptionsRealList(PetscOptionsObject, "-nn_period",
                            "Period of the network in each coordinate, e.g. 6.283185307179586,0 "
                            "(0: not periodic; first layer on cos, sin of 2 pi x/P)",
                            "PinnJob", &o->period, &period_set));
  PetscCall(PetscOptionsReal("-loss_bc_weight", "Weight lambda of the boundary term in the loss",
                             "PinnJob", o->bc_weight, &o->bc_weight, nullptr));
  PetscCall(PetscOptionsReal(
      "-loss_phase_weight",
      "Weight W of the phase condition rows sqrt(W) <c_k, u - u_a> (c_k: unit vector of du/dx_k "
      "at the last accepted path point u_a); they pin fronts and layers against sliding along "
      "x_k (0: off; only -method homotopy has a path to anchor it)",
      "PinnJob", o->phase_weight, &o->phase_weight, nullptr));
  PetscCall(PetscOptionsBool(
      "-loss_phase_tilt",
      "Phase condition rows for the tilts (x_j - xbar_j) du/dx_k, j != k, as well: they pin "
      "rotations and shears of straight fronts in 2D/3D (none in 1D)",
      "PinnJob", o->phase_tilt, &o->phase_tilt, nullptr));
  PetscCall(PetscOptionsInt("-eval_n", "Evaluation points per dimension for the error", "PinnJob",
                            o->n_eval, &o->n_eval, nullptr));
  PetscCall(PetscOptionsInt("-eval_ny",
                            "2D: evaluation points in the second coordinate (y or t; 0: -eval_n)",
                            "PinnJob", o->n_eval_y, &o->n_eval_y, nullptr));
  PetscCall(PetscOptionsBool("-reference",
                             "Only compute the problem's reference solution and write it",
                             "PinnJob", o->reference_only, &o->reference_only, nullptr));
  PetscCall(PetscOptionsString(
      "-nn_init_file",
      "Start from the parameters (dataset theta) of an earlier run's HDF5 output, same network",
      "PinnJob", init, init, sizeof init, nullptr));
  PetscOptionsEnd();
  o->hidden    = hidden;
  o->parity    = parity;
  o->init_file = init;
  if (!o->init_file.empty()) PetscCall(CheckInputFile(comm, "-nn_init_file", o->init_file));
  PetscCheck(o->bc_weight > 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-loss_bc_weight must be > 0, got %g", o->bc_weight);
  PetscCheck(o->phase_weight >= 0 && std::isfinite(o->phase_weight), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-loss_phase_weight must be >= 0, got %g", o->phase_weight);
  PetscCheck(o->n_eval >= 2, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-eval_n must be >= 2, got %" PetscInt_FMT, o->n_eval);
  PetscCheck(o->n_eval_y == 0 || o->n_eval_y >= 2, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-eval_ny must be 0 or >= 2, got %" PetscInt_FMT, o->n_eval_y);
  if (o->n_eval_y == 0) o->n_eval_y = o->n_eval;
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace

std::string PinnJob::Method() const {
  return opt_.reference_only ? "reference" : kPinnMethods[opt_.method];
}

namespace {

/// printf into a std::string (the outcome's detail lines).
template <class... A> std::string Format(const char *fmt, A... a) {
  char buf[256];
  snprintf(buf, sizeof buf, fmt, a...);
  return buf;
}

} // namespace

SolveOutcome PinnJob::Outcome() const {
  char where[128];
  if (hom_.Reason() == HOMOTOPY_DIVERGED_SIGNAL && method_ == PinnMethod::Homotopy) {
    std::snprintf(where, sizeof where, "at %s = %g after %ld path steps", pde_->ParameterName(),
                  final_.lambda, static_cast<long>(hom_.Steps()));
    return SignalOutcome(hom_.Reason(), ckpt_.StopSignal(), where);
  }
  if (method_ == PinnMethod::HomotopyLoss && hl_.Reason() == HOMOTOPY_DIVERGED_SIGNAL) {
    std::snprintf(where, sizeof where, "at %s = %g after %ld of %ld path steps",
                  pde_->ParameterName(), final_.lambda,
                  static_cast<long>(std::max<size_t>(1, hl_.History().size()) - 1),
                  static_cast<long>(hl_.Path().size()));
    return SignalOutcome(hl_.Reason(), ckpt_.StopSignal(), where);
  }
  if (method_ == PinnMethod::Adam && adam_.Reason() == ADAM_DIVERGED_SIGNAL) {
    std::snprintf(where, sizeof where, "after %ld Adam iterations",
                  static_cast<long>(adam_.StepCount()));
    return SignalOutcome(adam_.Reason(), ckpt_.StopSignal(), where);
  }
  if (method_ == PinnMethod::GaussNewton && gn_res_.reason == GNReason::Signal) {
    std::snprintf(where, sizeof where, "after %ld Gauss-Newton iterations",
                  static_cast<long>(gn_res_.its));
    return SignalOutcome(GN_DIVERGED_SIGNAL, ckpt_.StopSignal(), where);
  }
  if (method_ == PinnMethod::Lbfgs && lbfgs_.Reason() == LBFGS_DIVERGED_SIGNAL) {
    std::snprintf(where, sizeof where, "after %ld L-BFGS iterations",
                  static_cast<long>(lbfgs_.Iterations()));
    return SignalOutcome(lbfgs_.Reason(), ckpt_.StopSignal(), where);
  }
  const char  *n = pde_ ? pde_->ParameterName() : "lambda";
  SolveOutcome o;
  switch (method_) {
  case PinnMethod::Homotopy:
    return MakeOutcome(hom_.Reason(), HomotopyConvergedReasonName(hom_.Reason()),
                       hom_.ReasonDetail());
  case PinnMethod::HomotopyLoss:
    return MakeOutcome(hl_.Reason(), HomotopyConvergedReasonName(hl_.Reason()), hl_.ReasonDetail());
  case PinnMethod::Adam:
    o = MakeOutcome(adam_.Reason(), AdamConvergedReasonName(adam_.Reason()),
                    adam_.ReasonDetail() + Format(" at %s = %g", n, final_.lambda));
    break;
  case PinnMethod::Lbfgs:
    o = MakeOutcome(lbfgs_.Reason(), LbfgsConvergedReasonName(lbfgs_.Reason()),
                    lbfgs_.ReasonDetail() + Format(" at %s = %g", n, final_.lambda));
    break;
  case PinnMethod::GaussNewton: {
    const GaussNewtonConvergedReason r = GNConvergedReason(gn_res_.reason);
    o                                  = MakeOutcome(r, GaussNewtonConvergedReasonName(r),
                                                     Format("%lld iterations, loss %s -> %s at %s = %g",
                                                            static_cast<long long>(gn_res_.its), FiniteText(gn_res_.loss0).c_str(),
                                                            FiniteText(gn_res_.loss).c_str(), n, final_.lambda));
  } break;
  }
  if (o.Converged() && !std::isfinite(final_.loss))
    o = SolveOutcome{-3, "nan", "the final loss is not finite"};
  return o;
}

/// -nn_period against the problem's own periods: a coordinate the domain wraps around in
/// has no boundary rows, so only the network can make u periodic there; it must carry that
/// period (default: the problem's periods).
PetscErrorCode PinnJob::NetworkPeriods() {
  const int d = pde_->Dim();
  PetscFunctionBeginUser;
  PetscCall(CheckPeriods(comm_, d, opt_.period));
  const bool given = !opt_.period.empty();
  if (!given) opt_.period.assign(d, 0.0);
  for (int k = 0; k < d; ++k) {
    const double P = pde_->Period(k);
    if (P <= 0) continue;
    PetscCheck(!given || std::fabs(opt_.period[k] - P) <= 1e-12 * P, comm_, PETSC_ERR_ARG_INCOMP,
               "-nn_period entry %d must be %.16g: %s is periodic in coordinate %d with that "
               "period, got %g",
               k + 1, P, problem_.c_str(), k + 1, opt_.period[k]);
    opt_.period[k] = P;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// The network (widths, parity) and the sampling, with mirror folding where it is exact.
PetscErrorCode PinnJob::SetNetworkFromOptions() {
  std::vector<int> widths;
  PetscFunctionBeginUser;
  const int d = pde_->Dim();
  PetscCall(ParseWidths(comm_, opt_.hidden.c_str(), &widths));
  PetscCall(NetworkPeriods());
  PetscCall(MLPLayout::Create(comm_, d, widths, &layout_, opt_.period));
  if (!opt_.parity.empty()) {
    PetscCall(ParseParity(comm_, opt_.parity.c_str(), d, &parity_));
    PetscCall(layout_.SetParity(comm_, parity_));
  }
  PetscCall(sopt_.SetFromOptions(comm_, d));
  // Folding is exact when the network has a parity and the problem keeps that same
  // parity in each of those coordinates; then it is the default.
  bool foldable = layout_.NumReflections() > 1;
  for (int k = 0; k < d && foldable; ++k)
    if (layout_.InputParity(k) != Parity::None && layout_.InputParity(k) != pde_->Symmetry(k))
      foldable = false;
  PetscCheck(!(sopt_.fold_set && sopt_.fold) || foldable, comm_, PETSC_ERR_ARG_INCOMP,
             "-sample_fold needs -nn_parity set, and %s keeps no such symmetry in the "
             "coordinates it names",
             problem_.c_str());
  fold_ = foldable && (!sopt_.fold_set || sopt_.fold);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// The chosen solver reads (and validates) its options before any work.
PetscErrorCode PinnJob::SetSolverFromOptions() {
  PetscFunctionBeginUser;
  switch (method_) {
  case PinnMethod::Homotopy: PetscCall(hom_.SetFromOptions(comm_, pde_->Continuation())); break;
  case PinnMethod::HomotopyLoss: PetscCall(hl_.SetFromOptions(comm_, pde_->Continuation())); break;
  case PinnMethod::Adam: PetscCall(adam_.SetFromOptions(comm_)); break;
  case PinnMethod::Lbfgs: PetscCall(lbfgs_.SetFromOptions(comm_)); break;
  case PinnMethod::GaussNewton:
    gn_.max_it = 200;
    gn_.atol   = 1e-26;
    PetscCall(gn_.SetFromOptions(comm_, "", "Gauss-Newton/LM training at the target"));
    PetscCall(gn_ls_.SetFromOptions(comm_, ""));
    break;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode PinnJob::SetFromOptions() {
  PetscFunctionBeginUser;
  PetscCall(ReadOptions(comm_, &opt_));
  method_ = static_cast<PinnMethod>(opt_.method);
  PetscCall(CreateProblem(comm_, problem_, &pde_));
  PetscCall(pde_->SetFromOptions(comm_));
  PetscCall(CreateProblemReference(comm_, *pde_, &reference_));
  PetscCall(SetNetworkFromOptions());
  PetscCall(SetSolverFromOptions());
  PetscCall(ckpt_.SetFromOptions(comm_, out_.prefix()));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// The problem's reference solution (e.g. finite differences), if it has one, and the
/// evaluation grid.
PetscErrorCode PinnJob::Reference() {
  std::vector<double>             ru;
  std::vector<unsigned long long> rshape;
  std::string                     what;
  double                          reps = 0, lo[3], hi[3];
  PetscFunctionBeginUser;
  const double t_ref0 = MPI_Wtime();
  PetscCall(reference_->Compute(comm_));
  const double t_ref = MPI_Wtime() - t_ref0;
  if (reference_->Grid(&ru, &rshape, &what, &reps)) {
    out_.AddDataset("reference/u",
                    {rshape.size() == 2 ? "y, x" : "x", "the reference solution on its own grid"},
                    ru, rshape);
    out_.AddDataset("reference/eps", {"value", "the eps the reference was computed for"}, {reps});
    Summary()["reference"]        = what;
    Summary()["reference_wall_s"] = t_ref;
  }
  if (std::isfinite(reference_->ErrorEstimate()))
    Summary()["reference_error"] = reference_->ErrorEstimate();
  PetscCheck(!opt_.reference_only || reference_->Has(pde_->Target()), comm_, PETSC_ERR_SUP,
             "problem %s has no reference solution", problem_.c_str());
  pde_->Bounds(lo, hi);
  grid_ = EvaluationGrid(pde_->Dim(), lo, hi, opt_.n_eval, opt_.n_eval_y);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// Interior and boundary points (folded by the network's parity where that is exact).
PetscErrorCode PinnJob::CreatePoints() {
  const int           d = pde_->Dim();
  double              lo[3], hi[3];
  std::vector<double> ipts, bpts, imult, bmult;
  PetscFunctionBeginUser;
  pde_->Bounds(lo, hi);
  PetscCall(InteriorPoints(comm_, d, lo, hi, sopt_, static_cast<std::uint64_t>(opt_.seed), &ipts));
  if (pde_->HasBoundary()) {
    std::vector<bool> faces;
    for (int k = 0; k < d; ++k)
      for (int side = 0; side < 2; ++side) faces.push_back(pde_->BoundaryFace(k, side));
    PetscCall(BoundaryPoints(comm_, d, lo, hi, sopt_.n_bc, &bpts, faces));
  }
  if (fold_) {
    double scale = 0;
    for (int k = 0; k < d; ++k) scale = std::max(scale, hi[k] - lo[k]);
    FoldByParity(d, parity_, scale, &ipts, &imult);
    FoldByParity(d, parity_, scale, &bpts, &bmult);
  }
  PetscCall(PointSet::Create(comm_, d, ipts, &interior_, false, imult));
  PetscCall(PointSet::Create(comm_, d, bpts, &boundary_, true, bmult));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// Xavier, or the parameters of an earlier run (-nn_init_file).
PetscErrorCode PinnJob::InitialParameters() {
  PetscFunctionBeginUser;
  theta_.assign(layout_.NumParams(), 0.0);
  XavierNormalInit(layout_, static_cast<std::uint64_t>(opt_.seed), theta_.data());
  if (!opt_.init_file.empty())
    PetscCall(ReadParameters(comm_, "-nn_init_file", opt_.init_file, layout_.Describe(), &theta_,
                             layout_.Periods()));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode PinnJob::PrintBanner() {
  PetscFunctionBeginUser;
  PetscCall(PetscPrintf(comm_,
                        "petnet: %s | %s | MLP %s | %" PetscInt_FMT " interior + %" PetscInt_FMT
                        " boundary rows on %d ranks\n",
                        pde_->Describe().c_str(), Method().c_str(), layout_.Describe().c_str(),
                        interior_.GlobalSize(), boundary_.GlobalSize(), Size(comm_)));
  if (fold_)
    PetscCall(PetscPrintf(comm_,
                          "petnet: mirror images folded: %.0f interior and %.0f boundary points "
                          "stand as %" PetscInt_FMT " + %" PetscInt_FMT " rows\n",
                          interior_.TotalMultiplicity(), boundary_.TotalMultiplicity(),
                          interior_.GlobalSize(), boundary_.GlobalSize()));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// Points, residual, initial network, checkpoint identity (and restart).
PetscErrorCode PinnJob::SetUp() {
  PetscFunctionBeginUser;
  PetscCall(CreatePoints());
  // the phase rows follow the tracker's path; the other methods have no anchor for them
  PetscCall(f_.SetPhaseCondition(method_ == PinnMethod::Homotopy ? opt_.phase_weight : 0.0,
                                 opt_.phase_tilt));
  PetscCall(f_.Setup(comm_, pde_.get(), layout_, interior_, boundary_, opt_.bc_weight));
  if (method_ == PinnMethod::HomotopyLoss)
    PetscCall(
        fhl_.Setup(comm_, pde_.get(), layout_, interior_, boundary_, opt_.bc_weight, hl_.Alpha()));
  PetscCall(InitialParameters());
  eval_ = PinnEvaluator{reference_.get(), &f_, grid_, pde_->Dim()};
  // L2RE (printed by both monitors) and the 1D interface position (-hom_monitor only).
  observer_.values = {
      {"l2re", "L2RE", "%.3e", 0.0},
      {"interface_x", method_ == PinnMethod::HomotopyLoss ? "" : "interface", "%.5f", -0.5}};
  observer_.compute = [this](const std::vector<double> &theta, double lambda, double *values) {
    return eval_(theta, lambda, values);
  };
  ckpt_.IdentifyRun(problem_, Method(), static_cast<long>(layout_.NumParams()),
                    static_cast<long>(interior_.GlobalSize() + boundary_.GlobalSize()),
                    static_cast<long>(opt_.seed));
  ckpt_.Identify("network", layout_.Describe()); // widths and parity: the meaning of θ
  ckpt_.Identify(pde_->ParameterName(), pde_->Target());
  if (method_ == PinnMethod::HomotopyLoss) ckpt_.Identify("hl_optimizer", hl_.Optimizer());
  PetscCall(ckpt_.Load());
  PetscCall(PrintBanner());
  Json &js      = Summary();
  js["params"]  = static_cast<long>(layout_.NumParams());
  js["network"] = layout_.Describe();
  js["n_res"]   = static_cast<long>(std::lround(interior_.TotalMultiplicity()));
  js["n_bc"]    = static_cast<long>(std::lround(boundary_.TotalMultiplicity()));
  if (fold_) js["rows_folded"] = static_cast<long>(interior_.GlobalSize() + boundary_.GlobalSize());
  js["metrics"]; // before the solver's keys
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
