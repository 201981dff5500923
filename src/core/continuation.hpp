#pragma once
/// \file continuation.hpp
/// The scalar parameter λ a homotopy traces, as the problem describes it: its name (for
/// options and output), the default start of the path (the easy problem), the target,
/// the admissible range and which direction is easy. Problems (pde/) provide it, jobs
/// hand it to the continuation solvers (solvers/homotopy/), which check a start value
/// against it without knowing which PDE is behind it.
#include "core/base.hpp"

#include <limits>
#include <string>

namespace petnet {

struct ContinuationParameter {
  /// Which end of the parameter's range is the easy problem.
  enum Easy { kEither = 0, kLarger = 1, kSmaller = -1 };

  std::string name   = "lambda";
  double      start  = 1.0; ///< default start of the path (the easy problem)
  double      target = 0.0; ///< where the path ends
  double      lower  = -std::numeric_limits<double>::infinity(),
         upper       = std::numeric_limits<double>::infinity();
  bool lower_open = false, upper_open = false; ///< (lower, …) instead of [lower, …]
  Easy easy = kEither; ///< kLarger: the path runs downwards, from a larger start to the target

  /// A parameter in (0, ∞), easy when large (a length scale such as ε).
  static ContinuationParameter PositiveDecreasing(const char *name, double start, double target) {
    ContinuationParameter c;
    c.name = name, c.start = start, c.target = target, c.lower = 0, c.lower_open = true,
    c.easy = kLarger;
    return c;
  }
  /// A homotopy variable in [0, 1], easy at 1 (the start) and the target at 0.
  static ContinuationParameter UnitDecreasing(const char *name) {
    ContinuationParameter c;
    c.name = name, c.start = 1, c.target = 0, c.lower = 0, c.upper = 1, c.easy = kLarger;
    return c;
  }

  /// True when v lies in the admissible range.
  bool Admissible(double v) const;
  /// One clear error unless `start` (read from option `opt`, e.g. -hom_eps0) is finite,
  /// admissible, and on the easy side of the target; the target must be admissible too.
  PetscErrorCode CheckStart(MPI_Comm comm, const char *opt, double start) const;
};

} // namespace petnet
