#pragma once
/// \file homotopy_loss_function.hpp
/// What the homotopy-loss strategy (solvers/homotopy/homotopy_loss.hpp) sees: a residual
/// whose rows include, besides the PDE and boundary rows, the L_Hε block that links the
/// current point to a frozen previous one.
#include "functions/residual_function.hpp"

namespace petnet {

/// A residual whose rows include the L_Hε block of a frozen previous point.
class HomotopyLossFunction : public ResidualFunction {
public:
  /// Freeze θ_{k−1} at λ_{k−1} (L_Hε rows active from the next SetPoint).
  virtual PetscErrorCode SetPrevious(const double *theta_prev, double lambda_prev) = 0;
  /// No previous point: the L_Hε rows are zero (the plain loss).
  virtual void ClearPrevious() = 0;
  /// The two parts of ½‖r‖² at the current point: L_H + λ_bc L_bc, and α L_Hε.
  virtual PetscErrorCode PartLosses(double *l_h, double *l_he) const = 0;
};

} // namespace petnet
