// The operator-learning job: -problem burgers_1d_operator | burgers_2d_operator |
// allen_cahn_2d_operator with
// -method homotopy | adam | gauss_newton. Physics-informed (unsupervised) DeepONet
// training along the homotopy H(u, s) = (1 − s)(N_ε(s)(u) − f) + s(u − u₀), s: 1 → 0,
// over rows = (GRF input function, grid point) pairs distributed over the ranks.
//
//   mpiexec -n 2 petnet -options_file_yaml inputs/burgers_1d_operator.yaml -output out/b1
#include "jobs/job.hpp"

#include "core/log.hpp"
#include "core/resources.hpp"
#include "core/session.hpp"
#include "io/checkpoint.hpp"
#include "nn/mlp.hpp"
#include "residuals/operator_residual.hpp"
#include "pde/operator_problem.hpp"
#include "sampling/grf.hpp"
#include "solvers/baselines/adam.hpp"
#include "solvers/gauss_newton.hpp"
#include "solvers/homotopy/homotopy.hpp"

#include <cmath>
#include <memory>

namespace petnet {

std::vector<std::string> OperatorProblems() { return OperatorProblemNames(); }

namespace {

struct OperatorOptions {
  std::string method = "homotopy";
  PetscInt    seed = 0, n_train = 200, n_test = 100, m = 0, features = 32, adam_s_steps = 20;
  std::string branch = "64,64", trunk = "64,64";
  double      bc_weight = 1.0;
};

PetscErrorCode ReadOptions(MPI_Comm comm, int dim, OperatorOptions *o) {
  char method[64], branch[256], trunk[256];
  PetscFunctionBeginUser;
  o->m = dim == 1 ? 128 : 33;
  PetscCall(PetscStrncpy(method, o->method.c_str(), sizeof method));
  PetscCall(PetscStrncpy(branch, o->branch.c_str(), sizeof branch));
  PetscCall(PetscStrncpy(trunk, o->trunk.c_str(), sizeof trunk));
  PetscOptionsBegin(comm, nullptr, "Operator learning job (DeepONet)", "OperatorJob");
  PetscCall(PetscOptionsString("-method", "homotopy | adam | gauss_newton", "OperatorJob", method, method, sizeof method,
                               nullptr));
  PetscCall(PetscOptionsInt("-seed", "Seed of every random choice (inputs, init)", "OperatorJob", o->seed, &o->seed, nullptr));
  PetscCall(PetscOptionsInt("-op_n_train", "Training input functions", "OperatorJob", o->n_train, &o->n_train, nullptr));
  PetscCall(PetscOptionsInt("-op_n_test", "Unseen test input functions", "OperatorJob", o->n_test, &o->n_test, nullptr));
  PetscCall(PetscOptionsInt("-op_m", "Grid points per side: sensors of the branch and collocation points", "OperatorJob",
                            o->m, &o->m, nullptr));
  PetscCall(PetscOptionsString("-nn_branch", "Branch hidden widths", "OperatorJob", branch, branch, sizeof branch, nullptr));
  PetscCall(PetscOptionsString("-nn_trunk", "Trunk hidden widths", "OperatorJob", trunk, trunk, sizeof trunk, nullptr));
  PetscCall(PetscOptionsInt("-nn_features", "Basis functions K (outputs of branch and trunk)", "OperatorJob", o->features,
                            &o->features, nullptr));
  PetscCall(PetscOptionsReal("-loss_bc_weight", "Weight of the boundary rows", "OperatorJob", o->bc_weight, &o->bc_weight,
                             nullptr));
  if (std::string(method) == "adam")
    PetscCall(PetscOptionsInt("-adam_s_steps", "Adam baseline: number of equal s steps from 1 to 0 (adam_max_it each)",
                              "OperatorJob", o->adam_s_steps, &o->adam_s_steps, nullptr));
  PetscOptionsEnd();
  o->method = method;
  o->branch = branch;
  o->trunk  = trunk;
  PetscCheck(o->method == "homotopy" || o->method == "adam" || o->method == "gauss_newton", comm,
             PETSC_ERR_ARG_UNKNOWN_TYPE, "unknown -method %s (homotopy, adam, gauss_newton)", method);
  PetscCheck(o->seed >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-seed must be >= 0");
  PetscCheck(o->n_train >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "-op_n_train must be >= 1, got %" PetscInt_FMT, o->n_train);
  PetscCheck(o->n_test >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "-op_n_test must be >= 1, got %" PetscInt_FMT, o->n_test);
  PetscCheck(o->m >= 5, comm, PETSC_ERR_ARG_OUTOFRANGE, "-op_m must be >= 5, got %" PetscInt_FMT, o->m);
  PetscCheck(o->features >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "-nn_features must be >= 1");
  PetscCheck(o->bc_weight > 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-loss_bc_weight must be > 0, got %g", o->bc_weight);
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

/// Zero crossing from + to − nearest the middle (the shock), linear interpolation; −1 if none.
double ShockLocation(const std::vector<double> &x, const double *u, PetscInt m) {
  double best = -1, mid = 0.5 * (x.front() + x.back());
  for (PetscInt q = 0; q + 1 < m; ++q)
    if (u[q] > 0 && u[q + 1] <= 0) {
      const double xs = x[q] + (x[q + 1] - x[q]) * u[q] / (u[q] - u[q + 1]);
      if (best < 0 || std::fabs(xs - mid) < std::fabs(best - mid)) best = xs;
    }
  return best;
}

/// Work and time of the training (the scale figures): linearizations (Gauss–Newton,
/// predictor and corrector least-squares setups), J·v and Jᵀ·w products (one each per
/// LSQR iteration, plus one or two per solve: LSQR's start Jᵀb, the model decrease
/// J x), seconds per linearization and per Jᵀ·w product ("per LSQR iteration"), the allreduce's share (it includes waiting for the
/// slowest rank), the training's CPU seconds per Jᵀ·w product (a rank's work, robust to
/// cores shared with other jobs; MPI's busy waiting counts as work), and the peak resident
/// memory per rank so far. Times are the slowest rank's.
PetscErrorCode ScaleMetrics(MPI_Comm comm, const OperatorCounters &c, double t_train, double cpu_train, Json &metrics) {
  double t[5] = {c.jv_s, c.jtw_s, c.allreduce_s, t_train, cpu_train}, tmax[5], rss_max, rss_sum;
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Allreduce(t, tmax, 5, MPI_DOUBLE, MPI_MAX, comm));
  PetscCall(PeakResidentBytes(comm, &rss_max, &rss_sum));
  const double its = static_cast<double>(c.jtw > 0 ? c.jtw : 1), lin = static_cast<double>(c.linearizations > 0 ? c.linearizations : 1);
  metrics["linearizations"]             = c.linearizations;
  metrics["jtw_products"]               = c.jtw;
  metrics["jv_products"]                = c.jv;
  metrics["s_per_linearization"]        = tmax[3] / lin;
  metrics["s_per_lsqr_it"]              = tmax[3] / its;
  metrics["cpu_s_per_lsqr_it"]          = tmax[4] / its;
  metrics["products_s_per_lsqr_it"]     = (tmax[0] + tmax[1]) / its;
  metrics["allreduce_s_per_lsqr_it"]    = tmax[2] / its;
  metrics["peak_rss_bytes_max_rank"]    = rss_max;
  metrics["peak_rss_bytes_all_ranks"]   = rss_sum;
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace

PetscErrorCode RunOperatorJob(MPI_Comm comm, const std::string &name, RunOutput &out) {
  OperatorOptions                  opt;
  std::unique_ptr<OperatorProblem> problem;
  PetscFunctionBeginUser;
  const double t0 = MPI_Wtime();
  PetscCall(PetscLogStagePush(Log::setup));
  PetscCall(CreateOperatorProblem(comm, name, &problem));
  const int d = problem->Dim();
  PetscCall(ReadOptions(comm, d, &opt));
  PetscCall(problem->SetFromOptions(comm));
  PetscCall(problem->SetScheduleFromOptions(comm));
  PetscCall(problem->Prepare(comm, opt.m));
  GrfOptions gopt;
  gopt.dim = d;
  gopt.m   = opt.m;
  gopt.lo  = problem->Lo();
  gopt.hi  = problem->Hi();
  PetscCall(gopt.SetFromOptions(comm, "grf_"));
  std::vector<int> bw, tw;
  PetscCall(ParseWidths(comm, opt.branch.c_str(), &bw));
  PetscCall(ParseWidths(comm, opt.trunk.c_str(), &tw));
  GaussianRandomField grf;
  PetscCall(grf.Setup(comm, gopt));
  DeepONetLayout layout;
  PetscCall(DeepONetLayout::Create(comm, static_cast<int>(grf.Size()), d, bw, tw, static_cast<int>(opt.features), &layout));

  HomotopySolver     hom;
  AdamSolver         adam;
  GaussNewtonOptions gn;
  LeastSquares       gn_ls;
  if (opt.method == "homotopy") {
    PetscCall(DefaultOption("-hom_ls_type", "lsqr"));
    PetscCall(DefaultOption("-hom_ls_matfree", "true"));
    PetscCall(DefaultOption("-hom_ls_metric", "0"));
    PetscCall(DefaultOption("-hom_phase1_ls_type", "lsqr"));
    PetscCall(DefaultOption("-hom_phase1_ls_matfree", "true"));
    PetscCall(hom.SetFromOptions(comm, problem->Continuation()));
  } else if (opt.method == "adam") PetscCall(adam.SetFromOptions(comm));
  else {
    PetscCall(DefaultOption("-ls_type", "lsqr"));
    PetscCall(DefaultOption("-ls_matfree", "true"));
    gn.max_it = 200;
    gn.atol   = 1e-26;
    PetscCall(gn.SetFromOptions(comm, "", "Gauss-Newton/LM training at s = 0"));
    PetscCall(gn_ls.SetFromOptions(comm, ""));
  }
  Checkpoint ckpt;
  PetscCall(ckpt.SetFromOptions(comm, out.prefix()));
  PetscCall(PetscLogStagePop());
  if (HelpRequested()) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(CheckUnusedOptions(comm));

  // Grid points (sensors = collocation points), boundary flags.
  PetscCall(PetscLogStagePush(Log::setup));
  const std::vector<double> &g1 = grf.Grid();
  const PetscInt             m = opt.m, P = grf.Size();
  std::vector<double>        pts;
  std::vector<char>          bnd;
  grf.GridPoints(&pts, &bnd);
  const std::uint64_t data_seed = 1000003ULL * static_cast<std::uint64_t>(opt.seed) + 17;
  InputProvider inputs = [&](std::int64_t idx, double *sens, double *atp) {
    grf.Sample(data_seed, idx, sens);
    for (PetscInt q = 0; q < P; ++q) atp[q] = sens[q];
  };
  OperatorResidual f;
  PetscCall(f.Setup(comm, problem.get(), layout, pts, bnd, opt.n_train, inputs, opt.bc_weight));
  std::vector<double> theta(layout.NumParams());
  XavierNormalInit(layout, static_cast<std::uint64_t>(opt.seed), theta.data());
  ckpt.IdentifyRun(name, opt.method, static_cast<long>(layout.NumParams()), static_cast<long>(f.GlobalRows()),
                   static_cast<long>(opt.seed));
  ckpt.Identify("eps", problem->Epsilon());
  PetscCall(ckpt.Load());
  PetscCall(PetscLogStagePop());

  PetscCall(PetscPrintf(comm,
                        "petnet: %s | %s | DeepONet %s | %" PetscInt_FMT " functions x %" PetscInt_FMT
                        " points = %" PetscInt_FMT " rows on %d ranks\n",
                        problem->Describe().c_str(), opt.method.c_str(), layout.Describe().c_str(), opt.n_train, P,
                        f.GlobalRows(), Size(comm)));

  Json &js      = out.summary();
  js["problem"] = name;
  js["method"]  = opt.method;
  js["ranks"]   = Size(comm);
  js["params"]  = static_cast<long>(layout.NumParams());
  js["network"] = layout.Describe();
  js["rows"]    = static_cast<long>(f.GlobalRows());
  js["n_train"] = static_cast<long>(opt.n_train);
  js["n_test"]  = static_cast<long>(opt.n_test);
  js["eps"]     = problem->Epsilon();
  Json &metrics = js["metrics"];
  double final_loss = 0;
  const double t_train0 = MPI_Wtime(), cpu_train0 = ProcessCpuSeconds();

  if (opt.method == "homotopy") {
    PetscCall(hom.Solve(f, theta, PathObserver(), &ckpt));
    final_loss = hom.History().back().loss;
    std::vector<double> h_s, h_loss, h_its;
    for (auto &pt : hom.History()) {
      h_s.push_back(pt.lambda);
      h_loss.push_back(pt.loss);
      h_its.push_back(static_cast<double>(pt.corrector_its));
    }
    out.AddDataset("path/s", h_s);
    out.AddDataset("path/loss", h_loss);
    out.AddDataset("path/corrector_its", h_its);
    js["path_s"]            = Json::NumberArray(h_s);
    js["path_loss"]         = Json::NumberArray(h_loss);
    metrics["steps"]        = static_cast<long>(hom.Steps());
    metrics["rejected"]     = static_cast<long>(hom.Rejected());
    metrics["phase1_its"]   = static_cast<long>(hom.PhaseI().its);
    metrics["phase1_loss"]  = hom.PhaseI().loss;
    metrics["converged_reason"]      = HomotopyConvergedReasonName(hom.Reason());
    metrics["converged_reason_code"] = static_cast<long>(hom.Reason());
  } else if (opt.method == "adam") {
    // The paper's baseline: Adam on the homotopy loss, s lowered in equal steps (one
    // optimizer throughout: its moments carry over from one s to the next).
    std::vector<double>          hist;
    PetscInt                     k0 = 1;
    std::unique_ptr<SolverState> rs = ckpt.TakeResume();
    if (rs) PetscCall(rs->Get(comm, "op/s_step", &k0));
    PetscCall(PetscLogStagePush(Log::training));
    for (PetscInt k = k0; k <= opt.adam_s_steps; ++k) {
      const double s = 1.0 - static_cast<double>(k) / opt.adam_s_steps;
      NestedKeeper nk(
          &ckpt, "adam",
          [k](SolverState *st) {
            st->Put("op/s_step", static_cast<double>(k));
            return PETSC_SUCCESS;
          },
          rs && k == k0 ? rs->Sub("adam") : nullptr);
      PetscCall(adam.Solve(f, s, theta, &hist, &nk));
      if (adam.Options().monitor_every > 0) PetscCall(PetscPrintf(comm, "adam s = %.4f loss %.6e\n", s, hist.back()));
    }
    PetscCall(PetscLogStagePop());
    final_loss = hist.back();
    out.AddDataset("history/loss", hist);
  } else {
    GNResult res;
    PetscCall(PetscLogStagePush(Log::training));
    PetscCall(GaussNewtonSolve(f, gn_ls, gn, 0.0, theta, &res, "GN", &ckpt));
    PetscCall(PetscLogStagePop());
    final_loss = res.loss;
    metrics["gn_its"] = static_cast<long>(res.its);
  }
  const double t_train = MPI_Wtime() - t_train0, cpu_train = ProcessCpuSeconds() - cpu_train0;

  // ---- test: unseen inputs (indices after the training set), split over ranks ----
  PetscCall(PetscLogStagePush(Log::evaluation));
  PetscInt tfirst, tcount;
  OwnedBlock(comm, opt.n_test, &tfirst, &tcount);
  std::vector<double> sens(tcount * P), atp(P), upred, uref, u_unique;
  for (PetscInt t = 0; t < tcount; ++t) inputs(opt.n_train + tfirst + t, &sens[t * P], atp.data());
  PetscCall(f.Evaluate(theta.data(), sens, &upred));
  double grid_err = 0, sums[4] = {0, 0, 0, 0}; // Σ L2RE, max L2RE, Σ shock², shocks found
  if (problem->UniqueSteadyState()) PetscCall(problem->Reference(std::vector<double>(P, 0.0), m, &u_unique, &grid_err));
  std::vector<double> ref_sum(u_unique.empty() ? P : 0, 0.0), ref_all; // references of this rank's inputs
  double xs_ref = -1;
  if (d == 1 && !u_unique.empty()) xs_ref = ShockLocation(g1, u_unique.data(), m);
  for (PetscInt t = 0; t < tcount; ++t) {
    const double *ur = u_unique.data();
    if (u_unique.empty()) {
      double ge = 0;
      PetscCall(problem->Reference(std::vector<double>(&sens[t * P], &sens[t * P] + P), m, &uref, t == 0 ? &ge : nullptr));
      grid_err = std::fmax(grid_err, ge);
      ur       = uref.data();
      ref_all.insert(ref_all.end(), uref.begin(), uref.end());
      for (PetscInt q = 0; q < P; ++q) ref_sum[q] += uref[q];
    }
    double num = 0, den = 0;
    for (PetscInt q = 0; q < P; ++q) {
      num += (upred[t * P + q] - ur[q]) * (upred[t * P + q] - ur[q]);
      den += ur[q] * ur[q];
    }
    const double e = std::sqrt(num / den);
    sums[0] += e;
    sums[1] = std::fmax(sums[1], e);
    if (d == 1) {
      const double xs = ShockLocation(g1, &upred[t * P], m), xr = u_unique.empty() ? ShockLocation(g1, ur, m) : xs_ref;
      const double dx = xs < 0 ? 1.0 : xs - xr; // no shock found: count a full-domain miss
      sums[2] += dx * dx;
    }
  }
  double tot[3];
  PetscCallMPI(MPI_Allreduce(sums, tot, 1, MPI_DOUBLE, MPI_SUM, comm));
  PetscCallMPI(MPI_Allreduce(&sums[1], &tot[1], 1, MPI_DOUBLE, MPI_MAX, comm));
  PetscCallMPI(MPI_Allreduce(&sums[2], &tot[2], 1, MPI_DOUBLE, MPI_SUM, comm));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &grid_err, 1, MPI_DOUBLE, MPI_MAX, comm));
  const double l2re_mean = tot[0] / opt.n_test, l2re_max = tot[1], shock_mse = tot[2] / opt.n_test;
  // u₀-dependent references: how far they spread, max_t ‖u_ref(t) − mean_t u_ref‖∞.
  double ref_spread = 0;
  if (u_unique.empty()) {
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, ref_sum.data(), static_cast<int>(P), MPI_DOUBLE, MPI_SUM, comm));
    for (size_t k = 0; k < ref_all.size(); ++k) ref_spread = std::fmax(ref_spread, std::fabs(ref_all[k] - ref_sum[k % P] / opt.n_test));
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &ref_spread, 1, MPI_DOUBLE, MPI_MAX, comm));
  }
  PetscCall(PetscLogStagePop());

  const double wall    = MPI_Wtime() - t0;
  js["wall_s"]         = wall;
  js["train_s"]        = t_train;
  metrics["loss"]      = final_loss;
  metrics["l2re_mean"] = l2re_mean;
  metrics["l2re_max"]  = l2re_max;
  metrics["ref_grid_error"] = grid_err;
  if (d == 1) metrics["shock_mse"] = shock_mse;
  if (u_unique.empty()) metrics["ref_spread"] = ref_spread;
  metrics["residual_bytes_per_rank"] = f.MemoryBytes();
  PetscCall(ScaleMetrics(comm, f.Counters(), t_train, cpu_train, metrics)); // peak memory of the whole run
  ckpt.Summarize(js);

  PetscCall(PetscPrintf(comm, "petnet: final loss = %.3e  test L2RE mean = %.3e (max %.3e) over %" PetscInt_FMT " inputs",
                        final_loss, l2re_mean, l2re_max, opt.n_test));
  if (d == 1) PetscCall(PetscPrintf(comm, "  shock MSE = %.3e", shock_mse));
  if (u_unique.empty()) PetscCall(PetscPrintf(comm, "  reference spread over inputs %.1e", ref_spread));
  PetscCall(PetscPrintf(comm, "  reference grid error %.1e  wall %.2f s\n", grid_err, wall));

  PetscCall(PetscLogStagePush(Log::output));
  out.AddDataset("theta", theta);
  out.AddDataset("grid", g1);
  if (Rank(comm) == 0 && tcount > 0) { // first test input, prediction and reference
    std::vector<unsigned long long> shape = d == 1 ? std::vector<unsigned long long>{(unsigned long long)m}
                                                   : std::vector<unsigned long long>{(unsigned long long)m, (unsigned long long)m};
    out.AddDataset("test0/u0", std::vector<double>(sens.begin(), sens.begin() + P), shape);
    out.AddDataset("test0/u", std::vector<double>(upred.begin(), upred.begin() + P), shape);
    if (!u_unique.empty()) out.AddDataset("test0/reference", u_unique, shape);
    else out.AddDataset("test0/reference", std::vector<double>(ref_all.begin(), ref_all.begin() + P), shape);
  }
  out.AddAttribute("problem", name);
  out.AddAttribute("method", opt.method);
  out.AddAttribute("options", OptionsString());
  PetscCall(out.Write(comm));
  if (out.enabled()) PetscCall(PetscPrintf(comm, "petnet: wrote %s.h5 and %s.json\n", out.prefix().c_str(), out.prefix().c_str()));
  PetscCall(PetscLogStagePop());
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
