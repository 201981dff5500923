#include "pde/burgers_space_time.hpp"

#include <cmath>
#include <sstream>

namespace petnet {

PetscErrorCode BurgersSpaceTime::SetFromOptions(MPI_Comm comm) {
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr, "Time-dependent Burgers operator (PI-DeepONet)",
                    "BurgersSpaceTime");
  PetscCall(PetscOptionsReal("-pde_eps", "Viscosity nu (the homotopy ends there)",
                             "BurgersSpaceTime", eps_, &eps_, nullptr));
  PetscOptionsEnd();
  PetscCheck(eps_ > 0 && eps_ <= 1 && std::isfinite(eps_), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-pde_eps must be in (0, 1], got %g", eps_);
  PetscFunctionReturn(PETSC_SUCCESS);
}

void BurgersSpaceTime::Homotopy(double s, CView2, CView1 U0, CView2 U, DView1 r, DView2 G,
                                DView1 rs) const {
  const double nu = EpsOfS(s), dnu = DEpsDs(s);
  const bool   want_rs = rs.extent(0) > 0;
  // Jet components (core/jets.hpp, d = 2): 0 u, 1 u_x, 2 u_t, 3 u_xx, 4 u_tt.
  Kokkos::parallel_for(
      "petnet::BurgersSpaceTime::Homotopy", Kokkos::RangePolicy<ExecSpace>(0, U.extent(0)),
      KOKKOS_LAMBDA(int q) {
        const double u = U(q, 0), ux = U(q, 1), ut = U(q, 2), uxx = U(q, 3);
        const double pde = ut + u * ux - nu * uxx;
        r(q)             = (1.0 - s) * pde + s * (u - U0(q));
        G(q, 0)          = (1.0 - s) * ux + s;
        G(q, 1)          = (1.0 - s) * u;
        G(q, 2)          = 1.0 - s;
        G(q, 3)          = -(1.0 - s) * nu;
        G(q, 4)          = 0.0;
        if (want_rs) rs(q) = -pde - (1.0 - s) * dnu * uxx + (u - U0(q));
      });
  Kokkos::fence();
}

std::string BurgersSpaceTime::Describe() const {
  std::ostringstream s;
  s << "Burgers u_t + u u_x = nu u_xx on [0,1] periodic x [0,1], u(x,0) = u0(x), nu = " << eps_
    << ", " << PathDescribe();
  return s.str();
}

} // namespace petnet
