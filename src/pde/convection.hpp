#pragma once
/// \file convection.hpp
/// Convection u_t + β u_x = 0 on x ∈ [0, 2π] (periodic), t ∈ [0, 1], u(x, 0) = sin x, exact
/// u = sin(x − βt): the transport problem of pde/periodic_evolution.hpp posed for the
/// soft-constrained PINN (Rathore et al., ICML 2024, β = 40). λ = β, continued from the
/// trivial β = 0 (u = sin x) upwards. The boundary in x is periodic (PeriodicEvolution::Period:
/// the network carries the periodicity, no rows in x); boundary rows lie on t = 0 only.
#include "pde/periodic_evolution.hpp"

namespace petnet {

class Convection : public Transport {
public:
  Convection() { SetBeta(40.0); }
  const char *Name() const override { return "convection"; }
  /// β from 0 (u = sin x for all t) up to the target.
  ContinuationParameter Continuation() const override;
  bool                  BoundaryFace(int k, int side) const override { return k == 1 && side == 0; }
  std::string           Describe() const override;
};

} // namespace petnet
