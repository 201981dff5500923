#include "ritz/dbn.hpp"
#include "ritz/adbn.hpp"
#include "ritz/dbn_state.hpp"

#include "core/choice.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace petnet {

namespace {
PetscLogEvent  ev_solve = 0, ev_ls = 0;
PetscErrorCode RegisterEvents() {
  PetscFunctionBeginUser;
  if (!ev_solve) {
    PetscClassId cid;
    PetscCall(PetscClassIdRegister("petnet-dbn", &cid));
    PetscCall(PetscLogEventRegister("DBNLinearNewton", cid, &ev_solve));
    PetscCall(PetscLogEventRegister("DBNLineSearch", cid, &ev_ls));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

const char *const kLineSearchNames[]   = {"brent", "quadratic"};  // indexed by DbnLineSearch
const char *const kRedistributeNames[] = {"random", "indicator"}; // indexed by DbnRedistribute
enum class LsReduced { Auto, On, Off };
const char *const kLsReducedNames[] = {"auto", "on", "off"}; // indexed by LsReduced

/// φ(η) = J(c, b + ηp) with c frozen, or the reduced energy min_c J(c, b + ηp) (the linear
/// parameters follow the breakpoints), counting its evaluations.
class LineEnergy {
public:
  LineEnergy(const RitzEnergy &E, bool reduced, const ShallowReLU &model,
             const std::vector<double> &p, std::vector<double> &trial, RitzWork &work)
      : E_(E), reduced_(reduced), model_(model), p_(p), trial_(trial), work_(work) {}
  /// φ(t); a non-finite energy counts as +inf, so the search rejects that trial step.
  double operator()(double t) {
    const double J = Evaluate(t);
    return std::isfinite(J) ? J : HUGE_VAL;
  }
  int Evals() const { return evals_; }

private:
  double Evaluate(double t) {
    const int n = model_.NumBreakpoints();
    for (int i = 0; i < n; ++i) trial_[i] = model_.b[i] + t * p_[i];
    ++evals_;
    if (!reduced_) return E_.EnergyAt(trial_, model_.c, &work_);
    for (double &x : trial_) x = std::min(1.0, std::max(0.0, x));
    if (!std::is_sorted(trial_.begin(), trial_.end())) std::sort(trial_.begin(), trial_.end());
    work_.c.resize(n + 1);
    E_.Assemble(trial_.data(), n, &work_.m);
    E_.SolveLinear(trial_.data(), n, work_.m, work_.c.data());
    return E_.Energy(trial_.data(), n, work_.c.data(), work_.m);
  }
  const RitzEnergy          &E_;
  const bool                 reduced_;
  const ShallowReLU         &model_;
  const std::vector<double> &p_;
  std::vector<double>       &trial_;
  RitzWork                  &work_;
  int                        evals_ = 0;
};

/// The best point x (φ(x) = fx) found so far and the interval [lo, hi] around it.
struct Bracket {
  double x, fx, lo, hi;
};

/// -dbn_ls_type quadratic: φ(η) ≈ J0 + slope0 η + a η² through φ(x); its minimizer,
/// safeguarded to [x/10, min(4x, cap)], is tried once; on no decrease, shrink x and
/// repeat (a few shrinks only: when no step lowers J, the energy differences are at
/// rounding level). The best point so far (η = 0 when none is lower) ends in br.
void QuadraticSteps(LineEnergy &phi, const DbnOptions &o, double J0, double slope0, double cap,
                    Bracket *br) {
  double x = br->x, fx = br->fx, best = 0, fbest = J0;
  while (phi.Evals() < std::min<PetscInt>(o.ls_max_eval, 4)) {
    if (fx < fbest) best = x, fbest = fx;
    const double a = (fx - J0 - slope0 * x) / (x * x);
    if (a > 0) {
      const double t = std::min(std::max(-slope0 / (2 * a), 0.1 * x), std::min(4 * x, cap));
      if (std::fabs(t - x) > o.ls_rtol * x) {
        const double ft = phi(t);
        if (ft < fbest) best = t, fbest = ft;
      }
    }
    if (fbest < J0 || x < 1e-14) break;
    x *= 0.25;
    fx = phi(x);
  }
  *br = {best, fbest, 0.5 * best, 2 * best};
}

/// φ(x) < J0: double x (up to cap) while φ decreases; [lo, hi] brackets the minimum.
void Expand(LineEnergy &phi, const DbnOptions &o, double cap, Bracket *br) {
  double x = br->x, fx = br->fx, hi = br->hi, xp = 0;
  while (x < cap && phi.Evals() < o.ls_max_eval / 2) {
    const double xn = std::min(2 * x, cap), fn = phi(xn);
    if (fn >= fx) {
      hi = xn;
      break;
    }
    xp = x, x = xn, fx = fn, hi = x;
  }
  *br = {x, fx, xp, hi};
}

/// φ(x) ≥ J0: quarter x until φ < J0; false when no decrease is found.
bool Shrink(LineEnergy &phi, const DbnOptions &o, double J0, Bracket *br) {
  double xs = br->x;
  while (phi.Evals() < o.ls_max_eval / 2) {
    xs *= 0.25;
    const double fs = phi(xs);
    if (fs < J0) {
      br->hi = 4 * xs, br->x = xs, br->fx = fs;
      break;
    }
  }
  if (!(br->fx < J0)) return false;
  br->lo = 0;
  return true;
}

/// Brent's minimization (golden section + parabolic steps) on [lo, hi] around x, to the
/// relative tolerance ls_rtol or the evaluation budget.
void Brent(LineEnergy &phi, const DbnOptions &o, Bracket *br) {
  const double gold = 0.3819660112501051;
  double x = br->x, fx = br->fx, a = br->lo, b = br->hi, w = x, v = x, fw = fx, fv = fx, d = 0,
         e = 0;
  while (phi.Evals() < o.ls_max_eval) {
    const double m = 0.5 * (a + b), tol = o.ls_rtol * std::fabs(x) + 1e-300, t2 = 2 * tol;
    if (std::fabs(x - m) <= t2 - 0.5 * (b - a)) break;
    bool parabolic = false;
    if (std::fabs(e) > tol) {
      double r = (x - w) * (fx - fv), q = (x - v) * (fx - fw), pp = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) pp = -pp;
      else q = -q;
      const double etmp = e;
      e                 = d;
      if (std::fabs(pp) < std::fabs(0.5 * q * etmp) && pp > q * (a - x) && pp < q * (b - x)) {
        d              = pp / q;
        parabolic      = true;
        const double u = x + d;
        if (u - a < t2 || b - u < t2) d = x < m ? tol : -tol;
      }
    }
    if (!parabolic) {
      e = (x < m ? b : a) - x;
      d = gold * e;
    }
    const double u = x + (std::fabs(d) >= tol ? d : (d > 0 ? tol : -tol)), fu = phi(u);
    if (fu <= fx) {
      if (u < x) b = x;
      else a = x;
      v = w, fv = fw, w = x, fw = fx, x = u, fx = fu;
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w == x) v = w, fv = fw, w = u, fw = fu;
      else if (fu <= fv || v == x || v == w) v = u, fv = fu;
    }
  }
  *br = {x, fx, a, b};
}

/// J has a kink where a free breakpoint crosses a jump of a; the minimum is often exactly
/// there (a breakpoint settling on the interface), which Brent only approaches. Tries up
/// to 8 such η in [lo/2, 2hi].
void TryKinks(LineEnergy &phi, const std::vector<double> &jumps, const ShallowReLU &model,
              const std::vector<double> &p, double cap, Bracket *br) {
  if (jumps.empty()) return;
  int tried = 0;
  for (int i = 0; i < model.NumBreakpoints() && tried < 8; ++i) {
    if (p[i] == 0) continue;
    for (double xd : jumps) {
      const double t = (xd - model.b[i]) / p[i];
      if (t > 0 && t <= cap && t >= 0.5 * br->lo && t <= 2 * br->hi) {
        const double ft = phi(t);
        ++tried;
        if (ft < br->fx) br->x = t, br->fx = ft;
      }
    }
  }
}

/// The line minimization of DampedBlockNewton::LineSearch; false: stay at η = 0 (p is not
/// a descent direction, or no decrease was found).
bool MinimizeAlong(LineEnergy &phi, const DbnOptions &o, const std::vector<double> &jumps,
                   const ShallowReLU &model, const std::vector<double> &p, double J0, double slope0,
                   Bracket *br) {
  double pmax = 0;
  for (double v : p) pmax = std::max(pmax, std::fabs(v));
  if (!(slope0 < 0) || pmax == 0) return false;
  // No point moves farther than the length of the domain.
  const double cap = 1.0 / pmax;
  // 1. Bracket: start at the Newton step η = 1, expand while J decreases, shrink until it does.
  const double x = std::min(1.0, cap);
  *br            = {x, phi(x), 0, x};
  if (o.ls_type == DbnLineSearch::Quadratic) QuadraticSteps(phi, o, J0, slope0, cap, br);
  else if (br->fx < J0) Expand(phi, o, cap, br);
  else if (!Shrink(phi, o, J0, br)) return false;
  // 2. Brent on the bracket; 3. the kinks at jumps of a.
  if (o.ls_type == DbnLineSearch::Brent && (br->hi > br->x || br->lo < br->x)) Brent(phi, o, br);
  TryKinks(phi, jumps, model, p, cap, br);
  return true;
}
} // namespace

const char *DbnLineSearchName(DbnLineSearch t) { return kLineSearchNames[static_cast<int>(t)]; }
const char *DbnRedistributeName(DbnRedistribute r) {
  return kRedistributeNames[static_cast<int>(r)];
}

PetscErrorCode DbnOptions::SetFromOptions(MPI_Comm comm, bool jumps) {
  LsReduced r = LsReduced::Auto;
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr, "Damped block Newton (shallow Ritz)", "DBN");
  PetscCall(PetscOptionsInt("-ritz_iterations", "dBN iterations (per refinement level for adbn)",
                            "DBN", max_it, &max_it, nullptr));
  PetscCall(PetscOptionsReal(
      "-dbn_delta", "delta_1: |c_j| or |g'_j| below delta*max excludes neuron j (sets S1, S2)",
      "DBN", delta, &delta, nullptr));
  PetscCall(PetscOptionsReal("-dbn_ls_rtol", "Relative tolerance of the line minimization in eta",
                             "DBN", ls_rtol, &ls_rtol, nullptr));
  PetscCall(PetscOptionsInt("-dbn_ls_max_eval", "Energy evaluations per line search", "DBN",
                            ls_max_eval, &ls_max_eval, nullptr));
  PetscCall(OptionsMonitor(PetscOptionsObject, comm, "-dbn_monitor",
                           "Print e_n, J, step, |S1|, |S2| every iteration", "DBN",
                           MonitorForm::kSwitch, monitor, &monitor_spec));
  monitor = monitor_spec.On() ? PETSC_TRUE : PETSC_FALSE;
  PetscCall(PetscOptionsBool("-dbn_converged_reason", "Print why the Ritz solver stopped", "DBN",
                             view_reason, &view_reason, nullptr));
  PetscCall(OptionsEnum(PetscOptionsObject, comm, "-dbn_redistribute",
                        "Where S1 neurons go: random (Remark 5.4) | indicator (largest ZZ)", "DBN",
                        kRedistributeNames, &redistribute));
  PetscCall(OptionsEnum(PetscOptionsObject, comm, "-dbn_ls_reduced",
                        "Line search on min_c J(c, b + eta p), c re-solved per trial: auto (on "
                        "unless a jumps) | on | off",
                        "DBN", kLsReducedNames, &r));
  PetscCall(OptionsEnum(PetscOptionsObject, comm, "-dbn_ls_type",
                        "Line minimization: brent | quadratic (2 energy evaluations)", "DBN",
                        kLineSearchNames, &ls_type));
  PetscOptionsEnd();
  ls_reduced = r == LsReduced::On || (r == LsReduced::Auto && !jumps);
  PetscCheck(max_it >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-ritz_iterations must be >= 0, got %" PetscInt_FMT, max_it);
  PetscCheck(delta >= 0 && delta < 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-dbn_delta must be in [0, 1), got %g", delta);
  PetscCheck(ls_rtol > 0 && ls_rtol < 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-dbn_ls_rtol must be in (0, 1), got %g", ls_rtol);
  PetscCheck(ls_max_eval >= 2, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-dbn_ls_max_eval must be >= 2, got %" PetscInt_FMT, ls_max_eval);
  PetscFunctionReturn(PETSC_SUCCESS);
}

double RitzSolveLinear(const RitzEnergy &E, ShallowReLU *model, RitzMoments *m) {
  const int n = model->NumBreakpoints();
  model->c.resize(n + 1);
  E.Assemble(model->b.data(), n, m);
  E.SolveLinear(model->b.data(), n, *m, model->c.data());
  return E.Energy(model->b.data(), n, model->c.data(), *m);
}

PetscErrorCode RitzUniformModel(const RitzEnergy &E, int n, ShallowReLU *model) {
  PetscFunctionBeginUser;
  *model = ShallowReLU::Uniform(E.Alpha(), n);
  RitzMoments m;
  (void)RitzSolveLinear(E, model, &m);
  PetscFunctionReturn(PETSC_SUCCESS);
}

bool DampedBlockNewton::NewtonDirection(int n, const double *c, const double *g, const double *gp,
                                        const char *free_set, double gamma, double gbb,
                                        bool abs_diag, double *p) {
  // (B + γ1cᵀ)p = −r, r = g − γβ̄1, on the free set. Sherman–Morrison with w = B⁻¹:
  //   p = −w∘r + w · (cᵀ(w∘r)) / (1/γ + cᵀw)
  // (dividing by γ keeps the formula exact for γ = 1e11).
  double cwr = 0, cw = 0;
  for (int j = 0; j < n; ++j) {
    if (!free_set[j]) continue;
    const double bj = abs_diag ? std::copysign(std::fabs(gp[j]), c[j]) : gp[j];
    const double w  = 1.0 / bj;
    cwr += c[j] * w * (g[j] - gbb);
    cw += c[j] * w;
  }
  const double den = 1.0 / gamma + cw;
  const bool   ok  = std::fabs(den) > 1e-14 * (1.0 / gamma + std::fabs(cw));
  const double t   = ok ? cwr / den : 0.0;
  for (int j = 0; j < n; ++j) {
    if (!free_set[j]) {
      p[j] = 0;
      continue;
    }
    const double bj = abs_diag ? std::copysign(std::fabs(gp[j]), c[j]) : gp[j];
    p[j]            = (-(g[j] - gbb) + t) / bj;
  }
  return ok;
}

PetscErrorCode DampedBlockNewton::LineSearch(const ShallowReLU &model, const std::vector<double> &p,
                                             double J0, double slope0, double *eta, double *Jmin,
                                             int *evals) const {
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(ev_ls, 0, 0, 0, 0));
  trial_.resize(model.NumBreakpoints());
  LineEnergy phi(E_, opt_.ls_reduced, model, p, trial_, work_);
  Bracket    br;
  *eta = 0, *Jmin = J0;
  if (MinimizeAlong(phi, opt_, E_.Problem().Discontinuities(), model, p, J0, slope0, &br))
    *eta = br.x, *Jmin = br.fx;
  *evals = phi.Evals();
  PetscCall(PetscLogEventEnd(ev_ls, 0, 0, 0, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

double DampedBlockNewton::NewtonStep(const ShallowReLU &model, const RitzMoments &m,
                                     DbnRecord *rec) const {
  const int   n   = model.NumBreakpoints();
  const auto &pde = E_.Problem();
  g_.resize(n), gp_.resize(n), grad_.resize(n), p_.resize(n);
  free_.assign(n, 1), s1_.assign(n, 0);
  E_.BlockGradient(model.b.data(), n, model.c.data(), m, g_.data(), gp_.data(), grad_.data());
  double cmax = 0, gpmax = 0;
  for (int j = 0; j < n; ++j)
    cmax = std::max(cmax, std::fabs(model.c[j + 1])), gpmax = std::max(gpmax, std::fabs(gp_[j]));
  for (int j = 0; j < n; ++j) {
    if (std::fabs(model.c[j + 1]) <= opt_.delta * cmax) {
      s1_[j] = 1, free_[j] = 0, ++rec->s1;
    } else if (std::fabs(gp_[j]) <= opt_.delta * gpmax || pde.OnDiscontinuity(model.b[j])) {
      free_[j] = 0, ++rec->s2;
    }
  }
  const double gbb   = E_.Gamma() * E_.BetaBar(model.b.data(), n, model.c.data());
  auto         slope = [&](bool abs_diag) {
    NewtonDirection(n, model.c.data() + 1, g_.data(), gp_.data(), free_.data(), E_.Gamma(), gbb,
                            abs_diag, p_.data());
    double s = 0;
    for (int j = 0; j < n; ++j) s += grad_[j] * p_[j];
    return s;
  };
  double slope0 = slope(false);
  if (!(slope0 < 0)) {
    slope0        = slope(true);
    rec->modified = true;
  }
  return slope0;
}

int DampedBlockNewton::MoveBreakpoints(ShallowReLU *model, double eta) const {
  const int        n = model->NumBreakpoints();
  std::vector<int> moved;
  for (int j = 0; j < n; ++j) {
    double &b = model->b[j];
    b += eta * p_[j];
    for (double xd : E_.Problem().Discontinuities())
      if (std::fabs(b - xd) <= 1e-12) b = xd;
    if (s1_[j] || !(b > 0 && b < 1)) moved.push_back(j);
  }
  for (int j : moved) model->b[j] = 2.0; // parked past 1 until re-inserted
  model->Sort();
  int parked = static_cast<int>(moved.size());
  // duplicates (two breakpoints on top of each other) carry no information either
  for (int j = 1; j < n; ++j)
    if (model->b[j] == model->b[j - 1] && model->b[j] < 1) ++parked, model->b[j] = 2.0;
  model->Sort();
  return parked;
}

PetscErrorCode DampedBlockNewton::Redistribute(ShallowReLU *model, int kept, int parked) const {
  PetscFunctionBeginUser;
  if (parked > 0 && opt_.redistribute == DbnRedistribute::Indicator && kept > 0) {
    // midpoints of the intervals with the largest ZZ indicators (quarter points on a second pass)
    ShallowReLU rest;
    rest.alpha = model->alpha;
    rest.b.assign(model->b.begin(), model->b.begin() + kept);
    rest.c.assign(model->c.begin(), model->c.begin() + kept + 1);
    std::vector<double> xi_K;
    double              xi;
    PetscCall(ZZIndicators(E_, rest, &xi_K, &xi));
    std::vector<int> order(xi_K.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
    std::stable_sort(order.begin(), order.end(), [&](int i, int j) { return xi_K[i] > xi_K[j]; });
    for (size_t r = 0; r < static_cast<size_t>(parked); ++r) {
      const int    K  = order[r % order.size()];
      const double lo = K == 0 ? 0.0 : rest.b[K - 1], hi = K == kept ? 1.0 : rest.b[K];
      model->b[kept + r] = lo + (hi - lo) * (r < order.size() ? 0.5 : 0.25);
    }
    model->Sort();
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  for (int r = 0; r < parked; ++r) {
    // Remark 5.4: midpoint of an interval chosen uniformly at random
    const int    nk = kept + r; // breakpoints in place so far: b[0..nk)
    const int    mm = static_cast<int>(rng_->Uniform() * (nk + 1));
    const double lo = mm == 0 ? 0.0 : model->b[mm - 1], hi = mm == nk ? 1.0 : model->b[mm];
    double       mid = 0.5 * (lo + hi);
    // insert keeping b[0..nk] sorted
    int pos = nk;
    while (pos > mm) model->b[pos] = model->b[pos - 1], --pos;
    model->b[mm] = mid;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode DampedBlockNewton::Solve(MPI_Comm comm, ShallowReLU *model, DbnResult *result,
                                        int it0, StateKeeper *keeper) const {
  PetscFunctionBeginUser;
  PetscCall(RegisterEvents());
  const auto &pde = E_.Problem();
  RitzMoments m;
  DbnLoop     loop;
  loop.it0 = it0;
  if (std::unique_ptr<SolverState> st = keeper ? keeper->TakeResume() : nullptr)
    PetscCall(DbnRestore(comm, *st, model, result, &loop, rng_));
  double              &Jprev  = loop.Jprev;
  std::vector<double> &b_good = loop.b_good;
  it0                         = loop.it0;
  const PetscViewer view      = opt_.monitor_spec.Viewer();
  Progress          progress; // iterations over -ritz_iterations
  progress.Start(WorkFraction(loop.k, opt_.max_it));
  for (int k = loop.k;; ++k) {
    const int n = model->NumBreakpoints();
    PetscCall(PetscLogEventBegin(ev_solve, 0, 0, 0, 0));
    const double J = RitzSolveLinear(E_, model, &m);
    PetscCall(PetscLogEventEnd(ev_solve, 0, 0, 0, 0));
    DbnRecord rec;
    rec.it      = it0 + k;
    rec.neurons = n + 1;
    rec.J       = J;
    if (opt_.track_error && pde.HasExact()) rec.e_n = E_.RelativeError(*model);
    if (opt_.snapshot_every > 0 && k % opt_.snapshot_every == 0)
      result->snapshots.push_back(model->b);
    if (!std::isfinite(J)) { // J is computed identically on every rank
      result->code      = DBN_DIVERGED_NAN;
      result->code_name = DbnConvergedReasonName(DBN_DIVERGED_NAN);
      result->reason    = "nan";
      if (k > 0) { // back to the last breakpoints with a finite energy
        model->b = b_good;
        RitzSolveLinear(E_, model, &m);
      }
      if (view)
        PetscCall(PetscViewerASCIIPrintf(view,
                                         "  dbn %4d  n %d  J %g  (stop: the energy is not "
                                         "finite)\n",
                                         rec.it, n + 1, J));
      break;
    }
    const bool last = k >= opt_.max_it;
    const bool flat = opt_.tau > 0 && k > 0 && std::fabs(J - Jprev) <= opt_.tau * std::fabs(J);
    if (last || flat) {
      result->history.push_back(rec);
      result->code = last ? DBN_CONVERGED_ITERATIONS : DBN_CONVERGED_TAU;
      result->code_name =
          DbnConvergedReasonName(last ? DBN_CONVERGED_ITERATIONS : DBN_CONVERGED_TAU);
      result->reason = last ? "iterations" : "tau";
      if (view)
        PetscCall(PetscViewerASCIIPrintf(view, "  dbn %4d  n %d  e_n %.6e  J %.12e  (stop: %s)\n",
                                         rec.it, n + 1, rec.e_n, J, result->reason.c_str()));
      break;
    }
    Jprev = J;

    PetscCall(PetscLogEventBegin(ev_solve, 0, 0, 0, 0));
    const double slope0 = NewtonStep(*model, m, &rec);
    PetscCall(PetscLogEventEnd(ev_solve, 0, 0, 0, 0));
    double eta = 0, Jmin = J;
    int    evals = 0;
    // A decrease below the rounding level of J cannot be measured: no line search then.
    if (-slope0 > 32 * DBL_EPSILON * std::fabs(J))
      PetscCall(LineSearch(*model, p_, J, slope0, &eta, &Jmin, &evals));
    rec.step     = eta;
    rec.ls_evals = evals;
    result->history.push_back(rec);
    progress.Update(rec.it, WorkFraction(k + 1, opt_.max_it));
    if (view)
      PetscCall(PetscViewerASCIIPrintf(
          view, "  dbn %4d  n %d  e_n %.6e  J %.12e  step %.3e  |S1| %d  |S2| %d%s\n", rec.it,
          n + 1, rec.e_n, J, eta, rec.s1, rec.s2, rec.modified ? "  (|B|)" : ""));
    if (view) PetscCall(opt_.monitor_spec.Plot(rec.it, rec.e_n));
    PetscCall(opt_.monitor_spec.ProgressLine("dbn", &progress));

    // Move, snap onto jumps of a, then redistribute S1 and escaped neurons and sort.
    b_good           = model->b;
    const int parked = MoveBreakpoints(model, eta);
    PetscCall(Redistribute(model, n - parked, parked));
    result->iterations++;
    if (!keeper) continue;
    loop.k = k + 1;
    PetscCall(keeper->Step([&](SolverState *s) -> PetscErrorCode {
      DbnCapture(s, *model, *result, loop, rng_);
      return PETSC_SUCCESS;
    }));
    if (keeper->StopRequested()) { // every rank agreed: end here with c for the new b
      (void)RitzSolveLinear(E_, model, &m);
      result->code      = DBN_DIVERGED_SIGNAL;
      result->code_name = DbnConvergedReasonName(DBN_DIVERGED_SIGNAL);
      result->reason    = "signal";
      break;
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

const char *DbnConvergedReasonName(DbnConvergedReason r) {
  switch (r) {
  case DBN_CONVERGED_ITERATIONS: return "CONVERGED_ITERATIONS";
  case DBN_CONVERGED_TAU: return "CONVERGED_TAU";
  case DBN_CONVERGED_XI: return "CONVERGED_XI";
  case DBN_CONVERGED_ITERATING: return "CONVERGED_ITERATING";
  case DBN_DIVERGED_NAN: return "DIVERGED_NAN";
  case DBN_DIVERGED_MAX_REFINE: return "DIVERGED_MAX_REFINE";
  case DBN_DIVERGED_MAX_NEURONS: return "DIVERGED_MAX_NEURONS";
  case DBN_DIVERGED_SIGNAL: return "DIVERGED_SIGNAL";
  }
  return "UNKNOWN";
}

} // namespace petnet
