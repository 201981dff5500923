#pragma once
/// \file corrector.hpp
/// Correctors of the homotopy tracker: from the predicted θ at the new λ back towards
/// r(θ, λ) = 0.
///   none (-hom_corrector_its 0): the predicted point as it is (plain Euler)
///   gauss_newton: a few Gauss–Newton/LM iterations with fresh Jacobians, stopped once the
///                 loss is back at the level of the previous point
///   chord (-hom_chord): Newton-chord with the predictor's factorization (no new Jacobian),
///                 damped in function space when the stale Jacobian overshoots
#include "functions/residual_function.hpp"
#include "linalg/least_squares.hpp"
#include "solvers/gauss_newton.hpp"

#include <memory>
#include <vector>

namespace petnet {

class Corrector {
public:
  virtual ~Corrector() = default;
  /// Correct *trial at lambda; prev_loss: the loss at the last accepted point. r and rl
  /// are work row vectors; on return r holds the residual at *trial when cr->its > 0 for
  /// the chord. cr: iterations and losses.
  virtual PetscErrorCode Correct(ResidualFunction &f, LeastSquares &ls, double lambda,
                                 double prev_loss, std::vector<double> *trial, Vec r, Vec rl,
                                 GNResult *cr) = 0;
  /// False for the plain predictor (every step is accepted).
  virtual bool Corrects() const { return true; }
  /// The chord's damping relative to σ_max², adapted along the path (0 for the others).
  virtual double Damping() const { return 0; }
  virtual void   SetDamping(double) {}
};

struct CorrectorOptions {
  PetscInt           its         = 3; ///< -hom_corrector_its (0: no corrector)
  PetscBool          chord       = PETSC_FALSE;
  double             accept_loss = 1e-10;
  GaussNewtonOptions gn; ///< -hom_corr_* (Gauss–Newton corrector)
};

std::unique_ptr<Corrector> CreateCorrector(const CorrectorOptions &opt);

} // namespace petnet
