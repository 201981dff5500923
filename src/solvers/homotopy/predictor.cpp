#include "solvers/homotopy/predictor.hpp"
#include "solvers/residual_jacobian.hpp"

#include <algorithm>
#include <cmath>

namespace petnet {

const char *const kPredictorNames[3] = {"tangent", "secant", "none"};

namespace {

class TangentPredictor : public Predictor {
public:
  explicit TangentPredictor(double rcond) : rcond_(rcond) {}
  PetscErrorCode Direction(ResidualFunction &f, LeastSquares &ls, const std::vector<double> &theta,
                           double lambda, Vec rl, std::vector<double> *tangent,
                           LSQStats *st) override {
    PetscFunctionBeginUser;
    PetscCall(f.SetPoint(theta.data(), lambda));
    PetscCall(f.DLambda(rl));
    ResidualJacobian jac(f);
    PetscCall(ls.Setup(jac));
    const double smax = ls.SingularValues().empty() ? 1.0 : ls.SingularValues()[0];
    PetscCall(ls.Solve(rl, rcond_ * rcond_ * smax * smax, tangent->data(), st));
    PetscFunctionReturn(PETSC_SUCCESS);
  }

private:
  double rcond_;
};

/// The previous point is not checkpointed: after a restart the first step has no predictor.
class SecantPredictor : public Predictor {
public:
  PetscErrorCode Direction(ResidualFunction &, LeastSquares &, const std::vector<double> &theta,
                           double, Vec, std::vector<double> *tangent, LSQStats *) override {
    PetscFunctionBeginUser;
    if (!have_prev_) std::fill(tangent->begin(), tangent->end(), 0.0);
    else // θ' ≈ −(θ − θ_prev)/Δλ_prev in the tangent's sign
      for (size_t j = 0; j < theta.size(); ++j) (*tangent)[j] = -(theta[j] - prev_[j]) / dl_prev_;
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  void Accepted(const std::vector<double> &theta_before, double dl) override {
    prev_      = theta_before;
    have_prev_ = true;
    dl_prev_   = dl;
  }

private:
  std::vector<double> prev_;
  bool                have_prev_ = false;
  double              dl_prev_   = 0;
};

class NoPredictor : public Predictor {
public:
  PetscErrorCode Direction(ResidualFunction &, LeastSquares &, const std::vector<double> &, double,
                           Vec, std::vector<double> *tangent, LSQStats *) override {
    std::fill(tangent->begin(), tangent->end(), 0.0);
    return PETSC_SUCCESS;
  }
  bool Moves() const override { return false; }
};

} // namespace

std::unique_ptr<Predictor> CreatePredictor(PredictorType type, double tangent_rcond) {
  switch (type) {
  case PredictorType::kTangent: return std::make_unique<TangentPredictor>(tangent_rcond);
  case PredictorType::kSecant: return std::make_unique<SecantPredictor>();
  case PredictorType::kNone: break;
  }
  return std::make_unique<NoPredictor>();
}

void PredictorStep(const std::vector<double> &theta, const std::vector<double> &tangent, double dl,
                   double pred_max, std::vector<double> *trial, double *dtheta, double *theta_norm,
                   bool *capped) {
  const size_t p     = theta.size();
  double       pnorm = 0, tnorm = 0;
  for (size_t j = 0; j < p; ++j) {
    pnorm += tangent[j] * tangent[j];
    tnorm += theta[j] * theta[j];
  }
  pnorm = std::fabs(dl) * std::sqrt(pnorm), tnorm = std::sqrt(tnorm);
  const double pscale =
      pred_max > 0 && pnorm > pred_max * (1 + tnorm) ? pred_max * (1 + tnorm) / pnorm : 1.0;
  const double h = pscale * dl; // θ_pred = θ − h θ' (h = Δλ unless capped)
  for (size_t j = 0; j < p; ++j) (*trial)[j] = theta[j] - h * tangent[j];
  *dtheta     = pnorm;
  *theta_norm = tnorm;
  *capped     = pscale < 1;
}

} // namespace petnet
