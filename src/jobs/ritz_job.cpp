// The shallow Ritz job: -problem ritz_exp | ritz_power | ritz_interface with
// -method dbn | adbn | bfgs | afem (Cai, Doktorova, Falgout, Herrera, "Efficient shallow Ritz
// method for 1D diffusion problems"; docs/ALGORITHMS.md).
//
//   build/bin/petnet -options_file_yaml inputs/ritz_exp.yaml -dbn_monitor -output out/ritz_exp
//   build/bin/petnet -problem ritz_interface -ritz_k 1e6 -ritz_n 15 -ritz_iterations 500
//   build/bin/petnet -problem ritz_power -method afem -ritz_n 10 -afem_refine 16
//
// The 1D problems are small: every rank runs the same deterministic computation and
// rank 0 prints and writes (the result does not depend on the number of ranks).
// dbn and adbn checkpoint every iteration's state and stop on a signal (io/checkpoint.hpp).
#include "jobs/job.hpp"

#include "core/choice.hpp"
#include "core/finite.hpp"
#include "core/option_values.hpp"
#include "core/random.hpp"
#include "io/checkpoint.hpp"
#include "ritz/adbn.hpp"
#include "ritz/afem1d.hpp"
#include "ritz/dbn.hpp"
#include "ritz/diffusion1d.hpp"
#include "ritz/ritz_bfgs.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace petnet {

std::vector<std::string> RitzProblems() { return Diffusion1D::Names(); }

namespace {

// The choices and their names, in the same order.
enum class RitzMethod { Dbn, Adbn, Bfgs, Afem };
const Choices kMethods = {"dbn", "adbn", "bfgs", "afem"};
enum RitzInit { kUniform, kRandom };
const Choices kInits = {"uniform", "random"};
enum RitzQuadrature { kGauss, kExact };
const Choices kQuadrature = {"gauss", "exact"};

struct RitzOptions {
  PetscInt   method = 0, init = 0, quadrature = 0; // indices in kMethods, kInits, kQuadrature
  PetscInt   n      = 60;
  PetscReal  gamma  = 0; // 0: the problem's default
  PetscInt   quad   = 8;
  PetscInt   eval_n = 2001;
  PetscInt64 seed   = 0;
};

PetscErrorCode ReadOptions(MPI_Comm comm, const Diffusion1D &pde, RitzOptions *o) {
  PetscFunctionBeginUser;
  o->gamma = pde.DefaultGamma();
  PetscOptionsBegin(comm, nullptr, "Shallow Ritz job", "RitzJob");
  PetscCall(OptionsChoice(PetscOptionsObject, comm, "-method", "Method", "RitzJob", kMethods,
                          &o->method, pde.Name()));
  PetscCall(
      PetscOptionsInt("-ritz_n",
                      "Neurons n, counting the one fixed at b_0 = 0 (n - 1 free breakpoints); "
                      "initial n for adbn, afem",
                      "RitzJob", o->n, &o->n, nullptr));
  PetscCall(PetscOptionsReal("-ritz_gamma", "Penalty gamma of the boundary term at x = 1",
                             "RitzJob", o->gamma, &o->gamma, nullptr));
  PetscCall(OptionsChoice(PetscOptionsObject, comm, "-ritz_init", "Initial breakpoints", "RitzJob",
                          kInits, &o->init));
  PetscCall(
      OptionsChoice(PetscOptionsObject, comm, "-ritz_quadrature",
                    "Integrals of a, f: composite Gauss-Legendre, or the problem's primitives",
                    "RitzJob", kQuadrature, &o->quadrature));
  PetscCall(PetscOptionsInt("-ritz_quad_points", "Gauss-Legendre points per interval", "RitzJob",
                            o->quad, &o->quad, nullptr));
  PetscCall(PetscOptionsInt("-ritz_eval_n", "Points of the output grid for u_n, u_n'", "RitzJob",
                            o->eval_n, &o->eval_n, nullptr));
  PetscCall(OptionsInt64(PetscOptionsObject, comm, "-seed",
                         "Seed (random init, redistribution of neurons)", "RitzJob", 0, kMaxSeed,
                         &o->seed));
  PetscOptionsEnd();
  PetscCheck(o->n >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "-ritz_n must be >= 1, got %" PetscInt_FMT,
             o->n);
  PetscCheck(o->n <= 100000000, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-ritz_n must be <= 1e8, got %" PetscInt_FMT, o->n);
  PetscCheck(o->gamma > 0 && std::isfinite(o->gamma), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-ritz_gamma must be > 0, got %g", o->gamma);
  PetscCheck(o->quad >= 1 && o->quad <= 64, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-ritz_quad_points must be in [1, 64], got %" PetscInt_FMT, o->quad);
  PetscCheck(o->eval_n >= 2, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-ritz_eval_n must be >= 2, got %" PetscInt_FMT, o->eval_n);
  PetscFunctionReturn(PETSC_SUCCESS);
}

Json NumberOrNull(double v) { return std::isfinite(v) ? Json(v) : Json(); }

/// A column of the per-iteration history: the HDF5 dataset history/NAME and the summary's
/// "history" object hold the same values.
struct HistoryColumn {
  const char *name, *description;
};

const HistoryColumn kHistory[] = {{"iteration", "the iteration number"},
                                  {"e_n", "relative H1-seminorm error"},
                                  {"J", "the Ritz energy after the linear solve"},
                                  {"step", "the line-search step eta"},
                                  {"s1", "|S1|: neurons with negligible coefficients"},
                                  {"s2", "|S2|: frozen breakpoints"},
                                  {"neurons", "neurons at that iteration"}};

constexpr size_t kHistoryColumns = sizeof kHistory / sizeof kHistory[0];

class RitzJob : public Job {
public:
  using Job::Job;
  std::string  Method() const override { return kMethods[opt_.method]; }
  SolveOutcome Outcome() const override {
    char buf[160];
    if (res_.code == DBN_DIVERGED_SIGNAL) {
      snprintf(buf, sizeof buf, "after %d iterations, %d neurons", res_.iterations,
               model_.Neurons());
      return SignalOutcome(res_.code, ckpt_.StopSignal(), buf);
    }
    snprintf(buf, sizeof buf, "%d iterations, %d neurons, J = %s, stop: %s", res_.iterations,
             model_.Neurons(), FiniteText(J_, "%.6e").c_str(), res_.reason.c_str());
    SolveOutcome o = MakeOutcome(res_.code, res_.code_name, buf);
    if (o.Converged() && !std::isfinite(J_))
      o = SolveOutcome{-3, "nan", std::string("the final energy is not finite; ") + buf};
    return o;
  }

  PetscErrorCode SetFromOptions() override {
    PetscFunctionBeginUser;
    PetscCall(Diffusion1D::Create(comm_, problem_, &pde_));
    PetscCall(pde_.SetFromOptions(comm_));
    PetscCall(ReadOptions(comm_, pde_, &opt_));
    method_ = static_cast<RitzMethod>(opt_.method);
    PetscCall(dbn_.SetFromOptions(comm_, !pde_.Discontinuities().empty()));
    if (method_ == RitzMethod::Adbn) PetscCall(adbn_.SetFromOptions(comm_, "Adaptive dBN"));
    if (method_ == RitzMethod::Afem) PetscCall(afem_.SetFromOptions(comm_));
    if (method_ == RitzMethod::Bfgs) PetscCall(bfgs_.SetFromOptions(comm_, dbn_.max_it));
    PetscCall(RitzEnergy::Create(comm_, pde_, opt_.gamma, static_cast<int>(opt_.quad), &E_,
                                 opt_.quadrature == kExact));
    PetscCall(ckpt_.SetFromOptions(comm_, out_.prefix()));
    PetscCheck(!(ckpt_.Saving() || ckpt_.Restarting()) || Keeps(), comm_, PETSC_ERR_SUP,
               "-checkpoint_every / -restart: not implemented for -method %s (dbn, adbn)",
               Method().c_str());
    PetscFunctionReturn(PETSC_SUCCESS);
  }

  /// The initial model: breakpoints, c from the linear solve.
  PetscErrorCode SetUp() override {
    PetscFunctionBeginUser;
    rng_   = Rng(static_cast<std::uint64_t>(opt_.seed));
    model_ = ShallowReLU::Uniform(pde_.Alpha(), static_cast<int>(opt_.n) - 1);
    if (opt_.init == kRandom) {
      for (double &b : model_.b) b = rng_.Uniform(1e-6, 1 - 1e-6);
      std::sort(model_.b.begin(), model_.b.end());
    }
    RitzMoments  m;
    const double J_init = RitzSolveLinear(E_, &model_, &m);
    e_init_             = pde_.HasExact() ? E_.RelativeError(model_) : NAN;
    PetscCall(
        PetscPrintf(comm_, "petnet: %s | %s | %" PetscInt_FMT " neurons | gamma %g | %d rank(s)\n",
                    pde_.Describe().c_str(), Method().c_str(), opt_.n, opt_.gamma, Size(comm_)));
    PetscCall(PetscPrintf(comm_, "  initial (%s breakpoints): e_n %s  J %s\n", kInits[opt_.init],
                          FiniteText(e_init_, "%.6e").c_str(),
                          FiniteText(J_init, "%.12e").c_str()));
    // what a checkpoint must match: the problem, the method, the initial model, the energy
    ckpt_.Identify("problem", problem_);
    ckpt_.Identify("method", Method());
    ckpt_.Identify("neurons", std::to_string(opt_.n));
    ckpt_.Identify("seed", std::to_string(opt_.seed));
    ckpt_.Identify("quad_points", std::to_string(opt_.quad));
    ckpt_.Identify("gamma", opt_.gamma);
    ckpt_.Identify("init", kInits[opt_.init]);
    ckpt_.Identify("quadrature", kQuadrature[opt_.quadrature]);
    if (Keeps()) PetscCall(ckpt_.Load());
    PetscFunctionReturn(PETSC_SUCCESS);
  }

  PetscErrorCode Solve() override {
    PetscFunctionBeginUser;
    const long long nb  = static_cast<long long>(opt_.n) * (dbn_.max_it + 1);
    dbn_.snapshot_every = nb <= 2000000 ? 1 : static_cast<int>(nb / 2000000 + 1);
    switch (method_) {
    case RitzMethod::Dbn: {
      DampedBlockNewton solver(E_, dbn_, &rng_);
      PetscCall(solver.Solve(comm_, &model_, &res_, 0, &ckpt_));
    } break;
    case RitzMethod::Adbn:
      dbn_.snapshot_every = 0; // n changes between levels
      PetscCall(RunAdbn(comm_, E_, dbn_, adbn_, &rng_, &model_, &res_, &levels_, &ckpt_));
      break;
    case RitzMethod::Bfgs:
      PetscCall(bfgs_.Solve(comm_, E_, &model_, &res_, true, dbn_.monitor));
      break;
    case RitzMethod::Afem:
      PetscCall(RunAfem(comm_, E_, afem_, dbn_.monitor, &model_, &levels_));
      res_.iterations = static_cast<int>(afem_.refine);
      res_.reason     = "refinements";
      res_.code       = 1; // a fixed number of refinements: the normal end
      res_.code_name  = "CONVERGED_REFINEMENTS";
      break;
    }
    if (dbn_.view_reason)
      PetscCall(PetscPrintf(comm_, "%s %s after %d iterations (%s)\n", Method().c_str(),
                            res_.code_name.c_str(), res_.iterations, res_.reason.c_str()));
    PetscFunctionReturn(PETSC_SUCCESS);
  }

  /// The final energy at the returned (c, b) (BFGS's c is its own, not re-solved), errors.
  PetscErrorCode Evaluate() override {
    RitzMoments         m;
    std::vector<double> xi_K;
    PetscFunctionBeginUser;
    E_.Assemble(model_.b.data(), model_.NumBreakpoints(), &m);
    J_   = E_.Energy(model_.b.data(), model_.NumBreakpoints(), model_.c.data(), m);
    e_n_ = pde_.HasExact() ? E_.RelativeError(model_) : NAN;
    PetscCall(ZZIndicators(E_, model_, &xi_K, &xi_));
    r_ = RateR(e_n_, model_.Neurons());
    PetscFunctionReturn(PETSC_SUCCESS);
  }

  PetscErrorCode Summarize(double wall) override;
  PetscErrorCode AddDatasets() override;

private:
  /// dBN and AdBN keep checkpoints and stop on signals (BFGS runs inside TAO, AFEM is a
  /// fixed number of refinements).
  bool           Keeps() const { return method_ == RitzMethod::Dbn || method_ == RitzMethod::Adbn; }
  PetscErrorCode PrintFinal(double wall);
  void           SummarizeParams();
  PetscErrorCode SummarizeMetrics();
  void           SummarizeHistory();
  /// res_.history as the columns of kHistory.
  std::vector<std::vector<double>> HistoryColumns() const;
  void                             SummarizeLevels();

  Diffusion1D                pde_;
  RitzOptions                opt_;
  RitzMethod                 method_ = RitzMethod::Dbn;
  DbnOptions                 dbn_;
  AdbnOptions                adbn_;
  AfemOptions                afem_;
  RitzBfgs                   bfgs_;
  Checkpoint                 ckpt_;
  RitzEnergy                 E_;
  Rng                        rng_{0};
  ShallowReLU                model_;
  DbnResult                  res_;
  std::vector<AdaptiveLevel> levels_;
  double                     e_init_ = NAN, J_ = 0, e_n_ = NAN, xi_ = NAN, r_ = NAN;
};

PetscErrorCode RitzJob::PrintFinal(double wall) {
  PetscFunctionBeginUser;
  PetscCall(PetscPrintf(comm_,
                        "  final: n %d  e_n %s  xi %s  r %s  J %s  iterations %d (%s)  "
                        "wall %.3f s\n",
                        model_.Neurons(), FiniteText(e_n_, "%.6e").c_str(),
                        FiniteText(xi_, "%.4e").c_str(), FiniteText(r_, "%.3f").c_str(),
                        FiniteText(J_, "%.12e").c_str(), res_.iterations, res_.reason.c_str(),
                        wall));
  if (!pde_.Discontinuities().empty())
    PetscCall(PetscPrintf(comm_,
                          "  relative energy-norm error |a^1/2 (u - u_n)'| / |a^1/2 u'|: %.6e\n",
                          pde_.HasExact() ? E_.RelativeError(model_, true) : NAN));
  for (auto &L : levels_)
    PetscCall(PetscPrintf(comm_, "  level: n %d  e_n %.6e  xi %.4e  r %.3f\n", L.neurons, L.e_n,
                          L.xi, L.r));
  PetscFunctionReturn(PETSC_SUCCESS);
}

void RitzJob::SummarizeParams() {
  Json &par    = Summary()["settings"];
  par["n"]     = static_cast<long>(opt_.n);
  par["gamma"] = opt_.gamma;
  par["alpha"] = pde_.Alpha();
  par["beta"]  = pde_.Beta();
  if (pde_.kind() == Diffusion1D::Kind::Interface) par["k"] = pde_.K();
  par["iterations"]   = static_cast<long>(dbn_.max_it);
  par["init"]         = kInits[opt_.init];
  par["quad_points"]  = static_cast<long>(opt_.quad);
  par["quadrature"]   = kQuadrature[opt_.quadrature];
  par["ls_type"]      = DbnLineSearchName(dbn_.ls_type);
  par["redistribute"] = DbnRedistributeName(dbn_.redistribute);
  par["ls_reduced"]   = dbn_.ls_reduced;
  par["seed"]         = static_cast<long>(opt_.seed);
  if (method_ == RitzMethod::Adbn) {
    par["eps"] = adbn_.eps, par["tau"] = adbn_.tau,
    par["max_refine"] = static_cast<long>(adbn_.max_refine);
  }
  if (method_ == RitzMethod::Afem) par["refine"] = static_cast<long>(afem_.refine);
}

PetscErrorCode RitzJob::SummarizeMetrics() {
  PetscFunctionBeginUser;
  Json &met          = Summary()["metrics"];
  met["e_n"]         = NumberOrNull(e_n_);
  met["xi"]          = NumberOrNull(xi_);
  met["neurons"]     = model_.Neurons();
  met["iterations"]  = res_.iterations;
  met["rate_r"]      = NumberOrNull(r_);
  met["energy"]      = J_;
  met["e_n_initial"] = NumberOrNull(e_init_);
  met["e_energy"]    = NumberOrNull(pde_.HasExact() ? E_.RelativeError(model_, true) : NAN);
  if (!pde_.Discontinuities().empty()) { // distance of the nearest breakpoint to a jump of a
    double gap = 1.0;
    for (double xd : pde_.Discontinuities())
      for (double b : model_.b) gap = std::min(gap, std::fabs(b - xd));
    met["interface_gap"] = gap;
    PetscCall(PetscPrintf(comm_, "  nearest breakpoint to the interface: |b - x_d| = %g\n", gap));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

std::vector<std::vector<double>> RitzJob::HistoryColumns() const {
  std::vector<std::vector<double>> c(kHistoryColumns);
  for (auto &h : res_.history) {
    const double v[kHistoryColumns] = {static_cast<double>(h.it),
                                       h.e_n,
                                       h.J,
                                       h.step,
                                       static_cast<double>(h.s1),
                                       static_cast<double>(h.s2),
                                       static_cast<double>(h.neurons)};
    for (size_t k = 0; k < kHistoryColumns; ++k) c[k].push_back(v[k]);
  }
  return c;
}

void RitzJob::SummarizeHistory() {
  const std::vector<std::vector<double>> c    = HistoryColumns();
  Json                                  &hist = Summary()["history"];
  hist                                        = Json::Object();
  for (size_t k = 0; k < kHistoryColumns; ++k) hist[kHistory[k].name] = Json::NumberArray(c[k]);
}

void RitzJob::SummarizeLevels() {
  if (levels_.empty()) return;
  Json lv = Json::Array();
  for (auto &L : levels_) {
    Json e          = Json::Object();
    e["n"]          = L.neurons;
    e["e_n"]        = NumberOrNull(L.e_n);
    e["xi"]         = NumberOrNull(L.xi);
    e["r"]          = NumberOrNull(L.r);
    e["iterations"] = L.iterations;
    lv.Push(e);
  }
  Summary()["levels"] = lv;
}

PetscErrorCode RitzJob::Summarize(double wall) {
  PetscFunctionBeginUser;
  PetscCall(PrintFinal(wall));
  SummarizeParams();
  PetscCall(SummarizeMetrics());
  Summary()["stop_reason"] = res_.reason;
  SummarizeHistory();
  SummarizeLevels();
  ckpt_.Summarize(Summary());
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RitzJob::AddDatasets() {
  PetscFunctionBeginUser;
  if (!out_.enabled()) PetscFunctionReturn(PETSC_SUCCESS);
  std::vector<double> l_n, l_e, l_xi, l_r;
  for (auto &L : levels_)
    l_n.push_back(L.neurons), l_e.push_back(L.e_n), l_xi.push_back(L.xi), l_r.push_back(L.r);
  if (!levels_.empty()) {
    out_.AddDataset("levels/neurons", {"level", "neurons of each refinement level"}, l_n);
    out_.AddDataset("levels/e_n", {"level", "relative H1-seminorm error at each level"}, l_e);
    out_.AddDataset("levels/xi", {"level", "the error estimate xi at each level"}, l_xi);
    out_.AddDataset("levels/rate_r", {"level", "the rate r of e_n = n^(-r)"}, l_r);
  }
  out_.AddDataset("model/breakpoints", {"breakpoint", "the interior ReLU breakpoints (sorted)"},
                  model_.b);
  out_.AddDataset("model/coefficients", {"coefficient", "the coefficients c of the model"},
                  model_.c);
  out_.AddDataset("model/alpha", {"value", "the model's value at x = 0, alpha = u_n(0)"},
                  {model_.alpha});
  std::vector<double> x(opt_.eval_n), u, du, ue(opt_.eval_n), due(opt_.eval_n);
  for (PetscInt i = 0; i < opt_.eval_n; ++i) x[i] = static_cast<double>(i) / (opt_.eval_n - 1);
  model_.EvaluateSorted(x, &u, &du);
  for (PetscInt i = 0; i < opt_.eval_n; ++i) ue[i] = pde_.U(x[i]), due[i] = pde_.DU(x[i]);
  const char *X = "x";
  const struct {
    const char          *path;
    DatasetInfo          info;
    std::vector<double> *data;
  } sets[] = {{"eval/x", {X, "the evaluation grid on [0, 1]"}, &x},
              {"eval/u", {X, "the model's solution"}, &u},
              {"eval/du", {X, "its derivative u'"}, &du},
              {"eval/u_exact", {X, "the exact solution"}, &ue},
              {"eval/du_exact", {X, "the exact derivative"}, &due}};
  for (auto &d : sets) out_.AddDataset(d.path, d.info, std::move(*d.data));
  std::vector<std::vector<double>> hist = HistoryColumns();
  for (size_t k = 0; k < kHistoryColumns; ++k)
    out_.AddDataset(std::string("history/") + kHistory[k].name,
                    {"iteration", kHistory[k].description}, std::move(hist[k]));
  if (!res_.snapshots.empty()) {
    std::vector<double> flat;
    for (auto &s : res_.snapshots) flat.insert(flat.end(), s.begin(), s.end());
    out_.AddDataset("history/breakpoints",
                    {"snapshot, breakpoint", "the breakpoints at each snapshot iteration"}, flat,
                    {static_cast<unsigned long long>(res_.snapshots.size()),
                     static_cast<unsigned long long>(model_.Neurons() - 1)});
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace

std::unique_ptr<Job> CreateRitzJob(MPI_Comm comm, const std::string &problem, RunOutput &out) {
  return std::make_unique<RitzJob>(comm, problem, out);
}

} // namespace petnet
