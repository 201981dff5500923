#include "pde/allen_cahn_operator.hpp"

#include <cmath>
#include <sstream>

namespace petnet {

PetscErrorCode AllenCahnOperator::SetFromOptions(MPI_Comm comm) {
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr, "Steady 2D Allen-Cahn operator", "AllenCahnOperator");
  PetscCall(PetscOptionsReal("-pde_eps", "Target interface width eps (the homotopy ends there)", "AllenCahnOperator", eps_,
                             &eps_, nullptr));
  PetscCall(PetscOptionsReal("-pde_forcing_amp", "Amplitude A of the forcing f = A sin(pi (x - b cos^2(pi y / 2)) / 2)",
                             "AllenCahnOperator", amp_, &amp_, nullptr));
  PetscCall(PetscOptionsReal("-pde_forcing_bend", "Bend b of the forcing's zero line x = b cos^2(pi y / 2)",
                             "AllenCahnOperator", bend_, &bend_, nullptr));
  PetscCall(PetscOptionsInt("-pde_ref_refine", "Reference grid: (m-1)*refine intervals per side (even)",
                            "AllenCahnOperator", refine_, &refine_, nullptr));
  PetscOptionsEnd();
  PetscCheck(eps_ > 0 && eps_ <= 1 && std::isfinite(eps_), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-pde_eps must be in (0, 1], got %g", eps_);
  PetscCheck(std::isfinite(amp_), comm, PETSC_ERR_ARG_OUTOFRANGE, "-pde_forcing_amp must be finite");
  PetscCheck(bend_ >= 0 && bend_ < 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "-pde_forcing_bend must be in [0, 1), got %g", bend_);
  PetscCheck(refine_ >= 2 && refine_ % 2 == 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-pde_ref_refine must be even and >= 2 (the grid error is estimated on half the grid), got %" PetscInt_FMT,
             refine_);
  PetscFunctionReturn(PETSC_SUCCESS);
}

double AllenCahnOperator::Forcing(double x, double y) const {
  const double c = std::cos(0.5 * M_PI * y);
  return amp_ * std::sin(0.5 * M_PI * (x - bend_ * c * c));
}

PetscErrorCode AllenCahnOperator::Prepare(MPI_Comm, PetscInt m) {
  PetscFunctionBeginUser;
  m_ = m;
  fine_.reset(new AllenCahn2DFD);
  half_.reset(new AllenCahn2DFD);
  // One process per solve: each rank solves the references of its own test inputs.
  PetscCall(fine_->Create(PETSC_COMM_SELF, (m - 1) * refine_ + 1, eps_, Lo(), Hi(), "ref_"));
  PetscCall(half_->Create(PETSC_COMM_SELF, (m - 1) * (refine_ / 2) + 1, eps_, Lo(), Hi(), "ref_"));
  for (AllenCahn2DFD *fd : {fine_.get(), half_.get()}) {
    PetscCall(fd->SetFromOptions());
    if (amp_ != 0.0) PetscCall(fd->SetForcing([this](double x, double y) { return Forcing(x, y); }));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

void AllenCahnOperator::Homotopy(double s, CView2 X, CView1 U0, CView2 U, DView1 r, DView2 G, DView1 rs) const {
  const double e = EpsOfS(s), de = DEpsDs(s), a = amp_, b = bend_, hp = 0.5 * M_PI;
  const bool   want_rs = rs.extent(0) > 0;
  // Jet components: 0 u, 1..2 ∂u/∂x_k, 3..4 ∂²u/∂x_k².
  Kokkos::parallel_for("petnet::AllenCahnOperator::Homotopy", Kokkos::RangePolicy<ExecSpace>(0, U.extent(0)),
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

PetscErrorCode AllenCahnOperator::SolveOn(AllenCahn2DFD &fd, PetscInt r, const std::vector<double> &u0, PetscInt m,
                                          std::vector<double> *u) const {
  Vec                 v;
  std::vector<double> all;
  PetscFunctionBeginUser;
  const double lo = Lo(), hi = Hi();
  // u0[i·m + j] = u0(x_i, y_j) is InterpolateAt's layout with the roles of x and y swapped.
  PetscCall(fd.CreateVec(&v));
  PetscCall(fd.Solve([&](double x, double y) { return AllenCahn2DFD::InterpolateAt(m, lo, hi, u0, y, x); }, v));
  PetscCall(fd.GatherAll(v, &all)); // all[j·n + i] = u(x_i, y_j)
  PetscCall(VecDestroy(&v));
  const PetscInt n = fd.N();
  u->resize(m * m);
  for (PetscInt i = 0; i < m; ++i)
    for (PetscInt j = 0; j < m; ++j) (*u)[i * m + j] = all[(j * r) * n + i * r];
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode AllenCahnOperator::Reference(const std::vector<double> &u0, PetscInt m, std::vector<double> *u,
                                            double *grid_error) const {
  PetscFunctionBeginUser;
  PetscCheck(fine_ && m == m_, PETSC_COMM_SELF, PETSC_ERR_ORDER,
             "AllenCahnOperator::Reference needs Prepare() for the %" PetscInt_FMT "-point grid first", m);
  PetscCheck(static_cast<PetscInt>(u0.size()) == m * m, PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ,
             "input has %zu values, expected %" PetscInt_FMT, u0.size(), m * m);
  PetscCall(SolveOn(*fine_, refine_, u0, m, u));
  if (grid_error) {
    std::vector<double> coarse;
    PetscCall(SolveOn(*half_, refine_ / 2, u0, m, &coarse));
    double err = 0;
    for (PetscInt q = 0; q < m * m; ++q) err = std::fmax(err, std::fabs((*u)[q] - coarse[q]));
    *grid_error = err;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

std::string AllenCahnOperator::Describe() const {
  std::ostringstream s;
  s << "steady Allen-Cahn -eps^2 Lap u + u^3 - u = f, f = " << amp_ << " sin(pi(x - " << bend_
    << " cos^2(pi y/2))/2) on [-1,1]^2, u=0 on the boundary (the state reached from u0), eps = " << eps_
    << ", " << PathDescribe();
  return s.str();
}

} // namespace petnet
