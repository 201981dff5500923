#include "pde/allen_cahn_time.hpp"

#include <sstream>

namespace petnet {

namespace {
/// Pointwise residual in (x, t): jet (u, u_x, u_t, u_xx, u_tt).
struct AllenCahnTimePoint {
  double                      lambda, eps, a;
  CView2                      U;
  DView1                      r, rl;
  DView2                      G;
  bool                        want_rl;
  KOKKOS_INLINE_FUNCTION void operator()(int q) const {
    const double u = U(q, 0), ut = U(q, 2), uxx = U(q, 3);
    const double f = eps * uxx - a * u * u * u + a * u; // the right-hand side at λ = 1
    r(q)           = ut - lambda * f;
    G(q, 0)        = lambda * a * (3.0 * u * u - 1.0);
    G(q, 1)        = 0.0;
    G(q, 2)        = 1.0;
    G(q, 3)        = -lambda * eps;
    G(q, 4)        = 0.0;
    if (want_rl) rl(q) = -f;
  }
};
} // namespace

void AllenCahnTime::Bounds(double *lo, double *hi) const {
  lo[0] = -1.0, hi[0] = 1.0; // x
  lo[1] = 0.0, hi[1] = 1.0;  // t
}

ContinuationParameter AllenCahnTime::Continuation() const {
  ContinuationParameter c;
  c.name = ParameterName(), c.start = 0.0, c.target = 1.0, c.lower = 0.0, c.upper = 1.0;
  c.easy = ContinuationParameter::kSmaller;
  return c;
}

PetscErrorCode AllenCahnTime::SetFromOptions(MPI_Comm comm) {
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr,
                    "Time-dependent Allen-Cahn: u_t - eps u_xx + a u^3 - a u = 0 on [-1,1] x "
                    "[0,1], x periodic, u(x,0) = x^2 cos(pi x)",
                    "Problem");
  PetscCall(PetscOptionsReal("-pde_eps", "Diffusion coefficient eps", "AllenCahnTime", eps_, &eps_,
                             nullptr));
  PetscCall(
      PetscOptionsReal("-pde_rate", "Reaction rate a", "AllenCahnTime", rate_, &rate_, nullptr));
  PetscOptionsEnd();
  PetscCheck(eps_ > 0 && std::isfinite(eps_), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-pde_eps must be > 0, got %g", eps_);
  PetscCheck(rate_ >= 0 && std::isfinite(rate_), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-pde_rate must be >= 0, got %g", rate_);
  PetscFunctionReturn(PETSC_SUCCESS);
}

void AllenCahnTime::Interior(double lambda, CView2 X, CView2 U, DView1 r, DView2 G,
                             DView1 rl) const {
  AllenCahnTimePoint f{lambda, eps_, rate_, U, r, rl, G, rl.extent(0) > 0};
  Kokkos::parallel_for("petnet::AllenCahnTime", Kokkos::RangePolicy<ExecSpace>(0, U.extent(0)), f);
}

std::string AllenCahnTime::Describe() const {
  std::ostringstream s;
  s << "Allen-Cahn u_t - eps u_xx + a u^3 - a u = 0 on [-1,1] x [0,1], x periodic, u(x,0) = "
       "x^2 cos(pi x), eps="
    << eps_ << " a=" << rate_ << ", horizon scaled by lambda";
  return s.str();
}

} // namespace petnet
