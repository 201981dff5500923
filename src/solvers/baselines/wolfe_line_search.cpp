#include "solvers/baselines/wolfe_line_search.hpp"

#include <algorithm>
#include <cmath>

namespace petnet {

double ZoomTrial(double a_lo, double f_lo, double g_lo, double a_hi, double f_hi, double g_hi,
                 bool hi_finite) {
  const double h   = a_hi - a_lo;
  const double mid = 0.5 * (a_lo + a_hi);
  if (!hi_finite) return mid;
  double       a  = NAN;
  const double d1 = g_lo + g_hi - 3 * (f_lo - f_hi) / (a_lo - a_hi);
  const double dd = d1 * d1 - g_lo * g_hi;
  if (dd >= 0) { // the cubic through both ends has a minimizer
    const double d2  = std::copysign(std::sqrt(dd), h);
    const double den = g_hi - g_lo + 2 * d2;
    if (den != 0) a = a_hi - h * (g_hi + d2 - d1) / den;
  }
  if (!std::isfinite(a)) { // the quadratic through f_lo, g_lo, f_hi
    const double c = (f_hi - f_lo - g_lo * h) / (h * h);
    if (c > 0) a = a_lo - g_lo / (2 * c);
  }
  if (!std::isfinite(a)) return mid;
  const double lo = std::min(a_lo, a_hi) + 0.1 * std::fabs(h);
  const double hi = std::max(a_lo, a_hi) - 0.1 * std::fabs(h);
  return std::clamp(a, lo, hi);
}

namespace {

/// One end of the bracket (or a trial): step, φ, φ', and whether φ and φ' are finite.
struct Trial {
  double a = 0, f = 0, g = 0;
  bool   finite = true;
};

PetscErrorCode Evaluate(const LineFunction &fn, double a, Trial *t, WolfeResult *res) {
  PetscFunctionBeginUser;
  t->a = a;
  PetscCall(fn(a, &t->f, &t->g));
  t->finite   = std::isfinite(t->f) && std::isfinite(t->g);
  res->alpha  = a;
  res->phi    = t->f;
  res->dphi   = t->g;
  res->status = t->finite ? WolfeStatus::NoStep : WolfeStatus::NotFinite;
  ++res->evals;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// Algorithm 3.6: shrink [lo, hi] until a trial satisfies both conditions.
PetscErrorCode Zoom(const LineFunction &fn, double phi0, double dphi0, const WolfeOptions &opt,
                    Trial lo, Trial hi, WolfeResult *res) {
  Trial t;
  PetscFunctionBeginUser;
  while (res->evals < opt.max_evals) {
    if (std::fabs(hi.a - lo.a) <= 1e-16 * std::max(std::fabs(lo.a), std::fabs(hi.a))) break;
    PetscCall(Evaluate(fn, ZoomTrial(lo.a, lo.f, lo.g, hi.a, hi.f, hi.g, hi.finite), &t, res));
    if (!t.finite || t.f > phi0 + opt.c1 * t.a * dphi0 || t.f >= lo.f) {
      hi = t;
      continue;
    }
    if (std::fabs(t.g) <= -opt.c2 * dphi0) {
      res->status = WolfeStatus::Ok;
      break;
    }
    if (t.g * (hi.a - lo.a) >= 0) hi = lo;
    lo = t;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace

/// Algorithm 3.5: grow the step until the bracket holds a strong Wolfe step, then zoom.
PetscErrorCode StrongWolfeSearch(const LineFunction &fn, double phi0, double dphi0, double alpha0,
                                 const WolfeOptions &opt, WolfeResult *res) {
  Trial prev{0, phi0, dphi0, true}, t;
  PetscFunctionBeginUser;
  *res     = WolfeResult();
  double a = std::min(alpha0, opt.alpha_max);
  while (res->evals < opt.max_evals) {
    PetscCall(Evaluate(fn, a, &t, res));
    if (!t.finite || t.f > phi0 + opt.c1 * a * dphi0 || (res->evals > 1 && t.f >= prev.f)) {
      PetscCall(Zoom(fn, phi0, dphi0, opt, prev, t, res));
      PetscFunctionReturn(PETSC_SUCCESS);
    }
    if (std::fabs(t.g) <= -opt.c2 * dphi0) {
      res->status = WolfeStatus::Ok;
      PetscFunctionReturn(PETSC_SUCCESS);
    }
    if (t.g >= 0) {
      PetscCall(Zoom(fn, phi0, dphi0, opt, t, prev, res));
      PetscFunctionReturn(PETSC_SUCCESS);
    }
    if (a >= opt.alpha_max) break;
    prev = t;
    a    = std::min(opt.grow * a, opt.alpha_max);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
