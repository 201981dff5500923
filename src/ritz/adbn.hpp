#pragma once
/// \file adbn.hpp
/// Adaptive dBN (paper Algorithm 6.1) and the pieces it shares with adaptive FEM:
/// the ZZ-type indicator ξ_K = ‖a^{−1/2}(G(a u_n') − a u_n')‖_{L²(K)} with G the L²
/// projection onto continuous piecewise linears on the breakpoint mesh (a tridiagonal
/// mass-matrix solve, O(n)), average marking (6.2), and midpoint insertion.
#include "ritz/dbn.hpp"

#include <vector>

namespace petnet {

/// ξ_K for every interval K_0..K_n (b sorted) and the relative estimator
/// ξ = (Σ ξ_K²)^{1/2} / ‖a^{1/2} u_n'‖ (= the paper's (6.1) when a = 1).
PetscErrorCode ZZIndicators(const RitzEnergy &E, const ShallowReLU &model,
                            std::vector<double> *xi_K, double *xi);

/// Average marking (6.2): intervals with ξ_K ≥ mean(ξ_K).
std::vector<int> AverageMarking(const std::vector<double> &xi_K);

/// Adds a breakpoint at the midpoint of every marked interval (c is reset to 0 there) and sorts.
void InsertMidpoints(const std::vector<int> &marked, ShallowReLU *model);

struct AdbnOptions {
  PetscReal      eps         = 0.01;    ///< -dbn_eps: stop when ξ ≤ ϵ
  PetscReal      tau         = 1e-5;    ///< -dbn_tau: an inner dBN solve stops when |ΔJ|/|J| < τ
  PetscInt       max_refine  = 20;      ///< -dbn_max_refine: refinements at most
  PetscInt       max_neurons = 1000000; ///< -dbn_max_neurons: no refinement beyond this
  PetscErrorCode SetFromOptions(MPI_Comm comm, const char *prefix_help);
};

/// One adaptive level (after its solve).
struct AdaptiveLevel {
  int    neurons    = 0;
  int    iterations = 0; ///< cumulative solver iterations
  double e_n = NAN, xi = NAN, r = NAN;
};

/// r from e_n = n^(−r).
inline double RateR(double e_n, int n) {
  return n > 1 ? -std::log(e_n) / std::log(static_cast<double>(n)) : NAN;
}

/// AdBN from the model's breakpoints (c recomputed). History of every dBN iteration in
/// `result`, one entry per level in `levels`. keeper (optional): every dBN iteration
/// reports to it (the level and the finished levels, with the dBN state nested under
/// "dbn/"); a state it hands back resumes in that level's dBN run.
PetscErrorCode RunAdbn(MPI_Comm comm, const RitzEnergy &E, const DbnOptions &dbn,
                       const AdbnOptions &ad, Rng *rng, ShallowReLU *model, DbnResult *result,
                       std::vector<AdaptiveLevel> *levels, StateKeeper *keeper = nullptr);

} // namespace petnet
