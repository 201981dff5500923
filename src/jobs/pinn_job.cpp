// The MLP job: -problem allen_cahn_1d | allen_cahn_2d | highfreq with -method homotopy | homotopy_loss | adam |
// lbfgs | gauss_newton.
// Composes problem (pde/), points (sampling/), network (nn/), residual (residuals/pinn_residual),
// solver (solvers/) and output (io/).
#include "jobs/job.hpp"

#include "core/log.hpp"
#include "core/session.hpp"
#include "io/checkpoint.hpp"
#include "io/h5_read.hpp"
#include "residuals/homotopy_loss_residual.hpp"
#include "residuals/pinn_residual.hpp"
#include "pde/problem.hpp"
#include "sampling/point_set.hpp"
#include "solvers/baselines/adam.hpp"
#include "solvers/baselines/lbfgs.hpp"
#include "solvers/gauss_newton.hpp"
#include "solvers/homotopy/homotopy.hpp"
#include "solvers/homotopy/homotopy_loss.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

namespace petnet {

std::vector<std::string> PinnProblems() { return PdeProblemNames(); }

namespace {

struct PinnOptions {
  std::string method = "homotopy";
  PetscInt    seed   = 0;
  std::string hidden = "30,30,30";
  std::string parity; ///< "" or none|even|odd per coordinate (MLPLayout::SetParity)
  double      bc_weight = 1.0;
  PetscInt    n_eval    = 1000;
  PetscBool   reference_only = PETSC_FALSE;
  std::string init_file; ///< start from the "theta" of an earlier run's HDF5 instead of Xavier
};

PetscErrorCode ReadOptions(MPI_Comm comm, PinnOptions *o) {
  char method[64], hidden[256], parity[256] = "", init[PETSC_MAX_PATH_LEN] = "";
  PetscFunctionBeginUser;
  PetscCall(PetscStrncpy(method, o->method.c_str(), sizeof method));
  PetscCall(PetscStrncpy(hidden, o->hidden.c_str(), sizeof hidden));
  PetscOptionsBegin(comm, nullptr, "MLP job", "PinnJob");
  PetscCall(PetscOptionsString("-method", "homotopy | homotopy_loss | adam | lbfgs | gauss_newton", "PinnJob", method, method,
                               sizeof method, nullptr));
  PetscCall(PetscOptionsInt("-seed", "Seed of every random choice (init, random points)", "PinnJob", o->seed, &o->seed,
                            nullptr));
  PetscCall(PetscOptionsString("-nn_hidden", "Hidden layer widths, e.g. 30,30,30", "PinnJob", hidden, hidden,
                               sizeof hidden, nullptr));
  PetscCall(PetscOptionsString("-nn_parity",
                               "Make the network even/odd in each coordinate, e.g. odd,odd (none | even | odd each)",
                               "PinnJob", parity, parity, sizeof parity, nullptr));
  PetscCall(PetscOptionsReal("-loss_bc_weight", "Weight lambda of the boundary term in the loss", "PinnJob",
                             o->bc_weight, &o->bc_weight, nullptr));
  PetscCall(PetscOptionsInt("-eval_n", "Evaluation points per dimension for the error", "PinnJob", o->n_eval,
                            &o->n_eval, nullptr));
  PetscCall(PetscOptionsBool("-reference", "Only compute the problem's reference solution and write it", "PinnJob",
                             o->reference_only, &o->reference_only, nullptr));
  PetscCall(PetscOptionsString("-nn_init_file",
                               "Start from the parameters (dataset theta) of an earlier run's HDF5 output, same network",
                               "PinnJob", init, init, sizeof init, nullptr));
  PetscOptionsEnd();
  o->method    = method;
  o->hidden    = hidden;
  o->parity    = parity;
  o->init_file = init;
  PetscCheck(o->method == "homotopy" || o->method == "homotopy_loss" || o->method == "adam" || o->method == "lbfgs" ||
                 o->method == "gauss_newton",
             comm, PETSC_ERR_ARG_UNKNOWN_TYPE, "unknown -method %s (homotopy, homotopy_loss, adam, lbfgs, gauss_newton)",
             method);
  PetscCheck(o->seed >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-seed must be >= 0");
  PetscCheck(o->bc_weight > 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-loss_bc_weight must be > 0, got %g", o->bc_weight);
  PetscCheck(o->n_eval >= 2, comm, PETSC_ERR_ARG_OUTOFRANGE, "-eval_n must be >= 2, got %" PetscInt_FMT, o->n_eval);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// The values the job records at every path point (PathPoint::values), in this order.
constexpr size_t kL2re = 0, kInterfaceX = 1;

/// The path values: L2RE (printed by both monitors) and the 1D interface position
/// (printed by -hom_monitor only; -1 where not computed).
std::vector<PathValueSpec> PathValues(bool show_interface) {
  return {{"l2re", "L2RE", "%.3e", 0.0}, {"interface_x", show_interface ? "interface" : "", "%.5f", -0.5}};
}

/// Errors of u_θ on the evaluation grid: relative L2 against the exact solution, and
/// (1D) the zero crossing of u_θ nearest the middle of the domain.
struct Evaluator {
  const Problem      *problem;
  PinnResidual       *f;
  std::vector<double> grid;
  int                 d;

  /// values[kL2re], values[kInterfaceX] (left as they are where not defined).
  PetscErrorCode operator()(const std::vector<double> &theta, double lambda, double *values) const {
    std::vector<double> u;
    PetscFunctionBeginUser;
    PetscCall(f->EvaluateU(theta.data(), grid, &u));
    if (problem->HasExact(lambda)) {
      double num = 0, den = 0;
      for (size_t q = 0; q < u.size(); ++q) {
        const double e = problem->Exact(&grid[q * d], lambda);
        num += (u[q] - e) * (u[q] - e);
        den += e * e;
      }
      values[kL2re] = std::sqrt(num / den);
    }
    if (d == 1) values[kInterfaceX] = ZeroCrossing(u);
    PetscFunctionReturn(PETSC_SUCCESS);
  }

  double ZeroCrossing(const std::vector<double> &u) const {
    double best = -1, mid = 0.5 * (grid.front() + grid.back());
    for (size_t q = 0; q + 1 < u.size(); ++q)
      if ((u[q] <= 0 && u[q + 1] > 0) || (u[q] >= 0 && u[q + 1] < 0)) {
        const double x = grid[q] + (grid[q + 1] - grid[q]) * u[q] / (u[q] - u[q + 1]);
        if (best < 0 || std::fabs(x - mid) < std::fabs(best - mid)) best = x;
      }
    return best;
  }
};

} // namespace

PetscErrorCode RunPinnJob(MPI_Comm comm, const std::string &name, RunOutput &out) {
  PinnOptions               opt;
  std::unique_ptr<Problem>  problem;
  PetscFunctionBeginUser;
  const double t0 = MPI_Wtime();
  PetscCall(PetscLogStagePush(Log::setup));
  PetscCall(ReadOptions(comm, &opt));
  PetscCall(CreateProblem(comm, name, &problem));
  PetscCall(problem->SetFromOptions(comm));
  std::vector<int> widths;
  PetscCall(ParseWidths(comm, opt.hidden.c_str(), &widths));
  MLPLayout layout;
  PetscCall(MLPLayout::Create(comm, problem->Dim(), widths, &layout));
  std::vector<Parity> parity;
  if (!opt.parity.empty()) {
    PetscCall(ParseParity(comm, opt.parity.c_str(), problem->Dim(), &parity));
    PetscCall(layout.SetParity(comm, parity));
  }
  SamplingOptions sopt;
  PetscCall(sopt.SetFromOptions(comm, problem->Dim()));
  // Folding is exact when the network has a parity and the problem keeps that same
  // parity in each of those coordinates; then it is the default.
  bool foldable = layout.NumReflections() > 1;
  for (int k = 0; k < problem->Dim() && foldable; ++k)
    if (layout.InputParity(k) != Parity::None && layout.InputParity(k) != problem->Symmetry(k)) foldable = false;
  PetscCheck(!(sopt.fold_set && sopt.fold) || foldable, comm, PETSC_ERR_ARG_INCOMP,
             "-sample_fold needs -nn_parity set, and %s keeps no such symmetry in the coordinates it names", name.c_str());
  const bool fold = foldable && (!sopt.fold_set || sopt.fold);

  // Solvers read (and validate) their options before any work.
  const double    target = problem->Target();
  HomotopySolver  hom;
  HomotopyLossSolver hl;
  AdamSolver      adam;
  LbfgsSolver     lbfgs;
  GaussNewtonOptions gn;
  LeastSquares    gn_ls;
  if (opt.method == "homotopy") PetscCall(hom.SetFromOptions(comm, problem->Continuation()));
  else if (opt.method == "homotopy_loss") PetscCall(hl.SetFromOptions(comm, problem->Continuation()));
  else if (opt.method == "adam") PetscCall(adam.SetFromOptions(comm));
  else if (opt.method == "lbfgs") PetscCall(lbfgs.SetFromOptions(comm));
  else {
    gn.max_it = 200;
    gn.atol   = 1e-26;
    PetscCall(gn.SetFromOptions(comm, "", "Gauss-Newton/LM training at the target"));
    PetscCall(gn_ls.SetFromOptions(comm, ""));
  }
  Checkpoint ckpt;
  PetscCall(ckpt.SetFromOptions(comm, out.prefix()));
  PetscCheck(!(ckpt.Saving() || ckpt.Restarting()) ||
                 (opt.method == "homotopy" || opt.method == "adam" || opt.method == "gauss_newton"),
             comm, PETSC_ERR_SUP, "-checkpoint_every / -restart: not implemented for -method %s (homotopy, adam, gauss_newton)",
             opt.method.c_str());
  PetscCall(PetscLogStagePop());
  if (HelpRequested()) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(CheckUnusedOptions(comm));

  // The problem's reference solution (e.g. finite differences), if it has one.
  PetscCall(PetscLogStagePush(Log::reference));
  const double t_ref0 = MPI_Wtime();
  PetscCall(problem->Prepare(comm));
  const double t_ref = MPI_Wtime() - t_ref0;
  PetscCall(PetscLogStagePop());
  {
    std::vector<double>             ru;
    std::vector<unsigned long long> rshape;
    std::string                     what;
    double                          reps = 0;
    if (problem->ReferenceGrid(&ru, &rshape, &what, &reps)) {
      out.AddDataset("reference/u", ru, rshape);
      out.AddDataset("reference/eps", {reps});
      out.summary()["reference"]        = what;
      out.summary()["reference_wall_s"] = t_ref;
    }
  }
  if (opt.reference_only) {
    double lo[3], hi[3];
    problem->Bounds(lo, hi);
    PetscCheck(problem->HasExact(problem->Target()), comm, PETSC_ERR_SUP, "problem %s has no reference solution",
               name.c_str());
    const std::vector<double> grid = EvaluationGrid(problem->Dim(), lo, hi, opt.n_eval);
    std::vector<double>       exact;
    for (size_t q = 0; q < grid.size() / problem->Dim(); ++q) exact.push_back(problem->Exact(&grid[q * problem->Dim()], problem->Target()));
    const unsigned long long ne = static_cast<unsigned long long>(opt.n_eval);
    out.summary()["problem"] = name;
    out.summary()["method"]  = "reference";
    out.summary()["ranks"]   = Size(comm);
    out.summary()["wall_s"]  = MPI_Wtime() - t0;
    out.AddDataset("eval/x", grid, problem->Dim() == 1 ? std::vector<unsigned long long>{ne}
                                                        : std::vector<unsigned long long>{ne * ne, 2});
    out.AddDataset("eval/exact", exact, problem->Dim() == 1 ? std::vector<unsigned long long>{ne}
                                                             : std::vector<unsigned long long>{ne, ne});
    out.AddAttribute("problem", name);
    out.AddAttribute("method", "reference");
    out.AddAttribute("options", OptionsString());
    PetscCall(out.Write(comm));
    if (out.enabled()) PetscCall(PetscPrintf(comm, "petnet: wrote %s.h5 and %s.json\n", out.prefix().c_str(), out.prefix().c_str()));
    PetscFunctionReturn(PETSC_SUCCESS);
  }

  // Points, residual, initial network.
  PetscCall(PetscLogStagePush(Log::setup));
  double lo[3], hi[3];
  problem->Bounds(lo, hi);
  std::vector<double> ipts, bpts, imult, bmult;
  PetscCall(InteriorPoints(comm, problem->Dim(), lo, hi, sopt, static_cast<std::uint64_t>(opt.seed), &ipts));
  if (problem->HasBoundary()) PetscCall(BoundaryPoints(comm, problem->Dim(), lo, hi, sopt.n_bc, &bpts));
  if (fold) {
    double scale = 0;
    for (int k = 0; k < problem->Dim(); ++k) scale = std::max(scale, hi[k] - lo[k]);
    FoldByParity(problem->Dim(), parity, scale, &ipts, &imult);
    FoldByParity(problem->Dim(), parity, scale, &bpts, &bmult);
  }
  PointSet interior, boundary;
  PetscCall(PointSet::Create(comm, problem->Dim(), ipts, &interior, false, imult));
  PetscCall(PointSet::Create(comm, problem->Dim(), bpts, &boundary, true, bmult));
  PinnResidual f;
  PetscCall(f.Setup(comm, problem.get(), layout, interior, boundary, opt.bc_weight));
  HomotopyLossResidual fhl; // Strategy 2: the same rows plus the L_Heps block
  if (opt.method == "homotopy_loss")
    PetscCall(fhl.Setup(comm, problem.get(), layout, interior, boundary, opt.bc_weight, hl.Alpha()));
  std::vector<double> theta(layout.NumParams());
  XavierNormalInit(layout, static_cast<std::uint64_t>(opt.seed), theta.data());
  if (!opt.init_file.empty()) {
    std::vector<double>             t0;
    std::vector<unsigned long long> dims;
    PetscCall(ReadDataset(comm, opt.init_file, "theta", &t0, &dims));
    PetscCheck(t0.size() == theta.size(), comm, PETSC_ERR_FILE_UNEXPECTED,
               "-nn_init_file %s holds %zu parameters, the network %s has %zu", opt.init_file.c_str(), t0.size(),
               layout.Describe().c_str(), theta.size());
    theta = t0;
  }
  Evaluator    eval{problem.get(), &f, EvaluationGrid(problem->Dim(), lo, hi, opt.n_eval), problem->Dim()};
  PathObserver observer{PathValues(opt.method != "homotopy_loss"), eval};
  ckpt.IdentifyRun(name, opt.method, static_cast<long>(layout.NumParams()),
                   static_cast<long>(interior.GlobalSize() + boundary.GlobalSize()), static_cast<long>(opt.seed));
  ckpt.Identify("network", layout.Describe()); // widths and parity: the meaning of θ
  ckpt.Identify(problem->ParameterName(), target);
  PetscCall(ckpt.Load());
  PetscCall(PetscLogStagePop());

  PetscCall(PetscPrintf(comm, "petnet: %s | %s | MLP %s | %" PetscInt_FMT " interior + %" PetscInt_FMT
                              " boundary rows on %d ranks\n",
                        problem->Describe().c_str(), opt.method.c_str(), layout.Describe().c_str(),
                        interior.GlobalSize(), boundary.GlobalSize(), Size(comm)));
  if (fold)
    PetscCall(PetscPrintf(comm, "petnet: mirror images folded: %.0f interior and %.0f boundary points stand as %" PetscInt_FMT
                                " + %" PetscInt_FMT " rows\n",
                          interior.TotalMultiplicity(), boundary.TotalMultiplicity(), interior.GlobalSize(),
                          boundary.GlobalSize()));

  Json &js       = out.summary();
  js["problem"]  = name;
  js["method"]   = opt.method;
  js["ranks"]    = Size(comm);
  js["params"]   = static_cast<long>(layout.NumParams());
  js["network"]  = layout.Describe();
  js["n_res"]    = static_cast<long>(std::lround(interior.TotalMultiplicity()));
  js["n_bc"]     = static_cast<long>(std::lround(boundary.TotalMultiplicity()));
  if (fold) js["rows_folded"] = static_cast<long>(interior.GlobalSize() + boundary.GlobalSize());
  Json &metrics  = js["metrics"];
  PathPoint final_pt;
  final_pt.lambda = target;
  final_pt.values.assign(observer.values.size(), -1.0);

  // The path (either strategy): JSON array + HDF5 datasets, and the waypoints' figures.
  auto emit_path = [&](const std::vector<PathPoint> &hist, const std::vector<double> &waypoints) -> PetscErrorCode {
    PetscFunctionBeginUser;
    Json path = Json::Array();
    std::vector<double> h_l, h_loss, h_l2, h_x, h_its, h_step;
    for (auto &pt : hist) {
      Json e = Json::Object();
      e[problem->ParameterName()] = pt.lambda;
      const double l2re = pt.values[kL2re], xi = pt.values[kInterfaceX];
      e["l2re"]          = l2re >= 0 ? Json(l2re) : Json();
      e["loss"]          = pt.loss;
      e["interface_x"]   = xi >= 0 ? Json(xi) : Json();
      e["corrector_its"] = static_cast<long>(pt.corrector_its);
      e["step"]          = pt.step;
      path.Push(e);
      h_l.push_back(pt.lambda);
      h_loss.push_back(pt.loss);
      h_l2.push_back(l2re);
      h_x.push_back(xi);
      h_its.push_back(static_cast<double>(pt.corrector_its));
      h_step.push_back(pt.step);
    }
    js["path"] = path;
    if (!waypoints.empty()) { // the listed parameter values (e.g. Table 2's eps), last visit of each
      Json wps = Json::Array();
      for (double w : waypoints) {
        const PathPoint *hit = nullptr;
        for (auto &pt : hist)
          if (std::fabs(pt.lambda - w) <= 1e-12 * std::fmax(1.0, std::fabs(w))) hit = &pt;
        if (!hit) continue;
        Json e = Json::Object();
        e[problem->ParameterName()] = hit->lambda;
        e["loss"]                   = hit->loss;
        const double l2re           = hit->values[kL2re];
        e["l2re"]                   = l2re >= 0 ? Json(l2re) : Json();
        wps.Push(e);
        PetscCall(PetscPrintf(comm, "petnet: waypoint %s = %.6g  loss = %.3e  L2RE = %.3e\n",
                              problem->ParameterName(), hit->lambda, hit->loss, l2re));
      }
      js["waypoints"] = wps;
    }
    out.AddDataset(std::string("path/") + problem->ParameterName(), h_l);
    out.AddDataset("path/loss", h_loss);
    out.AddDataset("path/l2re", h_l2);
    out.AddDataset("path/interface_x", h_x);
    out.AddDataset("path/corrector_its", h_its);
    out.AddDataset("path/step", h_step);
    PetscFunctionReturn(PETSC_SUCCESS);
  };

  if (opt.method == "homotopy") {
    PetscCall(hom.Solve(f, theta, observer, &ckpt));
    final_pt = hom.History().back();
    PetscCall(emit_path(hom.History(), hom.Waypoints()));
    metrics["steps"]        = static_cast<long>(hom.Steps());
    metrics["rejected"]     = static_cast<long>(hom.Rejected());
    metrics["phase1_its"]   = static_cast<long>(hom.PhaseI().its);
    metrics["phase1_loss"]  = hom.PhaseI().loss;
    metrics["converged_reason"]      = HomotopyConvergedReasonName(hom.Reason());
    metrics["converged_reason_code"] = static_cast<long>(hom.Reason());
  } else if (opt.method == "homotopy_loss") {
    PetscCall(hl.Solve(fhl, theta, observer));
    std::vector<PathPoint> hist;
    std::vector<double>    l_he, wall, stops{hl.History().front().base.lambda};
    for (auto &hp : hl.History()) {
      hist.push_back(hp.base);
      l_he.push_back(hp.loss_he);
      wall.push_back(hp.wall);
    }
    stops.insert(stops.end(), hl.Path().begin(), hl.Path().end());
    final_pt = hist.back();
    PetscCall(emit_path(hist, hl.Path().size() <= 64 ? stops : std::vector<double>()));
    out.AddDataset("path/alpha_loss_heps", l_he);
    out.AddDataset("path/wall", wall);
    js["optimizer"]    = hl.Optimizer();
    js["alpha"]        = hl.Alpha();
    metrics["steps"]   = static_cast<long>(hl.Path().size());
    metrics["converged_reason"]      = HomotopyConvergedReasonName(hl.Reason());
    metrics["converged_reason_code"] = static_cast<long>(hl.Reason());
  } else {
    std::vector<double> hist;
    PetscCall(PetscLogStagePush(Log::training));
    if (opt.method == "adam") PetscCall(adam.Solve(f, target, theta, &hist, &ckpt));
    else if (opt.method == "lbfgs") PetscCall(lbfgs.Solve(f, target, theta, &hist));
    else {
      GNResult res;
      PetscCall(GaussNewtonSolve(f, gn_ls, gn, target, theta, &res, "GN", &ckpt));
      hist.push_back(res.loss);
    }
    PetscCall(PetscLogStagePop());
    Vec r;
    PetscCall(f.CreateRowVec(&r));
    PetscCall(f.SetPoint(theta.data(), target));
    PetscCall(f.Loss(r, &final_pt.loss));
    PetscCall(VecDestroy(&r));
    PetscCall(observer(theta, target, &final_pt));
    out.AddDataset("history/loss", hist);
    js["history"] = Json::NumberArray(hist);
  }

  // Final figures.
  PetscCall(PetscLogStagePush(Log::evaluation));
  std::vector<double> u, exact;
  PetscCall(f.EvaluateU(theta.data(), eval.grid, &u));
  if (problem->HasExact(target))
    for (size_t q = 0; q < u.size(); ++q) exact.push_back(problem->Exact(&eval.grid[q * problem->Dim()], target));
  PetscCall(PetscLogStagePop());
  const double wall = MPI_Wtime() - t0;
  js["wall_s"]      = wall;
  metrics[problem->ParameterName()] = final_pt.lambda;
  metrics["loss"]   = final_pt.loss;
  const double final_l2re = final_pt.values[kL2re], final_xi = final_pt.values[kInterfaceX];
  metrics["l2re"]   = final_l2re >= 0 ? Json(final_l2re) : Json();
  if (problem->Dim() == 1) metrics["interface_x"] = final_xi >= 0 ? Json(final_xi) : Json();
  ckpt.Summarize(js);

  PetscCall(PetscPrintf(comm, "petnet: final %s = %g  loss = %.3e", problem->ParameterName(), final_pt.lambda,
                        final_pt.loss));
  if (final_l2re >= 0) PetscCall(PetscPrintf(comm, "  L2RE = %.3e", final_l2re));
  if (problem->Dim() == 1) PetscCall(PetscPrintf(comm, "  interface x = %.5f", final_xi));
  PetscCall(PetscPrintf(comm, "  wall %.2f s\n", wall));

  PetscCall(PetscLogStagePush(Log::output));
  out.AddDataset("theta", theta);
  const unsigned long long ne = static_cast<unsigned long long>(opt.n_eval);
  std::vector<unsigned long long> shape = problem->Dim() == 1 ? std::vector<unsigned long long>{ne}
                                                               : std::vector<unsigned long long>{ne, ne};
  out.AddDataset("eval/x", eval.grid, problem->Dim() == 1 ? shape : std::vector<unsigned long long>{ne * ne, 2});
  out.AddDataset("eval/u", u, shape);
  if (!exact.empty()) out.AddDataset("eval/exact", exact, shape);
  out.AddAttribute("problem", name);
  out.AddAttribute("method", opt.method);
  out.AddAttribute("options", OptionsString());
  PetscCall(out.Write(comm));
  if (out.enabled()) PetscCall(PetscPrintf(comm, "petnet: wrote %s.h5 and %s.json\n", out.prefix().c_str(), out.prefix().c_str()));
  PetscCall(PetscLogStagePop());
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
