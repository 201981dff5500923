#include "reference/operator_reference.hpp"

#include "pde/allen_cahn_operator.hpp"
#include "pde/burgers_operator.hpp"
#include "reference/allen_cahn_2d_fd.hpp"
#include "reference/burgers_fd.hpp"
#include "reference/burgers_space_time_reference.hpp"
#include "reference/forcing_reference.hpp"

#include <cmath>

namespace petnet {

PetscErrorCode OperatorReferenceRefine(MPI_Comm comm, const char *title, PetscInt *refine) {
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr, title, "OperatorReference");
  PetscCall(PetscOptionsInt("-pde_ref_refine",
                            "Reference grid: (m-1)*refine intervals per side (even)",
                            "OperatorReference", *refine, refine, nullptr));
  PetscOptionsEnd();
  PetscCheck(*refine >= 2 && *refine % 2 == 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-pde_ref_refine must be even and >= 2 (the grid error is estimated on half the "
             "grid), got %" PetscInt_FMT,
             *refine);
  PetscFunctionReturn(PETSC_SUCCESS);
}

namespace {

/// Steady Burgers (reference/burgers_fd.hpp); the state does not depend on u₀.
class BurgersReference : public OperatorReference {
public:
  BurgersReference(const BurgersOperator &problem, PetscInt m, PetscInt refine)
      : problem_(problem), m_(m), refine_(refine) {}
  PetscErrorCode Solve(const std::vector<double> &u0, std::vector<double> *u,
                       double *grid_error) const override;

private:
  const BurgersOperator &problem_;
  PetscInt               m_, refine_;
};

PetscErrorCode BurgersReference::Solve(const std::vector<double> &, std::vector<double> *u,
                                       double *grid_error) const {
  PetscFunctionBeginUser;
  const PetscInt      m = m_, refine = refine_, n = (m - 1) * refine;
  const double        eps = problem_.Epsilon();
  std::vector<double> fine, coarse;
  if (problem_.Dim() == 1) {
    auto f = [this](double x) { return problem_.Forcing(&x); };
    PetscCall(SteadyBurgers1D(eps, n, f, &fine));
    if (grid_error) PetscCall(SteadyBurgers1D(eps, n / 2, f, &coarse));
    u->resize(m);
    double err = 0;
    for (PetscInt j = 0; j < m; ++j) {
      (*u)[j] = fine[j * refine];
      if (grid_error) err = std::fmax(err, std::fabs(fine[j * refine] - coarse[j * refine / 2]));
    }
    if (grid_error) *grid_error = err;
  } else {
    auto f = [this](double x, double y) {
      const double p[2] = {x, y};
      return problem_.Forcing(p);
    };
    PetscCall(SteadyBurgers2D(eps, n, f, &fine));
    if (grid_error) PetscCall(SteadyBurgers2D(eps, n / 2, f, &coarse));
    u->resize(m * m);
    double err = 0;
    for (PetscInt i = 0; i < m; ++i)
      for (PetscInt j = 0; j < m; ++j) {
        (*u)[i * m + j] = fine[(i * refine) * (n + 1) + j * refine];
        if (grid_error)
          err = std::fmax(err, std::fabs((*u)[i * m + j] -
                                         coarse[(i * refine / 2) * (n / 2 + 1) + j * refine / 2]));
      }
    if (grid_error) *grid_error = err;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// Steady 2D Allen–Cahn reached from u₀ (reference/allen_cahn_2d_fd.hpp), on the fine
/// grid and, for the error estimate, on half of it.
class AllenCahnOperatorReference : public OperatorReference {
public:
  PetscErrorCode Setup(const AllenCahnOperator &problem, PetscInt m, PetscInt refine);
  PetscErrorCode Solve(const std::vector<double> &u0, std::vector<double> *u,
                       double *grid_error) const override;

private:
  /// Steady state from u0 (m-point grid) on the (m − 1)·r + 1 grid of `fd`, at the m-point grid.
  PetscErrorCode SolveOn(AllenCahn2DFD &fd, PetscInt r, const std::vector<double> &u0,
                         std::vector<double> *u) const;

  PetscInt m_ = 0, refine_ = 4;
  double   lo_ = -1, hi_ = 1;
  // Solving changes the solvers' state, not the reference: Solve() stays const.
  std::unique_ptr<AllenCahn2DFD> fine_, half_;
};

PetscErrorCode AllenCahnOperatorReference::Setup(const AllenCahnOperator &problem, PetscInt m,
                                                 PetscInt refine) {
  PetscFunctionBeginUser;
  m_      = m;
  refine_ = refine;
  lo_     = problem.Lo();
  hi_     = problem.Hi();
  fine_.reset(new AllenCahn2DFD);
  half_.reset(new AllenCahn2DFD);
  // One process per solve: each rank solves the references of its own test inputs.
  PetscCall(
      fine_->Create(PETSC_COMM_SELF, (m - 1) * refine_ + 1, problem.Epsilon(), lo_, hi_, "ref_"));
  PetscCall(half_->Create(PETSC_COMM_SELF, (m - 1) * (refine_ / 2) + 1, problem.Epsilon(), lo_, hi_,
                          "ref_"));
  for (AllenCahn2DFD *fd : {fine_.get(), half_.get()}) {
    PetscCall(fd->SetFromOptions());
    if (problem.ForcingAmplitude() != 0.0)
      PetscCall(fd->SetForcing([&problem](double x, double y) { return problem.Forcing(x, y); }));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode AllenCahnOperatorReference::SolveOn(AllenCahn2DFD &fd, PetscInt r,
                                                   const std::vector<double> &u0,
                                                   std::vector<double>       *u) const {
  Vec                 v;
  std::vector<double> all;
  PetscFunctionBeginUser;
  const PetscInt m  = m_;
  const double   lo = lo_, hi = hi_;
  // u0[i·m + j] = u0(x_i, y_j) is InterpolateAt's layout with the roles of x and y swapped.
  PetscCall(fd.CreateVec(&v));
  PetscCall(fd.Solve(
      [&](double x, double y) { return AllenCahn2DFD::InterpolateAt(m, lo, hi, u0, y, x); }, v));
  PetscCall(fd.GatherAll(v, &all)); // all[j·n + i] = u(x_i, y_j)
  PetscCall(VecDestroy(&v));
  const PetscInt n = fd.N();
  u->resize(m * m);
  for (PetscInt i = 0; i < m; ++i)
    for (PetscInt j = 0; j < m; ++j) (*u)[i * m + j] = all[(j * r) * n + i * r];
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode AllenCahnOperatorReference::Solve(const std::vector<double> &u0,
                                                 std::vector<double> *u, double *grid_error) const {
  PetscFunctionBeginUser;
  const PetscInt m = m_;
  PetscCheck(static_cast<PetscInt>(u0.size()) == m * m, PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ,
             "input has %zu values, expected %" PetscInt_FMT, u0.size(), m * m);
  PetscCall(SolveOn(*fine_, refine_, u0, u));
  if (grid_error) {
    std::vector<double> coarse;
    PetscCall(SolveOn(*half_, refine_ / 2, u0, &coarse));
    double err = 0;
    for (PetscInt q = 0; q < m * m; ++q) err = std::fmax(err, std::fabs((*u)[q] - coarse[q]));
    *grid_error = err;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace

PetscErrorCode CreateOperatorReference(MPI_Comm comm, const OperatorProblem &problem, PetscInt m,
                                       std::unique_ptr<OperatorReference> *ref) {
  PetscFunctionBeginUser;
  if (const auto *b = dynamic_cast<const BurgersOperator *>(&problem)) {
    PetscInt refine = b->Dim() == 1 ? 32 : 8;
    PetscCall(OperatorReferenceRefine(comm, "Steady Burgers reference", &refine));
    ref->reset(new BurgersReference(*b, m, refine));
  } else if (const auto *ac = dynamic_cast<const AllenCahnOperator *>(&problem)) {
    PetscInt refine = 4;
    PetscCall(OperatorReferenceRefine(comm, "Steady 2D Allen-Cahn reference", &refine));
    auto r = std::make_unique<AllenCahnOperatorReference>();
    PetscCall(r->Setup(*ac, m, refine));
    *ref = std::move(r);
  } else if (const auto *fo = dynamic_cast<const ForcingOperator *>(&problem)) {
    PetscCall(CreateForcingReference(comm, *fo, m, ref));
  } else if (const auto *st = dynamic_cast<const BurgersSpaceTime *>(&problem)) {
    auto r = std::make_unique<BurgersSpaceTimeReference>();
    PetscCall(r->Setup(comm, *st, m));
    *ref = std::move(r);
  } else SETERRQ(comm, PETSC_ERR_SUP, "no reference for operator problem %s", problem.Name());
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
