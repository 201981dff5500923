// The shallow Ritz job: -problem ritz_exp | ritz_power | ritz_interface with
// -method dbn | adbn | bfgs | afem (Cai, Doktorova, Falgout, Herrera, "Efficient shallow Ritz method for 1D diffusion problems"; docs/ALGORITHMS.md).
//
//   build/bin/petnet -options_file_yaml inputs/ritz_exp.yaml -dbn_monitor -output out/ritz_exp
//   build/bin/petnet -problem ritz_interface -ritz_k 1e6 -ritz_n 15 -ritz_iterations 500
//   build/bin/petnet -problem ritz_power -method afem -ritz_n 10 -afem_refine 16
//
// The 1D problems are small: every rank runs the same deterministic computation and
// rank 0 prints and writes (the result does not depend on the number of ranks).
#include "jobs/job.hpp"

#include "core/random.hpp"
#include "core/session.hpp"
#include "ritz/diffusion1d.hpp"
#include "ritz/afem1d.hpp"
#include "ritz/ritz_bfgs.hpp"
#include "ritz/adbn.hpp"
#include "ritz/dbn.hpp"

#include <algorithm>
#include <cmath>

namespace petnet {

std::vector<std::string> RitzProblems() { return Diffusion1D::Names(); }

namespace {

struct RitzOptions {
  std::string method = "dbn";
  std::string init   = "uniform";
  std::string quadrature = "gauss";
  PetscInt    n      = 60;
  PetscReal   gamma  = 0; // 0: the problem's default
  PetscInt    quad   = 8;
  PetscInt    eval_n = 2001;
  PetscInt    seed   = 0;
};

PetscErrorCode ReadOptions(MPI_Comm comm, const Diffusion1D &pde, RitzOptions *o) {
  char method[64], init[64], quad[64];
  PetscFunctionBeginUser;
  PetscCall(PetscStrncpy(quad, o->quadrature.c_str(), sizeof quad));
  o->gamma = pde.DefaultGamma();
  PetscCall(PetscStrncpy(method, o->method.c_str(), sizeof method));
  PetscCall(PetscStrncpy(init, o->init.c_str(), sizeof init));
  PetscOptionsBegin(comm, nullptr, "Shallow Ritz job", "RitzJob");
  PetscCall(PetscOptionsString("-method", "dbn | adbn | bfgs | afem", "RitzJob", method, method, sizeof method, nullptr));
  PetscCall(PetscOptionsInt("-ritz_n", "Neurons n, counting the one fixed at b_0 = 0 (n - 1 free breakpoints); initial n for adbn, afem", "RitzJob", o->n, &o->n, nullptr));
  PetscCall(PetscOptionsReal("-ritz_gamma", "Penalty gamma of the boundary term at x = 1", "RitzJob", o->gamma,
                             &o->gamma, nullptr));
  PetscCall(PetscOptionsString("-ritz_init", "Initial breakpoints: uniform | random", "RitzJob", init, init, sizeof init,
                               nullptr));
  PetscCall(PetscOptionsString("-ritz_quadrature",
                               "Integrals of a, f: gauss (composite Gauss-Legendre) | exact (the problem's primitives)",
                               "RitzJob", quad, quad, sizeof quad, nullptr));
  PetscCall(PetscOptionsInt("-ritz_quad_points", "Gauss-Legendre points per interval", "RitzJob", o->quad, &o->quad,
                            nullptr));
  PetscCall(PetscOptionsInt("-ritz_eval_n", "Points of the output grid for u_n, u_n'", "RitzJob", o->eval_n, &o->eval_n,
                            nullptr));
  PetscCall(PetscOptionsInt("-seed", "Seed (random init, redistribution of neurons)", "RitzJob", o->seed, &o->seed,
                            nullptr));
  PetscOptionsEnd();
  o->method = method;
  o->init   = init;
  o->quadrature = quad;
  PetscCheck(o->quadrature == "gauss" || o->quadrature == "exact", comm, PETSC_ERR_ARG_UNKNOWN_TYPE,
             "unknown -ritz_quadrature %s (gauss, exact)", quad);
  PetscCheck(o->method == "dbn" || o->method == "adbn" || o->method == "bfgs" || o->method == "afem", comm,
             PETSC_ERR_ARG_UNKNOWN_TYPE, "unknown -method %s for %s (dbn, adbn, bfgs, afem)", method,
             pde.Name().c_str());
  PetscCheck(o->init == "uniform" || o->init == "random", comm, PETSC_ERR_ARG_UNKNOWN_TYPE,
             "unknown -ritz_init %s (uniform, random)", init);
  PetscCheck(o->n >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "-ritz_n must be >= 1, got %" PetscInt_FMT, o->n);
  PetscCheck(o->n <= 100000000, comm, PETSC_ERR_ARG_OUTOFRANGE, "-ritz_n must be <= 1e8, got %" PetscInt_FMT, o->n);
  PetscCheck(o->gamma > 0 && std::isfinite(o->gamma), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-ritz_gamma must be > 0, got %g", o->gamma);
  PetscCheck(o->quad >= 1 && o->quad <= 64, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-ritz_quad_points must be in [1, 64], got %" PetscInt_FMT, o->quad);
  PetscCheck(o->eval_n >= 2, comm, PETSC_ERR_ARG_OUTOFRANGE, "-ritz_eval_n must be >= 2, got %" PetscInt_FMT,
             o->eval_n);
  PetscCheck(o->seed >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-seed must be >= 0, got %" PetscInt_FMT, o->seed);
  PetscFunctionReturn(PETSC_SUCCESS);
}

Json NumberOrNull(double v) { return std::isfinite(v) ? Json(v) : Json(); }

} // namespace

PetscErrorCode RunRitzJob(MPI_Comm comm, const std::string &name, RunOutput &out) {
  Diffusion1D pde;
  RitzOptions opt;
  DbnOptions  dbn;
  AdbnOptions adbn;
  AfemOptions afem;
  RitzBfgs    bfgs;
  RitzEnergy  E;
  PetscFunctionBeginUser;
  const double t0 = MPI_Wtime();
  // 1. Every option read and validated before any work.
  PetscCall(Diffusion1D::Create(comm, name, &pde));
  PetscCall(pde.SetFromOptions(comm));
  PetscCall(ReadOptions(comm, pde, &opt));
  PetscCall(dbn.SetFromOptions(comm, !pde.Discontinuities().empty()));
  if (opt.method == "adbn") PetscCall(adbn.SetFromOptions(comm, "Adaptive dBN"));
  if (opt.method == "afem") PetscCall(afem.SetFromOptions(comm));
  if (opt.method == "bfgs") PetscCall(bfgs.SetFromOptions(comm, dbn.max_it));
  PetscCall(RitzEnergy::Create(comm, pde, opt.gamma, static_cast<int>(opt.quad), &E, opt.quadrature == "exact"));
  if (HelpRequested()) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(CheckUnusedOptions(comm));

  // 2. Initial model: breakpoints, c from the linear solve.
  Rng         rng(static_cast<std::uint64_t>(opt.seed));
  ShallowReLU model = ShallowReLU::Uniform(pde.Alpha(), static_cast<int>(opt.n) - 1);
  if (opt.init == "random") {
    for (double &b : model.b) b = rng.Uniform(1e-6, 1 - 1e-6);
    std::sort(model.b.begin(), model.b.end());
  }
  RitzMoments m;
  const double J_init = RitzSolveLinear(E, &model, &m);
  const double e_init = pde.HasExact() ? E.RelativeError(model) : NAN;
  PetscCall(PetscPrintf(comm, "petnet: %s | %s | %" PetscInt_FMT " neurons | gamma %g | %d rank(s)\n",
                        pde.Describe().c_str(), opt.method.c_str(), opt.n, opt.gamma, Size(comm)));
  PetscCall(PetscPrintf(comm, "  initial (%s breakpoints): e_n %.6e  J %.12e\n", opt.init.c_str(), e_init, J_init));

  // 3. Solve.
  DbnResult                  res;
  std::vector<AdaptiveLevel> levels;
  const long long            nb = static_cast<long long>(opt.n) * (dbn.max_it + 1);
  dbn.snapshot_every          = nb <= 2000000 ? 1 : static_cast<int>(nb / 2000000 + 1);
  if (opt.method == "dbn") {
    DampedBlockNewton solver(E, dbn, &rng);
    PetscCall(solver.Solve(comm, &model, &res));
  } else if (opt.method == "adbn") {
    dbn.snapshot_every = 0; // n changes between levels
    PetscCall(RunAdbn(comm, E, dbn, adbn, &rng, &model, &res, &levels));
  } else if (opt.method == "bfgs") {
    PetscCall(bfgs.Solve(comm, E, &model, &res, true, dbn.monitor));
  } else {
    PetscCall(RunAfem(comm, E, afem, dbn.monitor, &model, &levels));
    res.iterations = static_cast<int>(afem.refine);
    res.reason     = "refinements";
  }
  // the final energy at the returned (c, b) (BFGS's c is its own, not re-solved)
  E.Assemble(model.b.data(), model.NumBreakpoints(), &m);
  const double J   = E.Energy(model.b.data(), model.NumBreakpoints(), model.c.data(), m);
  const double e_n = pde.HasExact() ? E.RelativeError(model) : NAN;
  std::vector<double> xi_K;
  double              xi = NAN;
  PetscCall(ZZIndicators(E, model, &xi_K, &xi));
  const int    n    = model.Neurons();
  const double r    = RateR(e_n, n);
  const double wall = MPI_Wtime() - t0;
  PetscCall(PetscPrintf(comm, "  final: n %d  e_n %.6e  xi %.4e  r %.3f  J %.12e  iterations %d (%s)  wall %.3f s\n", n,
                        e_n, xi, r, J, res.iterations, res.reason.c_str(), wall));
  if (!pde.Discontinuities().empty())
    PetscCall(PetscPrintf(comm, "  relative energy-norm error |a^1/2 (u - u_n)'| / |a^1/2 u'|: %.6e\n",
                          pde.HasExact() ? E.RelativeError(model, true) : NAN));
  for (auto &L : levels)
    PetscCall(PetscPrintf(comm, "  level: n %d  e_n %.6e  xi %.4e  r %.3f\n", L.neurons, L.e_n, L.xi, L.r));

  // 4. Output.
  Json &js      = out.summary();
  js["problem"] = name;
  js["method"]  = opt.method;
  js["ranks"]   = Size(comm);
  js["wall_s"]  = wall;
  Json &par     = js["params"];
  par["n"]               = static_cast<long>(opt.n);
  par["gamma"]           = opt.gamma;
  par["alpha"]           = pde.Alpha();
  par["beta"]            = pde.Beta();
  if (pde.kind() == Diffusion1D::Kind::Interface) par["k"] = pde.K();
  par["iterations"]      = static_cast<long>(dbn.max_it);
  par["init"]            = opt.init;
  par["quad_points"]     = static_cast<long>(opt.quad);
  par["quadrature"]      = opt.quadrature;
  par["ls_type"]         = DbnLineSearchName(dbn.ls_type);
  par["redistribute"]    = DbnRedistributeName(dbn.redistribute);
  par["ls_reduced"]      = dbn.ls_reduced;
  par["seed"]            = static_cast<long>(opt.seed);
  if (opt.method == "adbn") {
    par["eps"] = adbn.eps, par["tau"] = adbn.tau, par["max_refine"] = static_cast<long>(adbn.max_refine);
  }
  if (opt.method == "afem") par["refine"] = static_cast<long>(afem.refine);
  Json &met        = js["metrics"];
  met["e_n"]       = NumberOrNull(e_n);
  met["xi"]        = NumberOrNull(xi);
  met["neurons"]   = n;
  met["iterations"] = res.iterations;
  met["rate_r"]    = NumberOrNull(r);
  met["energy"]    = J;
  met["e_n_initial"] = NumberOrNull(e_init);
  met["e_energy"]    = NumberOrNull(pde.HasExact() ? E.RelativeError(model, true) : NAN);
  if (!pde.Discontinuities().empty()) { // distance of the nearest breakpoint to a jump of a
    double gap = 1.0;
    for (double xd : pde.Discontinuities())
      for (double b : model.b) gap = std::min(gap, std::fabs(b - xd));
    met["interface_gap"] = gap;
    PetscCall(PetscPrintf(comm, "  nearest breakpoint to the interface: |b - x_d| = %g\n", gap));
  }
  js["stop_reason"] = res.reason;
  Json hist = Json::Array();
  std::vector<double> h_it, h_e, h_J, h_step, h_s1, h_s2, h_n;
  for (auto &h : res.history) {
    Json e    = Json::Object();
    e["it"]   = h.it;
    e["n"]    = h.neurons;
    e["e_n"]  = NumberOrNull(h.e_n);
    e["J"]    = h.J;
    e["step"] = h.step;
    e["s1"]   = h.s1;
    e["s2"]   = h.s2;
    hist.Push(e);
    h_it.push_back(h.it), h_e.push_back(h.e_n), h_J.push_back(h.J), h_step.push_back(h.step);
    h_s1.push_back(h.s1), h_s2.push_back(h.s2), h_n.push_back(h.neurons);
  }
  js["history"] = hist;
  if (!levels.empty()) {
    Json lv = Json::Array();
    std::vector<double> l_n, l_e, l_xi, l_r;
    for (auto &L : levels) {
      Json e  = Json::Object();
      e["n"]  = L.neurons;
      e["e_n"] = NumberOrNull(L.e_n);
      e["xi"] = NumberOrNull(L.xi);
      e["r"]  = NumberOrNull(L.r);
      e["iterations"] = L.iterations;
      lv.Push(e);
      l_n.push_back(L.neurons), l_e.push_back(L.e_n), l_xi.push_back(L.xi), l_r.push_back(L.r);
    }
    js["levels"] = lv;
    out.AddDataset("levels/neurons", l_n);
    out.AddDataset("levels/e_n", l_e);
    out.AddDataset("levels/xi", l_xi);
    out.AddDataset("levels/rate_r", l_r);
  }
  if (out.enabled()) {
    out.AddDataset("model/breakpoints", model.b);
    out.AddDataset("model/coefficients", model.c);
    out.AddDataset("model/alpha", {model.alpha});
    std::vector<double> x(opt.eval_n), u, du, ue(opt.eval_n), due(opt.eval_n);
    for (PetscInt i = 0; i < opt.eval_n; ++i) x[i] = static_cast<double>(i) / (opt.eval_n - 1);
    model.EvaluateSorted(x, &u, &du);
    for (PetscInt i = 0; i < opt.eval_n; ++i) ue[i] = pde.U(x[i]), due[i] = pde.DU(x[i]);
    const std::pair<const char *, std::vector<double> *> sets[] = {
        {"eval/x", &x},           {"eval/u", &u},           {"eval/du", &du},       {"eval/u_exact", &ue},
        {"eval/du_exact", &due},  {"history/iteration", &h_it}, {"history/e_n", &h_e}, {"history/J", &h_J},
        {"history/step", &h_step}, {"history/s1", &h_s1},   {"history/s2", &h_s2},  {"history/neurons", &h_n}};
    for (auto &d : sets) out.AddDataset(d.first, std::move(*d.second));
    if (!res.snapshots.empty()) {
      std::vector<double> flat;
      for (auto &s : res.snapshots) flat.insert(flat.end(), s.begin(), s.end());
      out.AddDataset("history/breakpoints", flat,
                     {static_cast<unsigned long long>(res.snapshots.size()), static_cast<unsigned long long>(n - 1)});
    }
    out.AddAttribute("options", OptionsString());
  }
  PetscCall(out.Write(comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
