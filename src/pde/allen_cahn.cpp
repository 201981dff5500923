#include "pde/allen_cahn.hpp"
#include "pde/allen_cahn_time.hpp"
#include "pde/burgers_shock.hpp"
#include "pde/convection.hpp"
#include "pde/highfreq.hpp"

#include <cmath>
#include <sstream>

namespace petnet {

// ---------------------------------------------------------------- 1D ----
namespace {
/// Pointwise 1D Allen–Cahn: jet (u, u', u'').
struct AC1DPoint {
  double                      eps;
  CView2                      U;
  DView1                      r, rl;
  DView2                      G;
  bool                        want_rl;
  KOKKOS_INLINE_FUNCTION void operator()(int q) const {
    const double u = U(q, 0), uxx = U(q, 2);
    r(q)    = eps * eps * uxx - u * u * u + u;
    G(q, 0) = 1.0 - 3.0 * u * u;
    G(q, 1) = 0.0;
    G(q, 2) = eps * eps;
    if (want_rl) rl(q) = 2.0 * eps * uxx;
  }
};
} // namespace

PetscErrorCode AllenCahn1D::SetFromOptions(MPI_Comm comm) {
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr, "1D Allen-Cahn: eps^2 u'' - u^3 + u = 0, u(0)=-1, u(1)=1",
                    "Problem");
  PetscCall(PetscOptionsReal("-pde_eps", "Interface width eps (the target of the homotopy)",
                             "AllenCahn1D", eps_, &eps_, nullptr));
  PetscOptionsEnd();
  PetscCheck(eps_ > 0 && std::isfinite(eps_), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-pde_eps must be > 0, got %g", eps_);
  PetscFunctionReturn(PETSC_SUCCESS);
}

void AllenCahn1D::Interior(double eps, CView2 X, CView2 U, DView1 r, DView2 G, DView1 rl) const {
  AC1DPoint f{eps, U, r, rl, G, rl.extent(0) > 0};
  Kokkos::parallel_for("petnet::AllenCahn1D", Kokkos::RangePolicy<ExecSpace>(0, U.extent(0)), f);
}

double AllenCahn1D::Exact(const double *x, double eps) const {
  return std::tanh((x[0] - 0.5) / (std::sqrt(2.0) * eps));
}

std::string AllenCahn1D::Describe() const {
  std::ostringstream s;
  s << "1D Allen-Cahn eps^2 u'' - u^3 + u = 0 on (0,1), u(0)=-1, u(1)=1, eps=" << eps_;
  return s.str();
}

// ---------------------------------------------------------------- 2D ----
namespace {
/// Pointwise 2D homotopy residual: jet (u, ux, uy, uxx, uyy).
struct AC2DPoint {
  double                      s, eps, deps; // ε(s) and dε/ds
  double                      sg; // +1: the paper's sign of the PDE part, −1: the accretive sign
  CView2                      X, U;
  DView1                      r, rl;
  DView2                      G;
  bool                        want_rl;
  KOKKOS_INLINE_FUNCTION void operator()(int q) const {
    const double pi = 3.14159265358979323846;
    const double u = U(q, 0), lap = U(q, 3) + U(q, 4);
    const double u0 = -kmath::sin(pi * X(q, 0)) * kmath::sin(pi * X(q, 1));
    const double ac = sg * (eps * eps * lap - u * (u * u - 1.0));
    r(q)            = (1.0 - s) * ac + s * (u - u0);
    G(q, 0)         = (1.0 - s) * sg * (1.0 - 3.0 * u * u) + s;
    G(q, 1) = G(q, 2) = 0.0;
    G(q, 3) = G(q, 4) = (1.0 - s) * sg * eps * eps;
    if (want_rl) rl(q) = -ac + (1.0 - s) * sg * 2.0 * eps * deps * lap + (u - u0);
  }
};
} // namespace

PetscErrorCode AllenCahn2D::SetFromOptions(MPI_Comm comm) {
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr, "2D Allen-Cahn steady-state homotopy in s", "Problem");
  PetscCall(PetscOptionsReal("-pde_eps", "eps_min: eps(s) = max(s, eps_min)", "AllenCahn2D",
                             eps_min_, &eps_min_, nullptr));
  PetscCall(PetscOptionsBool(
      "-pde_accretive",
      "Homotopy with the PDE part's sign flipped, (1-s)(-eps^2 Lap u + u(u^2-1)) + s(u-u0): "
      "its u-linearization is positive where the steady state is stable (no fold on the path)",
      "AllenCahn2D", accretive_, &accretive_, nullptr));
  PetscOptionsEnd();
  PetscCheck(eps_min_ > 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-pde_eps must be > 0, got %g",
             eps_min_);
  PetscFunctionReturn(PETSC_SUCCESS);
}

void AllenCahn2D::Interior(double s, CView2 X, CView2 U, DView1 r, DView2 G, DView1 rl) const {
  const double eps = s > eps_min_ ? s : eps_min_, deps = s > eps_min_ ? 1.0 : 0.0;
  AC2DPoint    f{s, eps, deps, accretive_ ? -1.0 : 1.0, X, U, r, rl, G, rl.extent(0) > 0};
  Kokkos::parallel_for("petnet::AllenCahn2D", Kokkos::RangePolicy<ExecSpace>(0, U.extent(0)), f);
}

std::string AllenCahn2D::Describe() const {
  std::ostringstream s;
  s << "2D Allen-Cahn homotopy (1-s)("
    << (accretive_ ? "-eps(s)^2 Lap u + u(u^2-1)" : "eps(s)^2 Lap u - u(u^2-1)")
    << ") + s(u-u0) on [-1,1]^2, u=0 on boundary, eps_min=" << eps_min_;
  return s.str();
}

// ------------------------------------------------------------ factory ----
std::vector<std::string> PdeProblemNames() {
  return {"allen_cahn_1d", "allen_cahn_2d",   "highfreq",
          "burgers_shock", "allen_cahn_time", "convection"};
}

PetscErrorCode CreateProblem(MPI_Comm comm, const std::string &name,
                             std::unique_ptr<Problem> *problem) {
  PetscFunctionBeginUser;
  if (name == "allen_cahn_1d") problem->reset(new AllenCahn1D);
  else if (name == "allen_cahn_2d") problem->reset(new AllenCahn2D);
  else if (name == "highfreq") problem->reset(new HighFrequency);
  else if (name == "burgers_shock") problem->reset(new BurgersShock);
  else if (name == "allen_cahn_time") problem->reset(new AllenCahnTime);
  else if (name == "convection") problem->reset(new Convection);
  else SETERRQ(comm, PETSC_ERR_ARG_UNKNOWN_TYPE, "unknown problem %s", name.c_str());
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
