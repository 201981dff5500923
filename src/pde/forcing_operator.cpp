#include "pde/forcing_operator.hpp"

#include <cmath>
#include <cstring>
#include <sstream>

namespace petnet {

PetscErrorCode ForcingOperator::SetFromOptions(MPI_Comm comm) {
  char start[16] = "zero";
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr, "Forcing-to-steady-state operator", "ForcingOperator");
  PetscCall(PetscOptionsReal("-pde_eps", "Target eps (the homotopy ends there)", "ForcingOperator",
                             eps_, &eps_, nullptr));
  PetscCall(PetscOptionsReal("-pde_forcing_mean", "Constant added to every input forcing",
                             "ForcingOperator", mean_, &mean_, nullptr));
  PetscCall(PetscOptionsString("-pde_start",
                               "Homotopy start at s = 1: zero (u = 0) or input (u = f)",
                               "ForcingOperator", start, start, sizeof start, nullptr));
  PetscOptionsEnd();
  PetscCheck(eps_ > 0 && eps_ <= 1 && std::isfinite(eps_), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-pde_eps must be in (0, 1], got %g", eps_);
  PetscCheck(std::isfinite(mean_), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-pde_forcing_mean must be finite");
  PetscCheck(!std::strcmp(start, "zero") || !std::strcmp(start, "input"), comm,
             PETSC_ERR_ARG_UNKNOWN_TYPE, "-pde_start must be zero or input, got %s", start);
  start_ = std::strcmp(start, "input") ? 0.0 : 1.0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

void ForcingOperator::Homotopy(double s, CView2 X, CView1 U0, CView2 U, DView1 r, DView2 G,
                               DView1 rs) const {
  const double e = EpsOfS(s), de = DEpsDs(s), fbar = mean_, c = start_;
  const bool   want_rs = rs.extent(0) > 0, burgers = kind_ == Kind::Burgers;
  // Jet components: 0 u, 1..2 ∂u/∂x_k, 3..4 ∂²u/∂x_k². U0 is the input forcing f.
  Kokkos::parallel_for(
      "petnet::ForcingOperator::Homotopy", Kokkos::RangePolicy<ExecSpace>(0, U.extent(0)),
      KOKKOS_LAMBDA(int q) {
        const double u = U(q, 0), lap = U(q, 3) + U(q, 4), f = U0(q);
        double       pde, dpde_du, dpde_de, diff;
        if (burgers) {
          pde     = u * (U(q, 1) + U(q, 2)) - e * lap - fbar - f;
          dpde_du = U(q, 1) + U(q, 2);
          dpde_de = -lap;
          diff    = -e;
          G(q, 1) = G(q, 2) = (1.0 - s) * u;
        } else {
          pde     = -e * e * lap + u * u * u - u - fbar - f;
          dpde_du = 3.0 * u * u - 1.0;
          dpde_de = -2.0 * e * lap;
          diff    = -e * e;
          G(q, 1) = G(q, 2) = 0.0;
        }
        r(q)    = (1.0 - s) * pde + s * (u - c * f);
        G(q, 0) = (1.0 - s) * dpde_du + s;
        G(q, 3) = G(q, 4) = (1.0 - s) * diff;
        if (want_rs) rs(q) = -pde + (1.0 - s) * dpde_de * de + (u - c * f);
      });
  Kokkos::fence();
}

std::string ForcingOperator::Describe() const {
  std::ostringstream s;
  if (kind_ == Kind::Burgers) s << "steady Burgers (u^2/2)_x + (u^2/2)_y - eps Lap u = ";
  else s << "steady Allen-Cahn -eps^2 Lap u + u^3 - u = ";
  s << mean_ << " + f";
  s << " on [0,1]^2, u=0 on the boundary, input = the forcing f, eps = " << eps_ << ", "
    << PathDescribe() << " from u = " << (start_ != 0.0 ? "f" : "0");
  return s.str();
}

} // namespace petnet
