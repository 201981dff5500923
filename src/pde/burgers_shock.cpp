#include "pde/burgers_shock.hpp"

#include <sstream>

namespace petnet {

namespace {
/// Pointwise Burgers residual in (x, t): jet (u, u_x, u_t, u_xx, u_tt).
struct BurgersPoint {
  double                      nu;
  CView2                      U;
  DView1                      r, rl;
  DView2                      G;
  bool                        want_rl;
  KOKKOS_INLINE_FUNCTION void operator()(int q) const {
    const double u = U(q, 0), ux = U(q, 1), ut = U(q, 2), uxx = U(q, 3);
    r(q)    = ut + u * ux - nu * uxx;
    G(q, 0) = ux;
    G(q, 1) = u;
    G(q, 2) = 1.0;
    G(q, 3) = -nu;
    G(q, 4) = 0.0;
    if (want_rl) rl(q) = -uxx;
  }
};
} // namespace

void BurgersShock::Bounds(double *lo, double *hi) const {
  lo[0] = -1.0, hi[0] = 1.0; // x
  lo[1] = 0.0, hi[1] = 1.0;  // t
}

PetscErrorCode BurgersShock::SetFromOptions(MPI_Comm comm) {
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr,
                    "Burgers with a shock: u_t + u u_x - nu u_xx = 0 on [-1,1] x [0,1], "
                    "u(x,0) = -sin(pi x), u(+-1,t) = 0",
                    "Problem");
  PetscCall(PetscOptionsReal("-pde_nu", "Viscosity nu (the target of the homotopy; 0.01/pi)",
                             "BurgersShock", nu_, &nu_, nullptr));
  PetscOptionsEnd();
  PetscCheck(nu_ > 0 && std::isfinite(nu_), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-pde_nu must be > 0, got %g", nu_);
  PetscFunctionReturn(PETSC_SUCCESS);
}

void BurgersShock::Interior(double nu, CView2 X, CView2 U, DView1 r, DView2 G, DView1 rl) const {
  BurgersPoint f{nu, U, r, rl, G, rl.extent(0) > 0};
  Kokkos::parallel_for("petnet::BurgersShock", Kokkos::RangePolicy<ExecSpace>(0, U.extent(0)), f);
}

double BurgersShock::BoundaryValue(const double *x) const {
  // u(x, 0) = −sin(πx) on the initial face; 0 on x = ±1 (the two agree at the corners).
  return std::fabs(x[0]) >= 1.0 ? 0.0 : InitialState(x[0]);
}

std::string BurgersShock::Describe() const {
  std::ostringstream s;
  s << "Burgers u_t + u u_x - nu u_xx = 0 on [-1,1] x [0,1], u(x,0) = -sin(pi x), u(+-1,t) = 0, "
       "nu="
    << nu_;
  return s.str();
}

} // namespace petnet
