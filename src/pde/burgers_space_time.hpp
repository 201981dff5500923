#pragma once
/// \file burgers_space_time.hpp
/// The PI-DeepONet benchmark (Wang, Wang & Perdikaris 2021): the solution operator
/// u₀ ↦ u(x, t) of the viscous Burgers equation
///
///   u_t + u u_x = ν u_xx,   x ∈ [0, 1] periodic, t ∈ [0, 1],   u(x, 0) = u₀(x),
///
/// learned by a space–time DeepONet whose trunk takes (x, t). Posed through the operator
/// homotopy of pde/operator_problem.hpp with u(x, t) = u₀(x) as its easy end:
///
///   H(u, s) = (1 − s)(u_t + u u_x − ν(s) u_xx) + s(u − u₀(x)),   s: 1 → 0,
///
/// ν(s) = max(s, ν) (-pde_eps_schedule max, a viscosity homotopy on the way) or ν
/// (fixed); -pde_eps is ν. The rows at t = 0 are the initial condition u − u₀(x) for
/// every s (SpaceTime()); periodicity in x is exact, by the trunk's periodic embedding
/// (nn/deeponet.hpp), so no rows enforce it. Jets (u, u_x, u_t, u_xx, u_tt), core/jets.hpp.
/// Its reference: reference/burgers_space_time_reference.hpp.
#include "pde/operator_problem.hpp"

namespace petnet {

class BurgersSpaceTime : public OperatorProblem {
public:
  BurgersSpaceTime() { eps_ = 0.01; }
  const char    *Name() const override { return "burgers_1d_pideeponet"; }
  int            Dim() const override { return 2; }
  double         Lo() const override { return 0.0; }
  double         Hi() const override { return 1.0; }
  bool           SpaceTime() const override { return true; }
  PetscErrorCode SetFromOptions(MPI_Comm comm) override;
  void           Homotopy(double s, CView2 X, CView1 U0, CView2 U, DView1 r, DView2 G,
                          DView1 rs) const override;
  std::string    Describe() const override;
};

} // namespace petnet
