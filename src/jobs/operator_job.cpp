// The operator-learning job: -problem burgers_1d_operator | burgers_2d_operator |
// allen_cahn_2d_operator with
// -method homotopy | adam | gauss_newton | evaluate. Physics-informed (unsupervised)
// DeepONet training along the homotopy H(u, s) = (1 − s)(N_ε(s)(u) − f) + s(u − u₀), s: 1 → 0,
// over rows = (GRF input function, grid point) pairs distributed over the ranks; then the
// test: built-in unseen inputs against the problem's references, or the user's
// (-op_test_file). -method evaluate trains nothing: it tests the parameters of an earlier
// run (-nn_init_file RUN.h5).
//
//   mpiexec -n 2 petnet -options_file_yaml inputs/burgers_1d_operator.yaml -output out/b1
//   petnet -options_file_yaml inputs/burgers_1d_operator.yaml -method evaluate
//          -nn_init_file out/b1.h5 -op_test_file mine.h5          (one command line)
#include "jobs/job.hpp"

#include "core/choice.hpp"
#include "core/finite.hpp"
#include "core/log.hpp"
#include "core/option_values.hpp"
#include "core/resources.hpp"
#include "core/session.hpp"
#include "io/checkpoint.hpp"
#include "io/file_safety.hpp"
#include "io/h5_read.hpp"
#include "jobs/operator_test.hpp"
#include "nn/mlp.hpp"
#include "pde/operator_problem.hpp"
#include "reference/operator_reference.hpp"
#include "residuals/operator_residual.hpp"
#include "sampling/grf.hpp"
#include "sampling/space_time_inputs.hpp"
#include "solvers/baselines/adam.hpp"
#include "solvers/gauss_newton.hpp"
#include "solvers/homotopy/homotopy.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

namespace petnet {

std::vector<std::string> OperatorProblems() { return OperatorProblemNames(); }

namespace {

// The choices and their names, in the same order.
enum class OperatorMethod { Homotopy, Adam, GaussNewton, Evaluate };
const Choices kMethods = {"homotopy", "adam", "gauss_newton", "evaluate"};

struct OperatorOptions {
  PetscInt    method  = 0; // index in kMethods
  PetscInt64  seed    = 0;
  PetscInt    n_train = 200, n_test = 100, m = 0, features = 32, adam_s_steps = 20;
  PetscInt    output_tests = -1; // -1: all, up to kOutputTestsValueCap values per dataset
  std::string branch = "64,64", trunk = "64,64";
  std::string init_file, test_file; // -nn_init_file, -op_test_file (empty: none)
  double      bc_weight = 1.0;
};

PetscErrorCode ReadOptions(MPI_Comm comm, int dim, OperatorOptions *o) {
  char branch[256], trunk[256], init[PETSC_MAX_PATH_LEN] = "", tests[PETSC_MAX_PATH_LEN] = "";
  PetscFunctionBeginUser;
  o->m = dim == 1 ? 128 : 33;
  PetscCall(PetscStrncpy(branch, o->branch.c_str(), sizeof branch));
  PetscCall(PetscStrncpy(trunk, o->trunk.c_str(), sizeof trunk));
  PetscOptionsBegin(comm, nullptr, "Operator learning job (DeepONet)", "OperatorJob");
  PetscCall(OptionsChoice(PetscOptionsObject, comm, "-method", "Method", "OperatorJob", kMethods,
                          &o->method));
  PetscCall(OptionsInt64(PetscOptionsObject, comm, "-seed",
                         "Seed of every random choice (inputs, init)", "OperatorJob", 0, kMaxSeed,
                         &o->seed));
  PetscCall(PetscOptionsInt("-op_n_train", "Training input functions", "OperatorJob", o->n_train,
                            &o->n_train, nullptr));
  PetscCall(PetscOptionsInt("-op_n_test", "Unseen test input functions", "OperatorJob", o->n_test,
                            &o->n_test, nullptr));
  PetscCall(PetscOptionsInt("-output_tests",
                            "Test inputs whose prediction, reference and error are saved "
                            "(default: all, up to 2^22 values per dataset)",
                            "OperatorJob", o->output_tests, &o->output_tests, nullptr));
  PetscCall(PetscOptionsInt("-op_m",
                            "Grid points per side: sensors of the branch and collocation points",
                            "OperatorJob", o->m, &o->m, nullptr));
  PetscCall(PetscOptionsString("-nn_branch", "Branch hidden widths", "OperatorJob", branch, branch,
                               sizeof branch, nullptr));
  PetscCall(PetscOptionsString("-nn_trunk", "Trunk hidden widths", "OperatorJob", trunk, trunk,
                               sizeof trunk, nullptr));
  PetscCall(PetscOptionsInt("-nn_features", "Basis functions K (outputs of branch and trunk)",
                            "OperatorJob", o->features, &o->features, nullptr));
  PetscCall(PetscOptionsReal("-loss_bc_weight", "Weight of the boundary rows", "OperatorJob",
                             o->bc_weight, &o->bc_weight, nullptr));
  PetscCall(PetscOptionsString("-nn_init_file",
                               "Start from (-method evaluate: test) the parameters (dataset theta) "
                               "of an earlier run's HDF5 output, same network",
                               "OperatorJob", init, init, sizeof init, nullptr));
  PetscCall(PetscOptionsString("-op_test_file",
                               "Test on these inputs and references (datasets tests/u0, "
                               "tests/reference) instead of the built-in ones",
                               "OperatorJob", tests, tests, sizeof tests, nullptr));
  if (static_cast<OperatorMethod>(o->method) == OperatorMethod::Adam ||
      static_cast<OperatorMethod>(o->method) == OperatorMethod::Evaluate)
    PetscCall(PetscOptionsInt(
        "-adam_s_steps", "Adam baseline: number of equal s steps from 1 to 0 (adam_max_it each)",
        "OperatorJob", o->adam_s_steps, &o->adam_s_steps, nullptr));
  PetscOptionsEnd();
  o->branch    = branch;
  o->trunk     = trunk;
  o->init_file = init;
  o->test_file = tests;
  if (!o->init_file.empty()) PetscCall(CheckInputFile(comm, "-nn_init_file", o->init_file));
  if (!o->test_file.empty()) PetscCall(CheckInputFile(comm, "-op_test_file", o->test_file));
  PetscCheck(o->method != static_cast<PetscInt>(OperatorMethod::Evaluate) ||
                 !o->init_file.empty() || HelpRequested(),
             comm, PETSC_ERR_ARG_WRONG,
             "-method evaluate needs -nn_init_file RUN.h5 (the parameters to test)");
  PetscCheck(o->n_train >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-op_n_train must be >= 1, got %" PetscInt_FMT, o->n_train);
  PetscCheck(o->n_test >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-op_n_test must be >= 1, got %" PetscInt_FMT, o->n_test);
  PetscCheck(o->output_tests >= -1 && (o->output_tests <= o->n_test || !o->test_file.empty()), comm,
             PETSC_ERR_ARG_OUTOFRANGE,
             "-output_tests must be between 0 and -op_n_test %" PetscInt_FMT ", got %" PetscInt_FMT,
             o->n_test, o->output_tests);
  PetscCheck(o->m >= 5, comm, PETSC_ERR_ARG_OUTOFRANGE, "-op_m must be >= 5, got %" PetscInt_FMT,
             o->m);
  long long rows = std::max(o->n_train, o->n_test); // (function, point) rows: n × m^dim
  for (int k = 0; k < dim && rows <= PETSC_MAX_INT; ++k) rows *= o->m;
  PetscCheck(rows <= PETSC_MAX_INT, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-op_n_train/-op_n_test %" PetscInt_FMT " x -op_m %" PetscInt_FMT
             "^%d rows exceed %d (32-bit indices)",
             std::max(o->n_train, o->n_test), o->m, dim, static_cast<int>(PETSC_MAX_INT));
  PetscCheck(o->features >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "-nn_features must be >= 1");
  PetscCheck(o->bc_weight > 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-loss_bc_weight must be > 0, got %g", o->bc_weight);
  PetscCheck(o->adam_s_steps >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "-adam_s_steps must be >= 1");
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// Sets an option only when the user has not: job-level defaults for solvers whose
/// own defaults suit dense PINN Jacobians (the operator residual is matrix-free).
PetscErrorCode DefaultOption(const char *name, const char *value) {
  PetscBool set;
  PetscFunctionBeginUser;
  PetscCall(PetscOptionsHasName(nullptr, nullptr, name, &set));
  if (!set) PetscCall(PetscOptionsSetValue(nullptr, name, value));
  PetscFunctionReturn(PETSC_SUCCESS);
}

class OperatorJob : public Job {
public:
  using Job::Job;
  std::string    Method() const override { return kMethods[opt_.method]; }
  SolveOutcome   Outcome() const override;
  PetscErrorCode SetFromOptions() override;
  PetscErrorCode SetUp() override;
  PetscErrorCode Solve() override;
  PetscErrorCode Evaluate() override;
  PetscErrorCode Summarize(double wall) override;
  PetscErrorCode AddDatasets() override;

private:
  PetscErrorCode SetUpProblem();
  PetscErrorCode SetSolverOptions();
  PetscErrorCode SolveHomotopy();
  PetscErrorCode SolveAdam();
  PetscErrorCode SolveGaussNewton();
  PetscErrorCode SolveEvaluate();
  PetscErrorCode LossAt(double s, double *loss);

  const std::vector<double> &Grid() const { return pde_->SpaceTime() ? st_.Grid() : grf_.Grid(); }

  OperatorOptions                  opt_;
  OperatorMethod                   method_ = OperatorMethod::Homotopy;
  std::unique_ptr<OperatorProblem> pde_;
  GaussianRandomField              grf_;
  SpaceTimeInputs                  st_; // a space-time problem's inputs and grid instead
  DeepONetLayout                   layout_;
  HomotopySolver                   hom_;
  AdamSolver                       adam_;
  GaussNewtonOptions               gn_;
  GNResult                         gn_res_;        // how -method gauss_newton ended
  PetscInt                         adam_step_ = 0; ///< the s step Adam is (or was last) on
  LeastSquares                     gn_ls_;
  Checkpoint                       ckpt_;
  std::uint64_t                    data_seed_ = 0;
  InputProvider                    inputs_;
  OperatorResidual                 f_;
  std::vector<double>              theta_;
  // results
  double              final_loss_ = 0, t_train_ = 0, cpu_train_ = 0, adam_s_ = 1;
  std::vector<double> h_s_, h_loss_, h_its_, hist_; // the homotopy path, Adam's losses
  OperatorTest        test_;
  OperatorTestSet     given_; // -op_test_file
  std::unique_ptr<OperatorReference> reference_;
};

/// The problem, its ε(s) schedule and reference solvers, the input field and the network.
PetscErrorCode OperatorJob::SetUpProblem() {
  std::vector<int> bw, tw;
  GrfOptions       gopt;
  PetscFunctionBeginUser;
  PetscCall(pde_->SetFromOptions(comm_));
  PetscCall(pde_->SetScheduleFromOptions(comm_));
  PetscCall(CreateOperatorReference(comm_, *pde_, opt_.m, &reference_));
  PetscCall(ParseWidths(comm_, opt_.branch.c_str(), &bw));
  PetscCall(ParseWidths(comm_, opt_.trunk.c_str(), &tw));
  if (pde_->SpaceTime()) { // inputs u₀(x), a trunk on (x, t) periodic in x
    PetscCall(st_.Setup(comm_, opt_.m));
    PetscCall(DeepONetLayout::Create(comm_, static_cast<int>(st_.Sensors()), pde_->Dim(), bw, tw,
                                     static_cast<int>(opt_.features), &layout_,
                                     pde_->Hi() - pde_->Lo()));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  gopt.dim = pde_->Dim();
  gopt.m   = opt_.m;
  gopt.lo  = pde_->Lo();
  gopt.hi  = pde_->Hi();
  PetscCall(gopt.SetFromOptions(comm_, "grf_"));
  PetscCall(grf_.Setup(comm_, gopt));
  PetscCall(DeepONetLayout::Create(comm_, static_cast<int>(grf_.Size()), pde_->Dim(), bw, tw,
                                   static_cast<int>(opt_.features), &layout_));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// The chosen solver's options, with the job's defaults for a matrix-free residual
/// (-method evaluate: every training method's, read and checked, so that the deck a run
/// was trained with can test it).
PetscErrorCode OperatorJob::SetSolverOptions() {
  PetscFunctionBeginUser;
  switch (method_) {
  case OperatorMethod::Homotopy:
    PetscCall(DefaultOption("-hom_ls_type", "lsqr"));
    PetscCall(DefaultOption("-hom_ls_matfree", "true"));
    PetscCall(DefaultOption("-hom_ls_metric", "0"));
    PetscCall(DefaultOption("-hom_phase1_ls_type", "lsqr"));
    PetscCall(DefaultOption("-hom_phase1_ls_matfree", "true"));
    PetscCall(hom_.SetFromOptions(comm_, pde_->Continuation()));
    break;
  case OperatorMethod::Adam: PetscCall(adam_.SetFromOptions(comm_)); break;
  case OperatorMethod::GaussNewton:
    PetscCall(DefaultOption("-ls_type", "lsqr"));
    PetscCall(DefaultOption("-ls_matfree", "true"));
    gn_.max_it = 200;
    gn_.atol   = 1e-26;
    PetscCall(gn_.SetFromOptions(comm_, "", "Gauss-Newton/LM training at s = 0"));
    PetscCall(gn_ls_.SetFromOptions(comm_, ""));
    break;
  case OperatorMethod::Evaluate: // trains nothing, but the training deck stays valid
    for (OperatorMethod m :
         {OperatorMethod::Homotopy, OperatorMethod::Adam, OperatorMethod::GaussNewton}) {
      method_ = m;
      PetscCall(SetSolverOptions());
    }
    method_ = OperatorMethod::Evaluate;
    break;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OperatorJob::SetFromOptions() {
  PetscFunctionBeginUser;
  PetscCall(CreateOperatorProblem(comm_, problem_, &pde_));
  PetscCall(ReadOptions(comm_, pde_->Dim(), &opt_));
  method_ = static_cast<OperatorMethod>(opt_.method);
  PetscCall(SetUpProblem());
  if (!opt_.test_file.empty()) { // read now: a bad file fails before any work
    PetscCall(given_.Read(comm_, opt_.test_file, pde_->SpaceTime() ? 1 : pde_->Dim(), opt_.m,
                          pde_->Dim()));
    opt_.n_test = given_.n;
    PetscCheck(opt_.output_tests <= opt_.n_test, comm_, PETSC_ERR_ARG_OUTOFRANGE,
               "-output_tests must be between 0 and the %" PetscInt_FMT
               " test inputs of -op_test_file, got %" PetscInt_FMT,
               opt_.n_test, opt_.output_tests);
  }
  PetscCall(SetSolverOptions());
  PetscCall(ckpt_.SetFromOptions(comm_, out_.prefix()));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// Grid points (sensors = collocation points), boundary flags, the residual, θ.
PetscErrorCode OperatorJob::SetUp() {
  std::vector<double> pts;
  std::vector<char>   bnd;
  PetscFunctionBeginUser;
  const PetscInt P = pde_->SpaceTime() ? st_.Size() : grf_.Size();
  data_seed_       = 1000003ULL * static_cast<std::uint64_t>(opt_.seed) + 17;
  if (pde_->SpaceTime()) {
    st_.GridPoints(&pts, &bnd);
    inputs_ = st_.Provider(data_seed_);
  } else {
    grf_.GridPoints(&pts, &bnd);
    inputs_ = [this, P](std::int64_t idx, double *sens, double *atp) {
      grf_.Sample(data_seed_, idx, sens);
      for (PetscInt q = 0; q < P; ++q) atp[q] = sens[q];
    };
  }
  PetscCall(f_.Setup(comm_, pde_.get(), layout_, pts, bnd, opt_.n_train, inputs_, opt_.bc_weight));
  theta_.assign(layout_.NumParams(), 0.0);
  XavierNormalInit(layout_, static_cast<std::uint64_t>(opt_.seed), theta_.data());
  if (!opt_.init_file.empty())
    PetscCall(ReadParameters(comm_, "-nn_init_file", opt_.init_file, layout_.Describe(), &theta_));
  ckpt_.IdentifyRun(problem_, Method(), static_cast<long>(layout_.NumParams()),
                    static_cast<long>(f_.GlobalRows()), static_cast<long>(opt_.seed));
  ckpt_.Identify("eps", pde_->Epsilon());
  PetscCall(ckpt_.Load());
  PetscCall(PetscPrintf(comm_,
                        "petnet: %s | %s | DeepONet %s | %" PetscInt_FMT
                        " functions x %" PetscInt_FMT " points = %" PetscInt_FMT
                        " rows on %d ranks\n",
                        pde_->Describe().c_str(), Method().c_str(), layout_.Describe().c_str(),
                        opt_.n_train, P, f_.GlobalRows(), Size(comm_)));
  Json &js      = Summary();
  js["params"]  = static_cast<long>(layout_.NumParams());
  js["network"] = layout_.Describe();
  js["rows"]    = static_cast<long>(f_.GlobalRows());
  js["n_train"] = static_cast<long>(opt_.n_train);
  js["n_test"]  = static_cast<long>(opt_.n_test);
  js["eps"]     = pde_->Epsilon();
  if (!opt_.init_file.empty()) js["nn_init_file"] = opt_.init_file;
  if (!opt_.test_file.empty()) js["op_test_file"] = opt_.test_file;
  js["metrics"]; // before the solver's keys
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OperatorJob::SolveHomotopy() {
  Json &js = Summary(), &metrics = js["metrics"];
  PetscFunctionBeginUser;
  PetscCall(hom_.Solve(f_, theta_, PathObserver(), &ckpt_));
  final_loss_ = hom_.History().empty() ? NAN : hom_.History().back().loss; // empty: phase I failed
  for (auto &pt : hom_.History()) {
    h_s_.push_back(pt.lambda);
    h_loss_.push_back(pt.loss);
    h_its_.push_back(static_cast<double>(pt.corrector_its));
  }
  js["path_s"]    = Json::NumberArray(h_s_);
  js["path_loss"] = Json::NumberArray(h_loss_);
  AddHomotopyMetrics(hom_, &metrics);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// The paper's baseline: Adam on the homotopy loss, s lowered in equal steps (one
/// optimizer throughout: its moments carry over from one s to the next).
PetscErrorCode OperatorJob::SolveAdam() {
  PetscInt                     k0 = 1;
  std::unique_ptr<SolverState> rs = ckpt_.TakeResume();
  PetscFunctionBeginUser;
  if (rs) PetscCall(rs->Get(comm_, "op/s_step", &k0));
  PetscCall(PetscLogStagePush(Log::training));
  for (PetscInt k = k0; k <= opt_.adam_s_steps; ++k) {
    const double s = 1.0 - static_cast<double>(k) / opt_.adam_s_steps;
    NestedKeeper nk(
        &ckpt_, "adam",
        [k](SolverState *st) {
          st->Put("op/s_step", static_cast<double>(k));
          return PETSC_SUCCESS;
        },
        rs && k == k0 ? rs->Sub("adam") : nullptr);
    adam_step_ = k;
    PetscCall(adam_.Solve(f_, s, theta_, &hist_, &nk));
    adam_s_ = s;
    if (adam_.Reason() == ADAM_DIVERGED_SIGNAL) break; // stopped inside this s step
    if (adam_.Options().monitor.On())                  // where -adam_monitor points
      PetscCall(PetscViewerASCIIPrintf(adam_.Options().monitor.Viewer(),
                                       "adam s = %.4f loss %.6e\n", s, hist_.back()));
    if (adam_.Reason() < 0) break; // diverged: θ is its last good iterate
  }
  PetscCall(PetscLogStagePop());
  final_loss_ = adam_.StopLoss();
  if (adam_.Reason() == ADAM_DIVERGED_SIGNAL) // stopped after a step: the loss at the new θ
    PetscCall(LossAt(adam_s_, &final_loss_));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OperatorJob::SolveGaussNewton() {
  PetscFunctionBeginUser;
  PetscCall(PetscLogStagePush(Log::training));
  PetscCall(GaussNewtonSolve(f_, gn_ls_, gn_, 0.0, theta_, &gn_res_, "GN", &ckpt_));
  PetscCall(PetscLogStagePop());
  final_loss_                    = gn_res_.loss;
  Summary()["metrics"]["gn_its"] = static_cast<long>(gn_res_.its);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// The training loss of θ at homotopy parameter s.
PetscErrorCode OperatorJob::LossAt(double s, double *loss) {
  Vec r;
  PetscFunctionBeginUser;
  PetscCall(f_.CreateRowVec(&r));
  PetscCall(f_.SetPoint(theta_.data(), s));
  PetscCall(f_.Loss(r, loss));
  PetscCall(VecDestroy(&r));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// No training: the loss of the given parameters at s = 0 (the trained operator's loss).
PetscErrorCode OperatorJob::SolveEvaluate() { return LossAt(0.0, &final_loss_); }

PetscErrorCode OperatorJob::Solve() {
  PetscFunctionBeginUser;
  const double t_train0 = MPI_Wtime(), cpu_train0 = ProcessCpuSeconds();
  switch (method_) {
  case OperatorMethod::Homotopy: PetscCall(SolveHomotopy()); break;
  case OperatorMethod::Adam: PetscCall(SolveAdam()); break;
  case OperatorMethod::GaussNewton: PetscCall(SolveGaussNewton()); break;
  case OperatorMethod::Evaluate: PetscCall(SolveEvaluate()); break;
  }
  t_train_   = MPI_Wtime() - t_train0;
  cpu_train_ = ProcessCpuSeconds() - cpu_train0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// Unseen inputs (indices after the training set), split over ranks, against references.
PetscErrorCode OperatorJob::Evaluate() {
  PetscFunctionBeginUser;
  PetscCall(test_.Run(comm_, *pde_, *reference_, Grid(), f_, inputs_, theta_, opt_.n_train,
                      opt_.n_test, opt_.m, given_));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OperatorJob::Summarize(double wall) {
  Json &js = Summary(), &metrics = js["metrics"];
  PetscFunctionBeginUser;
  const bool one_d = pde_->Dim() == 1, unique = test_.UniqueReference();
  js["train_s"]        = t_train_;
  metrics["loss"]      = final_loss_;
  metrics["l2re_mean"] = test_.l2re_mean;
  metrics["l2re_max"]  = test_.l2re_max;
  if (opt_.test_file.empty()) metrics["ref_grid_error"] = test_.grid_err; // else: the user's
  if (one_d) metrics["shock_mse"] = test_.shock_mse;
  test_.ReferenceMetrics(metrics);
  metrics["residual_bytes_per_rank"] = f_.MemoryBytes();
  PetscCall(ScaleMetrics(comm_, f_.Counters(), t_train_, cpu_train_,
                         metrics)); // peak memory of the whole run
  ckpt_.Summarize(js);
  PetscCall(PetscPrintf(
      comm_, "petnet: final loss = %s  test L2RE mean = %s (max %s) over %" PetscInt_FMT " inputs",
      FiniteText(final_loss_).c_str(), FiniteText(test_.l2re_mean).c_str(),
      FiniteText(test_.l2re_max).c_str(), opt_.n_test));
  if (test_.nonfinite > 0)
    PetscCall(PetscPrintf(comm_, " (%" PetscInt_FMT " not finite)", test_.nonfinite));
  if (one_d) PetscCall(PetscPrintf(comm_, "  shock MSE = %s", FiniteText(test_.shock_mse).c_str()));
  if (!unique)
    PetscCall(PetscPrintf(comm_, "  reference spread over inputs %.1e (relative L2 %.2g)",
                          test_.ref_spread, test_.ref_spread_l2));
  if (test_.uniqueness >= 0) PetscCall(PetscPrintf(comm_, "  starts %.1e", test_.uniqueness));
  if (opt_.test_file.empty())
    PetscCall(PetscPrintf(comm_, "  reference grid error %.1e", test_.grid_err));
  else PetscCall(PetscPrintf(comm_, "  references of %s", opt_.test_file.c_str()));
  PetscCall(PetscPrintf(comm_, "  wall %.2f s\n", wall));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OperatorJob::AddDatasets() {
  PetscFunctionBeginUser;
  switch (method_) {
  case OperatorMethod::Homotopy:
    out_.AddDataset("path/s", {"path point", "the homotopy parameter s at each path point"}, h_s_);
    out_.AddDataset("path/loss", {"path point", "the training loss at each path point"}, h_loss_);
    out_.AddDataset("path/corrector_its",
                    {"path point", "corrector iterations spent on each path point"}, h_its_);
    break;
  case OperatorMethod::Adam:
    out_.AddDataset("history/loss", {"iteration", "the training loss after each Adam step"}, hist_);
    break;
  case OperatorMethod::GaussNewton:
  case OperatorMethod::Evaluate: break;
  }
  out_.AddDataset("theta", {"parameter", "the DeepONet's final parameters"}, theta_);
  out_.AddDataset(
      "grid",
      {"node",
       "the sensor and output grid in each direction (2D: the same in x and y, or x and t)"},
      Grid());
  const PetscInt P = f_.Points();
  const PetscInt n_out =
      opt_.output_tests >= 0
          ? opt_.output_tests
          : std::min(opt_.n_test, std::max<PetscInt>(1, kOutputTestsValueCap / P));
  Summary()["output_tests"] = static_cast<long>(n_out);
  if (out_.enabled()) PetscCall(test_.AddDatasets(comm_, pde_->Dim(), opt_.m, P, n_out, out_));
  if (pde_->Dim() == 2 && !pde_->SpaceTime() && n_out > 0) { // the XDMF sidecar's grids
    out_.AddXdmfGrid({"test0",
                      grf_.Grid(),
                      grf_.Grid(),
                      {"test0/u0", "test0/u", "test0/reference", "test0/error"}});
    for (PetscInt k = 1; k < n_out; ++k)
      out_.AddXdmfGrid({"test" + std::to_string(k),
                        grf_.Grid(),
                        grf_.Grid(),
                        {"tests/u0", "tests/u", "tests/reference", "tests/error"},
                        k,
                        n_out});
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

SolveOutcome OperatorJob::Outcome() const {
  SolveOutcome o;
  char         buf[160];
  if (method_ == OperatorMethod::Homotopy && hom_.Reason() == HOMOTOPY_DIVERGED_SIGNAL) {
    std::snprintf(buf, sizeof buf, "at s = %g after %ld path steps", hom_.History().back().lambda,
                  static_cast<long>(hom_.Steps()));
    return SignalOutcome(hom_.Reason(), ckpt_.StopSignal(), buf);
  }
  if (method_ == OperatorMethod::Adam && adam_.Reason() == ADAM_DIVERGED_SIGNAL) {
    std::snprintf(buf, sizeof buf, "at s = %g after %ld Adam iterations", adam_s_,
                  static_cast<long>(adam_.StepCount()));
    return SignalOutcome(adam_.Reason(), ckpt_.StopSignal(), buf);
  }
  if (method_ == OperatorMethod::GaussNewton && gn_res_.reason == GNReason::Signal) {
    std::snprintf(buf, sizeof buf, "after %ld Gauss-Newton iterations",
                  static_cast<long>(gn_res_.its));
    return SignalOutcome(GN_DIVERGED_SIGNAL, ckpt_.StopSignal(), buf);
  }
  switch (method_) {
  case OperatorMethod::Homotopy:
    o = MakeOutcome(hom_.Reason(), HomotopyConvergedReasonName(hom_.Reason()), hom_.ReasonDetail());
    break;
  case OperatorMethod::Adam:
    snprintf(buf, sizeof buf, " in s step %lld of %lld", static_cast<long long>(adam_step_),
             static_cast<long long>(opt_.adam_s_steps));
    o = MakeOutcome(adam_.Reason(), AdamConvergedReasonName(adam_.Reason()),
                    adam_.ReasonDetail() + buf);
    break;
  case OperatorMethod::GaussNewton: {
    const GaussNewtonConvergedReason r = GNConvergedReason(gn_res_.reason);
    snprintf(buf, sizeof buf, "%lld iterations, loss %.3e -> %.3e",
             static_cast<long long>(gn_res_.its), gn_res_.loss0, gn_res_.loss);
    o = MakeOutcome(r, GaussNewtonConvergedReasonName(r), buf);
  } break;
  case OperatorMethod::Evaluate:
    o = SolveOutcome{1, "evaluated", "no training: the parameters of " + opt_.init_file};
    break;
  }
  if (o.Converged() && !std::isfinite(final_loss_))
    o = SolveOutcome{-3, "nan", "the final loss is not finite"};
  if (o.Converged() && test_.nonfinite > 0) {
    snprintf(buf, sizeof buf, "the test error is not finite on %lld of %lld inputs",
             static_cast<long long>(test_.nonfinite), static_cast<long long>(opt_.n_test));
    o = SolveOutcome{-3, "nan", buf};
  }
  return o;
}

} // namespace

std::unique_ptr<Job> CreateOperatorJob(MPI_Comm comm, const std::string &problem, RunOutput &out) {
  return std::make_unique<OperatorJob>(comm, problem, out);
}

} // namespace petnet
