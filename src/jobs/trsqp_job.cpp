// The hard-constrained PINN job (issue 4): -problem transport | reaction | reaction_diffusion
// with -method trsqp | penalty | alm | pinn.
//
//   mpiexec -n 2 build/bin/petnet -options_file_yaml inputs/trsqp_transport.yaml -trsqp_monitor 100
//
// 1. problem (pde/periodic_evolution), 2. reference values on the evaluation grid (closed
// form or the FFT reference), 3. labelled points with noise, training constraints and a
// separate pretraining set (sampling/space_time), 4. the network and ConstrainedPinn
// (nn/), 5. Step 0: L-BFGS on ‖c̃‖², 6. the solver, 7. errors on the grid and output.
#include "jobs/job.hpp"

#include "core/log.hpp"
#include "core/session.hpp"
#include "residuals/constrained_pinn.hpp"
#include "reference/error_measures.hpp"
#include "reference/reaction_diffusion_fft.hpp"
#include "solvers/baselines/penalty_alm.hpp"
#include "solvers/trsqp/trsqp.hpp"

#include <cmath>
#include <memory>

namespace petnet {

std::vector<std::string> TrsqpProblems() { return PeriodicEvolutionNames(); }

namespace {

struct TrsqpJobOptions {
  std::string method = "trsqp", hidden = "50,50,50,50", misfit = "auto";
  PetscInt    seed = 0, n_labels = 1000, m_train = -1, m_pretrain = 150, eval_nx = 2560, eval_nt = 1000;
  PetscInt    ref_substeps = 20, pre_max_it = 20000, polish_it = 0;
  std::string polish_hessian = "gn";
  double      noise = 0.01, pre_gatol = 1e-9;
  PetscBool   pretrain = PETSC_TRUE;
};

PetscErrorCode ReadOptions(MPI_Comm comm, const std::string &problem, TrsqpJobOptions *o) {
  char method[64], hidden[256], misfit[32];
  PetscFunctionBeginUser;
  PetscCall(PetscStrncpy(method, o->method.c_str(), sizeof method));
  PetscCall(PetscStrncpy(hidden, o->hidden.c_str(), sizeof hidden));
  PetscCall(PetscStrncpy(misfit, o->misfit.c_str(), sizeof misfit));
  o->m_train = problem == "transport" ? 12 : 7;
  PetscOptionsBegin(comm, nullptr, "Hard-constrained PINN job (trSQP-PINN and baselines)", "TrsqpJob");
  PetscCall(PetscOptionsString("-method", "trsqp | penalty | alm | pinn", "TrsqpJob", method, method, sizeof method, nullptr));
  PetscCall(PetscOptionsInt("-seed", "Seed of every random choice (init, points, noise)", "TrsqpJob", o->seed, &o->seed, nullptr));
  PetscCall(PetscOptionsString("-nn_hidden", "Hidden layer widths", "TrsqpJob", hidden, hidden, sizeof hidden, nullptr));
  PetscCall(PetscOptionsInt("-data_n", "Labelled points N", "TrsqpJob", o->n_labels, &o->n_labels, nullptr));
  PetscCall(PetscOptionsReal("-data_noise", "Label noise: uniform in [-level, level]", "TrsqpJob", o->noise, &o->noise, nullptr));
  PetscCall(PetscOptionsString("-data_misfit", "sum | mean | auto (sum for trsqp, mean for the baselines)", "TrsqpJob",
                               misfit, misfit, sizeof misfit, nullptr));
  PetscCall(PetscOptionsInt("-cons_m", "Training constraint points M (PDE, initial, periodic rows)", "TrsqpJob", o->m_train,
                            &o->m_train, nullptr));
  PetscCall(PetscOptionsBool("-pre_enable", "Step 0: pretrain by L-BFGS on ||c||^2", "TrsqpJob", o->pretrain, &o->pretrain, nullptr));
  PetscCall(PetscOptionsInt("-pre_m", "Pretraining constraint points M_pretrain", "TrsqpJob", o->m_pretrain, &o->m_pretrain, nullptr));
  PetscCall(PetscOptionsInt("-pre_max_it", "Pretraining L-BFGS iterations", "TrsqpJob", o->pre_max_it, &o->pre_max_it, nullptr));
  PetscCall(PetscOptionsReal("-pre_gatol", "Pretraining stop at ||grad||_2 <= gatol", "TrsqpJob", o->pre_gatol, &o->pre_gatol, nullptr));
  PetscCall(PetscOptionsInt("-eval_nx", "Evaluation grid points in x", "TrsqpJob", o->eval_nx, &o->eval_nx, nullptr));
  PetscCall(PetscOptionsInt("-eval_nt", "Evaluation grid points in t", "TrsqpJob", o->eval_nt, &o->eval_nt, nullptr));
  {
    char ph[32];
    PetscCall(PetscStrncpy(ph, o->polish_hessian.c_str(), sizeof ph));
    PetscCall(PetscOptionsInt("-trsqp_polish_it", "After the trSQP solve, this many more trSQP iterations with the polish Hessian (0: none)",
                              "TrsqpJob", o->polish_it, &o->polish_it, nullptr));
    PetscCall(PetscOptionsString("-trsqp_polish_hessian", "Hessian of the polish phase (sr1, bfgs, identity, gn)", "TrsqpJob", ph, ph,
                                 sizeof ph, nullptr));
    o->polish_hessian = ph;
  }
  if (problem == "reaction_diffusion")
    PetscCall(PetscOptionsInt("-ref_substeps", "Reference: splitting steps between grid times", "TrsqpJob",
                              o->ref_substeps, &o->ref_substeps, nullptr));
  PetscOptionsEnd();
  o->method = method, o->hidden = hidden, o->misfit = misfit;
  PetscCheck(o->method == "trsqp" || o->method == "penalty" || o->method == "alm" || o->method == "pinn", comm,
             PETSC_ERR_ARG_UNKNOWN_TYPE, "unknown -method %s (trsqp, penalty, alm, pinn)", method);
  PetscCheck(o->misfit == "sum" || o->misfit == "mean" || o->misfit == "auto", comm, PETSC_ERR_ARG_UNKNOWN_TYPE,
             "unknown -data_misfit %s (sum, mean, auto)", misfit);
  PetscCheck(o->seed >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-seed must be >= 0");
  PetscCheck(o->n_labels >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "-data_n (labelled points N) must be >= 1, got %" PetscInt_FMT, o->n_labels);
  PetscCheck(o->noise >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-data_noise must be >= 0, got %g", o->noise);
  PetscCheck(o->m_train >= 3, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-cons_m (constraint points M) must be >= 3 (PDE, initial and periodic rows), got %" PetscInt_FMT, o->m_train);
  PetscCheck(o->m_pretrain >= 3, comm, PETSC_ERR_ARG_OUTOFRANGE, "-pre_m must be >= 3, got %" PetscInt_FMT, o->m_pretrain);
  PetscCheck(o->eval_nx >= 4 && o->eval_nx % 2 == 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-eval_nx must be even and >= 4, got %" PetscInt_FMT, o->eval_nx);
  PetscCheck(o->eval_nt >= 2, comm, PETSC_ERR_ARG_OUTOFRANGE, "-eval_nt must be >= 2, got %" PetscInt_FMT, o->eval_nt);
  PetscCheck(o->polish_it >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-trsqp_polish_it must be >= 0, got %" PetscInt_FMT, o->polish_it);
  if (o->polish_it > 0) {
    HessianUpdate u;
    PetscCall(ParseHessianUpdate(comm, o->polish_hessian, &u));
  }
  PetscCheck(o->ref_substeps >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "-ref_substeps must be >= 1, got %" PetscInt_FMT, o->ref_substeps);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// This rank's slice [lo, lo + n) of a list of `total`.
void Slice(MPI_Comm comm, PetscInt total, PetscInt *lo, PetscInt *n) {
  const PetscInt size = Size(comm), r = Rank(comm), q = total / size, m = total % size;
  *n  = q + (r < m ? 1 : 0);
  *lo = r * q + (r < m ? r : m);
}

} // namespace

PetscErrorCode RunTrsqpJob(MPI_Comm comm, const std::string &name, RunOutput &out) {
  TrsqpJobOptions                    opt;
  std::unique_ptr<PeriodicEvolution> problem;
  PetscFunctionBeginUser;
  const double t_start = MPI_Wtime();
  PetscCall(PetscLogStagePush(Log::setup));
  PetscCall(ReadOptions(comm, name, &opt));
  PetscCall(CreatePeriodicEvolution(comm, name, &problem));
  PetscCall(problem->SetFromOptions(comm));
  std::vector<int> widths;
  PetscCall(ParseWidths(comm, opt.hidden.c_str(), &widths));
  MLPLayout layout;
  PetscCall(MLPLayout::Create(comm, 2, widths, &layout));
  TrsqpOptions  topt;
  PenaltySolver pen;
  MeritLbfgs    pre;
  if (opt.method == "trsqp") PetscCall(topt.SetFromOptions(comm));
  else PetscCall(pen.SetFromOptions(comm, opt.method));
  if (opt.pretrain) PetscCall(pre.SetFromOptions(comm, "pre_", opt.pre_max_it, opt.pre_gatol));
  PetscCall(PetscLogStagePop());
  if (HelpRequested()) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(CheckUnusedOptions(comm));

  // Reference values on the evaluation grid (this rank's slice of it).
  PetscCall(PetscLogStagePush(Log::setup));
  SpaceTimeBox   box;
  const PetscInt n_eval = opt.eval_nx * opt.eval_nt;
  PetscInt       elo, en;
  Slice(comm, n_eval, &elo, &en);
  const std::vector<double> grid = SpaceTimeGrid(box, opt.eval_nx, opt.eval_nt);
  std::vector<double>       full_ref; // reaction–diffusion: the whole reference (labels are drawn from it)
  const bool                have_exact = problem->HasExact(problem->Target());
  if (!have_exact) {
    auto                *rd = static_cast<Reaction *>(problem.get());
    ReactionDiffusionFFT ref;
    ref.alpha = rd->Target(), ref.nu = rd->Nu(), ref.substeps = opt.ref_substeps;
    std::vector<double> u0(opt.eval_nx);
    for (PetscInt i = 0; i < opt.eval_nx; ++i) u0[i] = problem->Initial(grid[2 * i]);
    PetscCall(ref.Solve(comm, u0, opt.eval_nt, box.T, &full_ref));
  }
  auto RefAt = [&](PetscInt q) {
    return have_exact ? problem->Exact(&grid[2 * q], problem->Target()) : full_ref[q];
  };
  std::vector<double> eval_pts(grid.begin() + 2 * elo, grid.begin() + 2 * (elo + en)), eval_ref(en);
  for (PetscInt q = 0; q < en; ++q) eval_ref[q] = RefAt(elo + q);

  // Labels (reaction–diffusion: on the grid, as in the paper), constraint sets.
  const std::uint64_t   seed = static_cast<std::uint64_t>(opt.seed);
  std::vector<double>   lab_pts, lab_val;
  std::vector<PetscInt> lab_idx;
  PetscCall(SampleLabelPoints(comm, box, opt.n_labels, seed, have_exact ? 0 : opt.eval_nx, opt.eval_nt, &lab_pts, &lab_idx));
  const std::vector<double> noise = UniformNoise(opt.n_labels, opt.noise, seed);
  for (PetscInt k = 0; k < opt.n_labels; ++k)
    lab_val.push_back((have_exact ? problem->Exact(&lab_pts[2 * k], problem->Target()) : full_ref[lab_idx[k]]) + noise[k]);
  ConstraintPoints cons, cons_pre;
  PetscCall(SampleConstraintPoints(comm, box, opt.m_train, seed, &cons));
  PetscCall(SampleConstraintPoints(comm, box, opt.m_pretrain, seed + 7777, &cons_pre));
  const bool   sum    = opt.misfit == "sum" || (opt.misfit == "auto" && opt.method == "trsqp");
  const double weight = sum ? 1.0 : 1.0 / static_cast<double>(opt.n_labels);
  ConstrainedPinn f, fpre;
  PetscCall(f.Setup(comm, problem.get(), layout, lab_pts, lab_val, weight, cons, box));
  PetscCall(fpre.Setup(comm, problem.get(), layout, {}, {}, 1.0, cons_pre, box));
  PetscCheck(f.NumConstraints() < layout.NumParams(), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "M = %" PetscInt_FMT " constraints need more than that many parameters (network has %" PetscInt_FMT ")",
             f.NumConstraints(), layout.NumParams());
  std::vector<double> theta(layout.NumParams());
  XavierNormalInit(layout, seed, theta.data());
  PetscCall(PetscLogStagePop());

  PetscCall(PetscPrintf(comm, "petnet: %s | %s | MLP %s | N = %" PetscInt_FMT " labels (noise %g, %s misfit), M = %" PetscInt_FMT
                              " constraints, M_pretrain = %" PetscInt_FMT "%s | %d ranks\n",
                        problem->Describe().c_str(), opt.method.c_str(), layout.Describe().c_str(), opt.n_labels, opt.noise,
                        sum ? "summed" : "averaged", f.NumConstraints(), opt.m_pretrain, opt.pretrain ? "" : " (off)",
                        Size(comm)));

  Json &js      = out.summary();
  js["problem"] = name;
  js["method"]  = opt.method;
  js["ranks"]   = Size(comm);
  js["params"]  = static_cast<long>(layout.NumParams());
  js["network"] = layout.Describe();
  js["n_labels"] = static_cast<long>(opt.n_labels);
  js["m_train"]  = static_cast<long>(f.NumConstraints());
  js["m_pretrain"] = opt.pretrain ? Json(static_cast<long>(opt.m_pretrain)) : Json();
  js[problem->ParameterName()] = problem->Target();
  if (name == "reaction_diffusion") js["nu"] = static_cast<Reaction *>(problem.get())->Nu();

  auto GridErrors = [&](const std::vector<double> &th, ErrorMeasures *e) -> PetscErrorCode {
    std::vector<double> u;
    PetscFunctionBeginUser;
    PetscCall(f.EvaluateLocal(th.data(), eval_pts, &u));
    PetscCall(ComputeErrors(comm, u, eval_ref, e));
    PetscFunctionReturn(PETSC_SUCCESS);
  };

  // Step 0: pretraining on ‖c̃‖² over the separate point set.
  PetscCall(PetscLogStagePush(Log::phase1));
  double pre_wall = 0, pre_c = 0;
  PetscInt pre_its = 0;
  if (opt.pretrain) {
    const double t0 = MPI_Wtime();
    double       phi;
    PetscCall(pre.Minimize(fpre, 0.0, {}, 1.0, theta, &pre_its, &phi));
    pre_wall = MPI_Wtime() - t0;
    pre_c    = std::sqrt(phi);
    ErrorMeasures e;
    PetscCall(GridErrors(theta, &e));
    PetscCall(PetscPrintf(comm, "petnet: pretraining: %" PetscInt_FMT " L-BFGS iterations, ||c_pre|| = %.3e, abs_err %.4e, %.1f s\n",
                          pre_its, pre_c, e.abs_err, pre_wall));
    js["pretrain"]["iterations"] = static_cast<long>(pre_its);
    js["pretrain"]["constraint_norm"] = pre_c;
    js["pretrain"]["abs_err"] = e.abs_err;
    js["pretrain"]["wall_s"] = pre_wall;
  }
  PetscCall(PetscLogStagePop());

  // The solver.
  PetscCall(PetscLogStagePush(Log::training));
  Json    &metrics = js["metrics"];
  PetscInt iterations = 0, accepted = 0;
  double   final_radius = 0;
  std::string reason;
  std::vector<double> h_ell, h_c, h_mu, h_rad, h_eta, h_acc, h_err;
  if (opt.method == "trsqp") {
    TrsqpSolver s;
    TrsqpResult r;
    s.error_hook = [&](const std::vector<double> &th, double *err) -> PetscErrorCode {
      ErrorMeasures e;
      PetscFunctionBeginUser;
      PetscCall(GridErrors(th, &e));
      *err = e.abs_err;
      PetscFunctionReturn(PETSC_SUCCESS);
    };
    PetscCall(s.Solve(f, topt, theta, &r));
    iterations = r.iterations, accepted = r.accepted, final_radius = r.radius, reason = r.reason;
    auto record = [&]() {
      for (auto &st : s.History()) {
        h_ell.push_back(st.ell), h_c.push_back(st.cnorm), h_mu.push_back(st.mu), h_rad.push_back(st.radius);
        h_eta.push_back(st.eta), h_acc.push_back(st.accepted ? 1.0 : 0.0), h_err.push_back(st.error);
      }
    };
    record();
    if (opt.polish_it > 0) { // second phase from the first one's θ, radius and μ
      ErrorMeasures e1;
      PetscCall(GridErrors(theta, &e1));
      PetscCall(PetscPrintf(comm, "petnet: trSQP (%s) phase: %" PetscInt_FMT " iterations, abs_err %.4e; polish with %s\n",
                            HessianUpdateName(topt.hessian), r.iterations, e1.abs_err, opt.polish_hessian.c_str()));
      js["phase1"]["iterations"] = static_cast<long>(r.iterations);
      js["phase1"]["abs_err"]    = e1.abs_err;
      TrsqpOptions po = topt;
      PetscCall(ParseHessianUpdate(comm, opt.polish_hessian, &po.hessian));
      po.max_it = opt.polish_it, po.max_time = 0;
      po.radius0 = r.radius, po.mu0 = r.mu;
      PetscCall(s.Solve(f, po, theta, &r));
      record();
      iterations += r.iterations, accepted += r.accepted, final_radius = r.radius, reason = r.reason;
    }
    js["hessian"] = HessianUpdateName(topt.hessian);
    js["hessian_form"] = HessianFormName(topt.form);
    metrics["qn_skipped"] = static_cast<long>(r.qn_skipped);
    metrics["optimality"] = r.optimality;
    metrics["mu"] = r.mu;
    js["solver_wall_s"] = r.wall;
    js["s_per_iteration"] = r.iterations > 0 ? r.wall / static_cast<double>(r.iterations) : 0.0;
  } else {
    const double ts = MPI_Wtime();
    PetscCall(pen.Solve(f, theta));
    js["solver_wall_s"] = MPI_Wtime() - ts;
    iterations = pen.InnerIterations();
    accepted   = static_cast<PetscInt>(pen.History().size());
    reason     = "outer";
    for (auto &st : pen.History())
      h_ell.push_back(st.ell), h_c.push_back(st.cnorm), h_mu.push_back(st.mu), h_acc.push_back(static_cast<double>(st.inner_its));
  }
  PetscCall(PetscLogStagePop());

  // Final figures.
  PetscCall(PetscLogStagePush(Log::evaluation));
  ErrorMeasures e;
  std::vector<double> u_local;
  PetscCall(f.EvaluateLocal(theta.data(), eval_pts, &u_local));
  PetscCall(ComputeErrors(comm, u_local, eval_ref, &e));
  double ell;
  std::vector<double> c(f.NumConstraints());
  PetscCall(f.Evaluate(theta.data(), &ell, c.data()));
  double cn = 0;
  for (double ci : c) cn += ci * ci;
  cn = std::sqrt(cn);
  PetscCall(PetscLogStagePop());
  const double wall = MPI_Wtime() - t_start;
  metrics["abs_err"]         = e.abs_err;
  metrics["rel_err"]         = e.rel_err;
  metrics["l2_rel"]          = e.l2_rel;
  metrics["max_err"]         = e.max_err;
  metrics["constraint_norm"] = cn;
  metrics["misfit"]          = ell;
  metrics["iterations"]      = static_cast<long>(iterations);
  metrics["accepted"]        = static_cast<long>(accepted);
  metrics["final_radius"]    = opt.method == "trsqp" ? Json(final_radius) : Json();
  js["stop_reason"]          = reason;
  js["wall_s"]               = wall;
  Json &hist = js["history"];
  hist["ell"]    = Json::NumberArray(h_ell);
  hist["cnorm"]  = Json::NumberArray(h_c);
  hist["mu"]     = Json::NumberArray(h_mu);
  if (opt.method == "trsqp") {
    hist["radius"]   = Json::NumberArray(h_rad);
    hist["eta"]      = Json::NumberArray(h_eta);
    hist["accepted"] = Json::NumberArray(h_acc);
    hist["abs_err"]  = Json::NumberArray(h_err);
  } else hist["inner_its"] = Json::NumberArray(h_acc);
  PetscCall(PetscPrintf(comm, "petnet: final abs_err = %.4e  rel_err = %.4e  l2_rel = %.4e  ||c|| = %.3e  misfit = %.4e  "
                              "%" PetscInt_FMT " iterations (%" PetscInt_FMT " accepted, %s)  wall %.2f s\n",
                        e.abs_err, e.rel_err, e.l2_rel, cn, ell, iterations, accepted, reason.c_str(), wall));

  PetscCall(PetscLogStagePush(Log::output));
  if (out.enabled()) {
    // Gather the prediction to rank 0 for the HDF5 file (the grid is split over ranks).
    const int        size = Size(comm);
    std::vector<int> cnt(size), dsp(size, 0);
    int              mine = static_cast<int>(en);
    PetscCallMPI(MPI_Gather(&mine, 1, MPI_INT, cnt.data(), 1, MPI_INT, 0, comm));
    for (int r = 1; r < size; ++r) dsp[r] = dsp[r - 1] + cnt[r - 1];
    std::vector<double> u_all(Rank(comm) == 0 ? n_eval : 0), ref_all(Rank(comm) == 0 ? n_eval : 0);
    PetscCallMPI(MPI_Gatherv(u_local.data(), mine, MPI_DOUBLE, u_all.data(), cnt.data(), dsp.data(), MPI_DOUBLE, 0, comm));
    PetscCallMPI(MPI_Gatherv(eval_ref.data(), mine, MPI_DOUBLE, ref_all.data(), cnt.data(), dsp.data(), MPI_DOUBLE, 0, comm));
    const std::vector<unsigned long long> shape = {static_cast<unsigned long long>(opt.eval_nt),
                                                   static_cast<unsigned long long>(opt.eval_nx)};
    out.AddDataset("eval/u", u_all, shape);
    out.AddDataset("eval/reference", ref_all, shape);
    out.AddDataset("theta", theta);
    out.AddDataset("history/ell", h_ell);
    out.AddDataset("history/cnorm", h_c);
    out.AddDataset("history/mu", h_mu);
    if (opt.method == "trsqp") {
      out.AddDataset("history/radius", h_rad);
      out.AddDataset("history/eta", h_eta);
      out.AddDataset("history/accepted", h_acc);
    }
    out.AddAttribute("problem", name);
    out.AddAttribute("method", opt.method);
    out.AddAttribute("options", OptionsString());
  }
  PetscCall(out.Write(comm));
  if (out.enabled()) PetscCall(PetscPrintf(comm, "petnet: wrote %s.h5 and %s.json\n", out.prefix().c_str(), out.prefix().c_str()));
  PetscCall(PetscLogStagePop());
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
