#include "ritz/adbn.hpp"

#include "ritz/dbn_state.hpp"

#include <algorithm>
#include <cmath>

namespace petnet {

PetscErrorCode AdbnOptions::SetFromOptions(MPI_Comm comm, const char *title) {
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr, title, "AdBN");
  PetscCall(PetscOptionsReal("-dbn_eps",
                             "epsilon: stop refining when the relative ZZ estimator xi <= epsilon",
                             "AdBN", eps, &eps, nullptr));
  PetscCall(PetscOptionsReal("-dbn_tau",
                             "tau: an inner dBN solve stops when |J_k - J_k-1|/|J_k| < tau", "AdBN",
                             tau, &tau, nullptr));
  PetscCall(PetscOptionsInt("-dbn_max_refine", "Refinements at most", "AdBN", max_refine,
                            &max_refine, nullptr));
  PetscCall(
      PetscOptionsInt("-dbn_max_neurons",
                      "Neuron budget: a refinement adds only the most-marked intervals that fit",
                      "AdBN", max_neurons, &max_neurons, nullptr));
  PetscOptionsEnd();
  PetscCheck(eps >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-dbn_eps must be >= 0, got %g", eps);
  PetscCheck(tau > 0 && tau < 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-dbn_tau must be in (0, 1), got %g", tau);
  PetscCheck(max_refine >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-dbn_max_refine must be >= 0, got %" PetscInt_FMT, max_refine);
  PetscCheck(max_neurons >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-dbn_max_neurons must be >= 1, got %" PetscInt_FMT, max_neurons);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode ZZIndicators(const RitzEnergy &E, const ShallowReLU &model,
                            std::vector<double> *xi_K, double *xi) {
  PetscFunctionBeginUser;
  const auto               &pde   = E.Problem();
  const int                 n     = model.NumBreakpoints();
  const std::vector<double> slope = model.IntervalSlopes();
  // Intervals of positive length only (coincident breakpoints, e.g. from BFGS, carry none).
  std::vector<int>    K;
  std::vector<double> x{0.0};
  for (int k = 0; k <= n; ++k) {
    const double lo = k == 0 ? 0.0 : model.b[k - 1], hi = k == n ? 1.0 : model.b[k];
    if (hi > lo) K.push_back(k), x.push_back(hi);
  }
  const int N = static_cast<int>(x.size()); // nodes
  // L² projection of the flux a u_n': M G = (∫ a u_n' φ_i)_i, M the P1 mass matrix (tridiagonal).
  std::vector<double> diag(N, 0.0), off(N, 0.0), rhs(N, 0.0);
  // a constant on an interval (no jump inside): closed forms instead of quadrature
  auto constant_a = [&](double lo, double hi) {
    if (!pde.PiecewiseConstantA()) return false;
    for (double xd : pde.Discontinuities())
      if (xd > lo && xd < hi) return false;
    return true;
  };
  for (int e = 0; e + 1 < N; ++e) {
    const double lo = x[e], hi = x[e + 1], h = hi - lo, s = slope[K[e]];
    diag[e] += h / 3, diag[e + 1] += h / 3, off[e] += h / 6;
    if (constant_a(lo, hi)) {
      const double as = pde.A(0.5 * (lo + hi)) * s;
      rhs[e] += 0.5 * as * h, rhs[e + 1] += 0.5 * as * h;
      continue;
    }
    rhs[e] += E.Integrate([&](double t) { return pde.A(t) * s * (hi - t) / h; }, lo, hi);
    rhs[e + 1] += E.Integrate([&](double t) { return pde.A(t) * s * (t - lo) / h; }, lo, hi);
  }
  // Thomas algorithm (M is symmetric positive definite and diagonally dominant)
  std::vector<double> cp(N), G(N);
  cp[0] = off[0] / diag[0];
  G[0]  = rhs[0] / diag[0];
  for (int i = 1; i < N; ++i) {
    const double den = diag[i] - off[i - 1] * cp[i - 1];
    cp[i]            = i + 1 < N ? off[i] / den : 0.0;
    G[i]             = (rhs[i] - off[i - 1] * G[i - 1]) / den;
  }
  for (int i = N - 2; i >= 0; --i) G[i] -= cp[i] * G[i + 1];
  xi_K->assign(n + 1, 0.0);
  double total = 0, energy = 0;
  for (int e = 0; e + 1 < N; ++e) {
    const double lo = x[e], hi = x[e + 1], h = hi - lo, s = slope[K[e]];
    if (constant_a(lo, hi)) {
      // ∫_K (G − a s)²/a with G − a s linear from d0 to d1: h (d0² + d0 d1 + d1²) / (3a)
      const double a = pde.A(0.5 * (lo + hi)), d0 = G[e] - a * s, d1 = G[e + 1] - a * s;
      const double e2 = h * (d0 * d0 + d0 * d1 + d1 * d1) / (3 * a);
      (*xi_K)[K[e]]   = std::sqrt(e2);
      total += e2;
      energy += s * s * a * h;
      continue;
    }
    const double e2 = E.Integrate(
        [&](double t) {
          const double at = pde.A(t), d = G[e] + (G[e + 1] - G[e]) * (t - lo) / h - at * s;
          return d * d / at;
        },
        lo, hi);
    (*xi_K)[K[e]] = std::sqrt(e2);
    total += e2;
    energy += s * s * E.Integrate([&](double t) { return pde.A(t); }, lo, hi);
  }
  // Relative to ‖a^{1/2} u_n'‖ (the paper's |u_n|_{H¹} when a = 1): the numerator is in
  // the energy norm, so for a = k on part of the domain this keeps ξ scale-free.
  *xi = energy > 0 ? std::sqrt(total / energy) : NAN;
  PetscFunctionReturn(PETSC_SUCCESS);
}

std::vector<int> AverageMarking(const std::vector<double> &xi_K) {
  double mean = 0;
  for (double v : xi_K) mean += v;
  mean /= std::max<size_t>(1, xi_K.size());
  std::vector<int> marked;
  for (size_t k = 0; k < xi_K.size(); ++k)
    if (xi_K[k] >= mean) marked.push_back(static_cast<int>(k));
  return marked;
}

void InsertMidpoints(const std::vector<int> &marked, ShallowReLU *model) {
  const int n = model->NumBreakpoints();
  for (int k : marked) {
    const double lo = k == 0 ? 0.0 : model->b[k - 1], hi = k == n ? 1.0 : model->b[k];
    model->b.push_back(0.5 * (lo + hi));
    model->c.push_back(0.0);
  }
  model->Sort();
}

namespace {
void SetReason(DbnConvergedReason r, DbnResult *result) {
  result->code      = r;
  result->code_name = DbnConvergedReasonName(r);
}
} // namespace

PetscErrorCode RunAdbn(MPI_Comm comm, const RitzEnergy &E, const DbnOptions &dbn,
                       const AdbnOptions &ad, Rng *rng, ShallowReLU *model, DbnResult *result,
                       std::vector<AdaptiveLevel> *levels, StateKeeper *keeper) {
  PetscFunctionBeginUser;
  DbnOptions inner = dbn;
  inner.tau        = ad.tau;
  DampedBlockNewton            solver(E, inner, rng);
  int                          level0 = 0;
  std::unique_ptr<SolverState> rs     = keeper ? keeper->TakeResume() : nullptr;
  if (rs) PetscCall(AdbnRestore(comm, *rs, &level0, levels));
  for (int level = level0;; ++level) {
    // every step is a dBN iteration: its state nests in the level's
    NestedKeeper nk(
        keeper, "dbn",
        [level, levels](SolverState *s) -> PetscErrorCode {
          AdbnCapture(s, level, *levels);
          return PETSC_SUCCESS;
        },
        rs &&level == level0 ? rs->Sub("dbn") : nullptr);
    const int it0 = static_cast<int>(result->history.size());
    PetscCall(solver.Solve(comm, model, result, it0, keeper ? &nk : nullptr));
    if (result->code < 0) break; // the energy is not finite: the model is the last good one
    AdaptiveLevel L;
    L.neurons    = model->Neurons();
    L.iterations = result->iterations;
    if (E.Problem().HasExact()) L.e_n = E.RelativeError(*model);
    L.r = RateR(L.e_n, L.neurons);
    std::vector<double> xi_K;
    PetscCall(ZZIndicators(E, *model, &xi_K, &L.xi));
    levels->push_back(L);
    if (dbn.monitor_spec.On())
      PetscCall(PetscViewerASCIIPrintf(
          dbn.monitor_spec.Viewer(),
          "adbn level %d: n %d  e_n %.6e  xi %.4e  r %.3f  (%d dBN iterations so far)\n", level,
          L.neurons, L.e_n, L.xi, L.r, L.iterations));
    if (L.xi <= ad.eps) {
      result->reason = "xi <= eps";
      SetReason(DBN_CONVERGED_XI, result);
      break;
    }
    if (level >= ad.max_refine) {
      result->reason = "max_refine";
      SetReason(DBN_DIVERGED_MAX_REFINE, result);
      break;
    }
    std::vector<int> marked = AverageMarking(xi_K);
    if (L.neurons >= ad.max_neurons) {
      result->reason = "max_neurons";
      SetReason(DBN_DIVERGED_MAX_NEURONS, result);
      break;
    }
    if (L.neurons + static_cast<int>(marked.size()) > ad.max_neurons) {
      // a neuron budget: keep the marked intervals with the largest indicators
      std::stable_sort(marked.begin(), marked.end(),
                       [&](int i, int j) { return xi_K[i] > xi_K[j]; });
      marked.resize(ad.max_neurons - L.neurons);
      std::sort(marked.begin(), marked.end());
    }
    InsertMidpoints(marked, model);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
