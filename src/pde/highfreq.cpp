#include "pde/highfreq.hpp"

#include <cmath>
#include <sstream>

namespace petnet {

namespace {
/// Pointwise H = u − sin(πx/ε): jet (u).
struct HighFreqPoint {
  double                      eps;
  CView2                      X, U;
  DView1                      r, rl;
  DView2                      G;
  bool                        want_rl;
  KOKKOS_INLINE_FUNCTION void operator()(int q) const {
    const double pi = 3.14159265358979323846;
    const double a  = pi * X(q, 0) / eps;
    r(q)            = U(q, 0) - kmath::sin(a);
    G(q, 0)         = 1.0;
    if (want_rl) rl(q) = a / eps * kmath::cos(a); // −cos(a)·∂a/∂ε, ∂a/∂ε = −a/ε
  }
};
} // namespace

PetscErrorCode HighFrequency::SetFromOptions(MPI_Comm comm) {
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr, "High-frequency fit: u - sin(pi x/eps) = 0 on [0,1]", "Problem");
  PetscCall(PetscOptionsReal("-pde_eps", "Target eps (frequency 1/eps; the paper's 1/50)",
                             "HighFrequency", eps_, &eps_, nullptr));
  PetscOptionsEnd();
  PetscCheck(eps_ > 0 && std::isfinite(eps_), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-pde_eps must be > 0, got %g", eps_);
  PetscFunctionReturn(PETSC_SUCCESS);
}

void HighFrequency::Interior(double eps, CView2 X, CView2 U, DView1 r, DView2 G, DView1 rl) const {
  HighFreqPoint f{eps, X, U, r, rl, G, rl.extent(0) > 0};
  Kokkos::parallel_for("petnet::HighFrequency", Kokkos::RangePolicy<ExecSpace>(0, U.extent(0)), f);
}

double HighFrequency::Exact(const double *x, double eps) const {
  return std::sin(M_PI * x[0] / eps);
}

std::string HighFrequency::Describe() const {
  std::ostringstream s;
  s << "high-frequency fit u = sin(pi x/eps) on [0,1], eps=" << eps_ << " (frequency " << 1.0 / eps_
    << ")";
  return s.str();
}

} // namespace petnet
