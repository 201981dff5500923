#pragma once
/// \file wolfe_line_search.hpp
/// A line search for the strong Wolfe conditions on φ(α) = f(θ + α d) (Nocedal & Wright,
/// Numerical Optimization, algorithms 3.5 and 3.6):
///
///   φ(α) ≤ φ(0) + c1 α φ'(0)        (sufficient decrease)
///   |φ'(α)| ≤ c2 |φ'(0)|             (curvature)
///
/// Bracketing: trial steps grow by `grow` until one violates sufficient decrease, does
/// not lower φ below the previous trial, or has φ' ≥ 0; then zoom: the bracket shrinks
/// to the step at the minimizer of the cubic through both ends' φ and φ' (the quadratic
/// through φ_lo, φ'_lo, φ_hi if the cubic has no minimizer), kept at least a tenth of
/// the bracket away from its ends (bisection otherwise). A trial with a non-finite φ or
/// φ' is a failed trial: it becomes the upper end of the bracket and is never
/// interpolated (the next trial bisects towards the last good step).
///
/// The accepted step is always the last one evaluated, so a caller that keeps the point
/// of its latest evaluation holds the accepted one. Every decision uses φ and φ' only:
/// given the same values (allreduced ones), every rank takes the same steps.
#include "core/base.hpp"

#include <functional>

namespace petnet {

struct WolfeOptions {
  double   c1 = 1e-4, c2 = 0.9;
  double   grow      = 2.0;  ///< factor between bracketing trials
  double   alpha_max = 1e20; ///< the largest step tried
  PetscInt max_evals = 30;   ///< trial evaluations per search
};

enum class WolfeStatus {
  Ok,        ///< the last trial satisfies both conditions
  NoStep,    ///< max_evals trials (or a bracket below rounding) without such a step
  NotFinite, ///< as NoStep, and the last trial's φ or φ' was not finite
};

struct WolfeResult {
  WolfeStatus status = WolfeStatus::NoStep;
  double      alpha = 0, phi = 0, dphi = 0; ///< the last trial
  PetscInt    evals = 0;
};

/// Evaluates φ(α) and φ'(α) (either may come back non-finite).
using LineFunction = std::function<PetscErrorCode(double alpha, double *phi, double *dphi)>;

/// Searches from α = alpha0 > 0 along a descent direction (dphi0 < 0).
PetscErrorCode StrongWolfeSearch(const LineFunction &fn, double phi0, double dphi0, double alpha0,
                                 const WolfeOptions &opt, WolfeResult *res);

/// The zoom's trial step in the bracket [lo, hi] (either order): the cubic's minimizer,
/// else the quadratic's, else the midpoint, kept a tenth of |hi − lo| from both ends.
double ZoomTrial(double a_lo, double f_lo, double g_lo, double a_hi, double f_hi, double g_hi,
                 bool hi_finite);

} // namespace petnet
