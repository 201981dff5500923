#pragma once
/// \file predictor.hpp
/// Predictors of the homotopy tracker (-hom_predictor): each gives a direction θ' so
/// that the predicted point at λ + Δλ is θ − Δλ θ' (capped, see PredictorStep).
///   tangent: θ' = −J⁺ r_λ at (θ, λ) (Euler on the Davidenko equation)
///   secant:  θ' ≈ −(θ − θ_prev)/Δλ_prev, through the last two accepted points
///   none:    θ' = 0 (corrector-only continuation)
#include "functions/residual_function.hpp"
#include "linalg/least_squares.hpp"

#include <memory>
#include <vector>

namespace petnet {

enum class PredictorType { kTangent = 0, kSecant = 1, kNone = 2 };
/// Names of -hom_predictor, indexed by PredictorType.
extern const char *const kPredictorNames[3];

class Predictor {
public:
  virtual ~Predictor() = default;
  /// θ' at (θ, λ) into tangent; st: statistics of the least-squares solve, if any.
  virtual PetscErrorCode Direction(ResidualFunction &f, LeastSquares &ls,
                                   const std::vector<double> &theta, double lambda, Vec rl,
                                   std::vector<double> *tangent, LSQStats *st) = 0;
  /// The step of length dl from theta_before was accepted.
  virtual void Accepted(const std::vector<double> &theta_before, double dl) {}
  /// False when the predictor never moves θ (nothing to report).
  virtual bool Moves() const { return true; }
};

/// The predictor for a type; tangent_rcond: Tikhonov τ of the tangent solve, μ = (τ σ_max)².
std::unique_ptr<Predictor> CreatePredictor(PredictorType type, double tangent_rcond);

/// trial = θ − h θ' with h = Δλ, or less when |Δλ θ'| > pred_max (1 + |θ|) (pred_max > 0).
/// dtheta = |Δλ θ'|, theta_norm = |θ|; capped when h was reduced.
void PredictorStep(const std::vector<double> &theta, const std::vector<double> &tangent, double dl,
                   double pred_max, std::vector<double> *trial, double *dtheta, double *theta_norm,
                   bool *capped);

} // namespace petnet
