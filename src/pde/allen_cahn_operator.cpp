#include "pde/allen_cahn_operator.hpp"

#include <cmath>
#include <sstream>

namespace petnet {

PetscErrorCode AllenCahnOperator::SetFromOptions(MPI_Comm comm) {
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr, "Steady 2D Allen-Cahn operator", "AllenCahnOperator");
  PetscCall(PetscOptionsReal("-pde_eps", "Target interface width eps (the homotopy ends there)",
                             "AllenCahnOperator", eps_, &eps_, nullptr));
  PetscCall(PetscOptionsReal("-pde_forcing_amp",
                             "Amplitude A of the forcing f = A sin(pi (x - b cos^2(pi y / 2)) / 2)",
                             "AllenCahnOperator", amp_, &amp_, nullptr));
  PetscCall(PetscOptionsReal("-pde_forcing_bend",
                             "Bend b of the forcing's zero line x = b cos^2(pi y / 2)",
                             "AllenCahnOperator", bend_, &bend_, nullptr));
  PetscOptionsEnd();
  PetscCheck(eps_ > 0 && eps_ <= 1 && std::isfinite(eps_), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-pde_eps must be in (0, 1], got %g", eps_);
  PetscCheck(std::isfinite(amp_), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-pde_forcing_amp must be finite");
  PetscCheck(bend_ >= 0 && bend_ < 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-pde_forcing_bend must be in [0, 1), got %g", bend_);
  PetscFunctionReturn(PETSC_SUCCESS);
}

double AllenCahnOperator::Forcing(double x, double y) const {
  const double c = std::cos(0.5 * M_PI * y);
  return amp_ * std::sin(0.5 * M_PI * (x - bend_ * c * c));
}

void AllenCahnOperator::Homotopy(double s, CView2 X, CView1 U0, CView2 U, DView1 r, DView2 G,
                                 DView1 rs) const {
  const double e = EpsOfS(s), de = DEpsDs(s), a = amp_, b = bend_, hp = 0.5 * M_PI;
  const bool   want_rs = rs.extent(0) > 0;
  // Jet components: 0 u, 1..2 ∂u/∂x_k, 3..4 ∂²u/∂x_k².
  Kokkos::parallel_for(
      "petnet::AllenCahnOperator::Homotopy", Kokkos::RangePolicy<ExecSpace>(0, U.extent(0)),
      KOKKOS_LAMBDA(int q) {
        const double u = U(q, 0), lap = U(q, 3) + U(q, 4);
        const double c   = kmath::cos(hp * X(q, 1));
        const double f   = a * kmath::sin(hp * (X(q, 0) - b * c * c));
        const double pde = -e * e * lap + u * u * u - u - f;
        r(q)             = (1.0 - s) * pde + s * (u - U0(q));
        G(q, 0)          = (1.0 - s) * (3.0 * u * u - 1.0) + s;
        G(q, 1) = G(q, 2) = 0.0;
        G(q, 3) = G(q, 4) = -(1.0 - s) * e * e;
        if (want_rs) rs(q) = -pde - (1.0 - s) * 2.0 * e * de * lap + (u - U0(q));
      });
  Kokkos::fence();
}

std::string AllenCahnOperator::Describe() const {
  std::ostringstream s;
  s << "steady Allen-Cahn -eps^2 Lap u + u^3 - u = f, f = " << amp_ << " sin(pi(x - " << bend_
    << " cos^2(pi y/2))/2) on [-1,1]^2, u=0 on the boundary (the state reached from u0), eps = "
    << eps_ << ", " << PathDescribe();
  return s.str();
}

} // namespace petnet
