#include "pde/burgers_operator.hpp"

#include <cmath>
#include <sstream>

namespace petnet {

PetscErrorCode BurgersOperator::SetFromOptions(MPI_Comm comm) {
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr, "Steady Burgers operator", "BurgersOperator");
  PetscCall(PetscOptionsReal("-pde_eps", "Target viscosity eps (the homotopy ends there)",
                             "BurgersOperator", eps_, &eps_, nullptr));
  PetscOptionsEnd();
  PetscCheck(eps_ > 0 && eps_ <= 1 && std::isfinite(eps_), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-pde_eps must be in (0, 1], got %g", eps_);
  PetscFunctionReturn(PETSC_SUCCESS);
}

double BurgersOperator::Forcing(const double *x) const {
  if (dim_ == 1) return M_PI * std::sin(M_PI * x[0]) * std::cos(M_PI * x[0]);
  return M_PI * std::sin(M_PI * x[0]) * std::sin(M_PI * x[1]) * std::sin(M_PI * (x[0] + x[1]));
}

void BurgersOperator::Homotopy(double s, CView2 X, CView1 U0, CView2 U, DView1 r, DView2 G,
                               DView1 rs) const {
  const double e = EpsOfS(s), de = DEpsDs(s), pi = M_PI;
  const bool   want_rs = rs.extent(0) > 0;
  const int    D       = dim_;
  // Jet components: 0 u, 1..D ∂u/∂x_k, D+1..2D ∂²u/∂x_k².
  Kokkos::parallel_for(
      "petnet::BurgersOperator::Homotopy", Kokkos::RangePolicy<ExecSpace>(0, U.extent(0)),
      KOKKOS_LAMBDA(int q) {
        const double u    = U(q, 0);
        double       conv = 0, lap = 0, f;
        for (int k = 0; k < D; ++k) {
          conv += u * U(q, 1 + k);
          lap += U(q, 1 + D + k);
        }
        if (D == 1) f = pi * kmath::sin(pi * X(q, 0)) * kmath::cos(pi * X(q, 0));
        else
          f = pi * kmath::sin(pi * X(q, 0)) * kmath::sin(pi * X(q, 1)) *
              kmath::sin(pi * (X(q, 0) + X(q, 1)));
        const double pde = conv - e * lap - f;
        r(q)             = (1.0 - s) * pde + s * (u - U0(q));
        double du        = s;
        for (int k = 0; k < D; ++k) {
          du += (1.0 - s) * U(q, 1 + k);
          G(q, 1 + k)     = (1.0 - s) * u;
          G(q, 1 + D + k) = -(1.0 - s) * e;
        }
        G(q, 0) = du;
        if (want_rs) rs(q) = -pde - (1.0 - s) * de * lap + (u - U0(q));
      });
  Kokkos::fence();
}

std::string BurgersOperator::Describe() const {
  std::ostringstream s;
  if (dim_ == 1)
    s << "steady Burgers (u^2/2)_x - eps u_xx = pi sin(pi x) cos(pi x) on [0,1], u(0)=u(1)=0";
  else
    s << "steady Burgers (u^2/2)_x + (u^2/2)_y - eps Lap u = pi sin(pi x) sin(pi y) sin(pi(x+y)) "
         "on [0,1]^2, u=0 on the boundary";
  s << ", eps = " << eps_ << ", " << PathDescribe();
  return s.str();
}

} // namespace petnet
