#pragma once
/// \file dbn.hpp
/// Damped block Newton (dBN, paper Algorithm 5.1) for the shallow Ritz energy, O(n)
/// per iteration. One iteration k:
///
///     c ← 𝒜(b)⁻¹ℱ(b)                               exact, tridiagonal A⁻¹ + Sherman–Morrison
///     S1 = {j : |c_j| < δ max|c|}                    non-contributing: redistributed below
///     S2 = {j : |g'_j| < δ max|g'|, or b_j on a jump of a}   frozen
///     p  = −(B + γ1cᵀ)⁻¹(g − γβ̄1) on the free set F    Sherman–Morrison, O(|F|)
///          (if p is not a descent direction — D(c)B indefinite — B_j is replaced by
///           sign(c_j)|B_j|, which makes the reduced Hessian diag(|c_j B_j|) + γccᵀ positive)
///     η  = argmin_{η ≥ 0} J(c, b + ηp)              bracketing + Brent; kinks where a free
///          breakpoint meets a jump of a are candidates (the minimum often sits there)
///     b ← b + ηp;  S1 and points that left (0, 1) → midpoint of a random interval;  sort
///
/// The monitor (-dbn_monitor) prints per iteration: e_n, J, η, |S1|, |S2|.
///
/// With a StateKeeper (core/solver_state.hpp) the state after every iteration (b, the
/// last finite b, the loop counters, the random generator, the history) goes to it, and
/// a run resumed from it repeats the remaining iterations bit for bit (ritz/dbn_state).
#include "core/base.hpp"
#include "core/monitor_options.hpp"
#include "core/random.hpp"
#include "core/solver_state.hpp"
#include "ritz/ritz_energy.hpp"
#include "ritz/shallow_relu.hpp"

#include <string>
#include <vector>

namespace petnet {

/// -dbn_ls_type choices (names in DbnLineSearchName).
enum class DbnLineSearch { Brent, Quadratic };
/// -dbn_redistribute choices (names in DbnRedistributeName).
enum class DbnRedistribute { Random, Indicator };
const char *DbnLineSearchName(DbnLineSearch t);     ///< "brent" | "quadratic"
const char *DbnRedistributeName(DbnRedistribute r); ///< "random" | "indicator"

struct DbnOptions {
  PetscInt    max_it  = 1000;  ///< -ritz_iterations: dBN iterations (per adaptive level for AdBN)
  PetscReal   delta   = 1e-10; ///< -dbn_delta: δ1 of (5.5), relative to max|c| and max|g'|
  PetscReal   tau     = 0; ///< stop when |J_k − J_{k−1}| / |J_k| < τ (0: never; AdBN sets it)
  PetscReal   ls_rtol = 1e-3;   ///< -dbn_ls_rtol: relative tolerance of the 1D minimization in η
  PetscInt    ls_max_eval = 40; ///< -dbn_ls_max_eval: energy evaluations per line search
  PetscBool   monitor     = PETSC_FALSE; ///< -dbn_monitor
  MonitorSpec monitor_spec;              ///< where dBN's lines go (-dbn_monitor ascii:FILE)
  PetscBool   view_reason = PETSC_FALSE; ///< -dbn_converged_reason (the job prints it)
  /// -dbn_redistribute: where S1 neurons go. random: midpoint of an interval drawn
  /// uniformly (paper Remark 5.4); indicator: midpoints of the intervals with the
  /// largest ZZ indicators ξ_K (deterministic; the ANE idea of §6 applied to S1).
  DbnRedistribute redistribute = DbnRedistribute::Indicator;
  /// -dbn_ls_type: brent (bracketing + Brent to ls_rtol) | quadratic (the Newton step
  /// η = 1 and one safeguarded quadratic-interpolation step: 2 energy evaluations, at most 4)
  DbnLineSearch ls_type = DbnLineSearch::Brent;
  /// -dbn_ls_reduced auto|on|off: minimize the reduced energy min_c J(c, b + ηp) along p
  /// (one O(n) linear solve per evaluation) instead of J(c_k, b + ηp) with c frozen (the
  /// paper). auto: on when a has no jumps. Measured: better minima on (7.1) for n ≥ 90 and
  /// on (7.2). On the interface problem it reaches a lower energy and a smaller energy-norm
  /// error (k = 1e8: 3.6e-2 vs 6.3e-2) but a much larger unweighted H¹ error e_n, the paper's
  /// metric (breakpoints leave the a = 1 side, which the energy weighs 1/k), so auto keeps
  /// the paper's frozen-c search where a jumps.
  bool ls_reduced     = false;
  bool track_error    = true; ///< compute e_n every iteration (the job; benchmarks turn it off)
  int  snapshot_every = 0;    ///< keep b every this many iterations in DbnResult (0: never)
  /// Reads the -dbn_ options (and -ritz_iterations); validates them. `jumps`: the
  /// problem's a has discontinuities (resolves -dbn_ls_reduced auto).
  PetscErrorCode SetFromOptions(MPI_Comm comm, bool jumps = false);
};

/// One dBN iteration (after its linear solve).
struct DbnRecord {
  int    it      = 0;
  int    neurons = 0;
  double e_n     = NAN; ///< relative H¹-seminorm error (NaN when not tracked)
  double J       = 0;   ///< energy after the linear solve
  double step    = 0;   ///< η
  int    s1 = 0, s2 = 0;
  bool   modified = false; ///< the Hessian's diagonal was made positive (see above)
  int    ls_evals = 0;     ///< energy evaluations in the line search
};

/// Why dBN (or the adaptive loop around it) stopped, PETSc style. A line-search trial with
/// a non-finite energy is rejected (it counts as +inf); DIVERGED_NAN when the energy after
/// a step or at the start is not finite (the model is then back at the last finite one).
/// The adaptive loop (adbn) adds its own ends.
enum DbnConvergedReason {
  DBN_CONVERGED_ITERATIONS = 1,  ///< -ritz_iterations Newton steps
  DBN_CONVERGED_TAU        = 2,  ///< the energy changed by less than the tolerance tau
  DBN_CONVERGED_XI         = 3,  ///< adbn: the ZZ estimate xi <= -adbn_eps
  DBN_CONVERGED_ITERATING  = 0,  ///< still running
  DBN_DIVERGED_NAN         = -3, ///< the energy is not finite
  DBN_DIVERGED_MAX_REFINE  = -4, ///< adbn: -adbn_max_refine levels before xi <= eps
  DBN_DIVERGED_MAX_NEURONS = -5, ///< adbn: the neuron budget before xi <= eps
  DBN_DIVERGED_SIGNAL      = -6, ///< the keeper asked to stop (state saved after an iteration)
};
/// "CONVERGED_ITERATIONS", "DIVERGED_NAN", …
const char *DbnConvergedReasonName(DbnConvergedReason r);

struct DbnResult {
  std::vector<DbnRecord> history;
  int                    iterations = 0; ///< Newton steps taken
  int         code = 0;  ///< signed PETSc-style reason (DbnConvergedReason, or TAO's for BFGS)
  std::string code_name; ///< its name, "CONVERGED_ITERATIONS", "DIVERGED_NAN", ...
  std::string reason;    ///< why it stopped, in words
  std::vector<std::vector<double>> snapshots; ///< b every snapshot_every iterations (sorted)
};

class DampedBlockNewton {
public:
  DampedBlockNewton(const RitzEnergy &energy, const DbnOptions &opt, Rng *rng)
      : E_(energy), opt_(opt), rng_(rng) {}
  /// Runs dBN from model->b (sorted, in (0,1)); on return model holds the last b and
  /// the optimal c for it. Appends to result->history (iteration numbers continue
  /// from `it0`). Prints the monitor on rank 0 of comm. keeper (optional): the state after
  /// every iteration goes to it, a state it hands back is resumed (model, result, counters
  /// and the random generator are restored); when it requests a stop the solve ends there
  /// (DBN_DIVERGED_SIGNAL, c re-solved for the returned b).
  PetscErrorCode Solve(MPI_Comm comm, ShallowReLU *model, DbnResult *result, int it0 = 0,
                       StateKeeper *keeper = nullptr) const;

  /// The Newton direction on the free set (p_j = 0 off it) from g, g', c and γβ̄;
  /// returns false when the coupling denominator vanishes (then p = −B⁻¹r). `abs_diag`
  /// uses sign(c_j)|g'_j| for g'_j. Public for the unit tests.
  static bool NewtonDirection(int n, const double *c, const double *g, const double *gp,
                              const char *free_set, double gamma, double gamma_beta_bar,
                              bool abs_diag, double *p);

  /// argmin_{η≥0} φ(η) = J(c, b + ηp) (bracketing + Brent, plus the kinks at jumps of a).
  PetscErrorCode LineSearch(const ShallowReLU &model, const std::vector<double> &p, double J0,
                            double slope0, double *eta, double *Jmin, int *evals) const;

private:
  /// Block gradient, the excluded sets (S1 in s1_, free set in free_) and the Newton
  /// direction p_; counts |S1|, |S2| and the |B| fallback in rec. Returns the slope ∇Jᵀp.
  double NewtonStep(const ShallowReLU &model, const RitzMoments &m, DbnRecord *rec) const;
  /// b ← b + ηp snapped onto jumps of a; S1, escaped and duplicate breakpoints are parked
  /// past 1 at the end (sorted). Returns how many were parked.
  int MoveBreakpoints(ShallowReLU *model, double eta) const;
  /// Re-inserts the `parked` breakpoints after the first `kept` (-dbn_redistribute).
  PetscErrorCode Redistribute(ShallowReLU *model, int kept, int parked) const;

  const RitzEnergy           &E_;
  DbnOptions                  opt_;
  Rng                        *rng_;
  mutable RitzWork            work_;
  mutable std::vector<double> g_, gp_, grad_, p_,
      trial_; // per-iteration scratch (no allocation in the loop)
  mutable std::vector<char> free_, s1_;
};

/// The initial model: α, n uniform breakpoints, c from the linear solve.
PetscErrorCode RitzUniformModel(const RitzEnergy &E, int n, ShallowReLU *model);
/// Linear solve for c at the model's (sorted) b; returns J.
double RitzSolveLinear(const RitzEnergy &E, ShallowReLU *model, RitzMoments *m);

} // namespace petnet
