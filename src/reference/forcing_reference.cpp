#include "reference/forcing_reference.hpp"

#include "reference/allen_cahn_2d_fd.hpp"
#include "reference/burgers_fd.hpp"

#include <cmath>
#include <random>

namespace petnet {

namespace {

/// The uniqueness starts: +1, −1 and Σ_{k,l ≤ 3} ξ_kl sin(kπx) sin(lπy), ξ_kl ~ N(0, 1) of a
/// fixed seed (on [0, 1]²; the Dirichlet rows of both solvers set the boundary to zero).
std::vector<GridFunction2D> Starts() {
  std::mt19937_64                  gen(20261206);
  std::normal_distribution<double> normal;
  std::vector<double>              xi(9);
  for (double &v : xi) v = normal(gen);
  GridFunction2D random = [xi](double x, double y) {
    double u = 0;
    for (int k = 1; k <= 3; ++k)
      for (int l = 1; l <= 3; ++l)
        u += xi[(k - 1) * 3 + l - 1] * std::sin(k * M_PI * x) * std::sin(l * M_PI * y);
    return u;
  };
  return {[](double, double) { return 1.0; }, [](double, double) { return -1.0; }, random};
}

class ForcingReference : public OperatorReference {
public:
  PetscErrorCode Setup(const ForcingOperator &problem, PetscInt m, PetscInt refine);
  PetscErrorCode Solve(const std::vector<double> &f, std::vector<double> *u,
                       double *grid_error) const override;
  PetscErrorCode StartsDifference(const std::vector<double> &f, const std::vector<double> &u,
                                  double *diff) const override;

private:
  /// The state on the grid of `r` refinements (r = refine_ or refine_ / 2) from `start`
  /// (empty: the reference's own start), sampled at the m-point grid.
  PetscErrorCode SolveOn(PetscInt r, const std::vector<double> &f, const GridFunction2D &start,
                         std::vector<double> *u) const;

  const ForcingOperator         *problem_ = nullptr;
  PetscInt                       m_ = 0, refine_ = 4;
  std::unique_ptr<AllenCahn2DFD> fine_, half_; // Allen–Cahn only
};

PetscErrorCode ForcingReference::Setup(const ForcingOperator &problem, PetscInt m,
                                       PetscInt refine) {
  PetscFunctionBeginUser;
  problem_ = &problem;
  m_       = m;
  refine_  = refine;
  if (problem.PDE() == ForcingOperator::Kind::AllenCahn) {
    fine_.reset(new AllenCahn2DFD);
    half_.reset(new AllenCahn2DFD);
    // One process per solve: each rank solves the references of its own test inputs.
    PetscCall(
        fine_->Create(PETSC_COMM_SELF, (m - 1) * refine + 1, problem.Epsilon(), 0.0, 1.0, "ref_"));
    PetscCall(half_->Create(PETSC_COMM_SELF, (m - 1) * (refine / 2) + 1, problem.Epsilon(), 0.0,
                            1.0, "ref_"));
    PetscCall(fine_->SetFromOptions());
    PetscCall(half_->SetFromOptions());
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode ForcingReference::SolveOn(PetscInt r, const std::vector<double> &f,
                                         const GridFunction2D &start,
                                         std::vector<double>  *u) const {
  const PetscInt      m = m_, n = (m - 1) * r;
  const double        fbar = problem_->ForcingMean();
  std::vector<double> all;
  PetscFunctionBeginUser;
  // f[i·m + j] = f(x_i, y_j) is InterpolateAt's layout with the roles of x and y swapped.
  const GridFunction2D force = [&](double x, double y) {
    return fbar + AllenCahn2DFD::InterpolateAt(m, 0.0, 1.0, f, y, x);
  };
  u->resize(m * m);
  if (problem_->PDE() == ForcingOperator::Kind::Burgers) {
    PetscCall(SteadyBurgers2D(problem_->Epsilon(), n, force, &all, start));
    for (PetscInt i = 0; i < m; ++i)
      for (PetscInt j = 0; j < m; ++j) (*u)[i * m + j] = all[(i * r) * (n + 1) + j * r];
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  AllenCahn2DFD     &fd = r == refine_ ? *fine_ : *half_;
  Vec                v;
  AllenCahn2DFDStats st;
  PetscCall(fd.SetForcing(force));
  PetscCall(fd.CreateVec(&v));
  PetscCall(fd.Solve(
      start ? start : [](double, double) { return 0.0; }, v, &st));
  PetscCall(fd.GatherAll(v, &all)); // all[j·(n+1) + i] = u(x_i, y_j)
  PetscCall(VecDestroy(&v));
  PetscCheck(st.converged, PETSC_COMM_SELF, PETSC_ERR_NOT_CONVERGED,
             "Allen-Cahn forcing reference: the Newton polish did not converge (residual %g)",
             st.residual);
  for (PetscInt i = 0; i < m; ++i)
    for (PetscInt j = 0; j < m; ++j) (*u)[i * m + j] = all[(j * r) * (n + 1) + i * r];
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode ForcingReference::Solve(const std::vector<double> &f, std::vector<double> *u,
                                       double *grid_error) const {
  PetscFunctionBeginUser;
  PetscCheck(static_cast<PetscInt>(f.size()) == m_ * m_, PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ,
             "input has %zu values, expected %" PetscInt_FMT, f.size(), m_ * m_);
  PetscCall(SolveOn(refine_, f, nullptr, u));
  if (grid_error) {
    std::vector<double> coarse;
    PetscCall(SolveOn(refine_ / 2, f, nullptr, &coarse));
    double err = 0;
    for (size_t q = 0; q < u->size(); ++q) err = std::fmax(err, std::fabs((*u)[q] - coarse[q]));
    *grid_error = err;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode ForcingReference::StartsDifference(const std::vector<double> &f,
                                                  const std::vector<double> &u,
                                                  double                    *diff) const {
  std::vector<double> other;
  PetscFunctionBeginUser;
  *diff = 0;
  for (const GridFunction2D &start : Starts()) {
    PetscCall(SolveOn(refine_, f, start, &other));
    for (size_t q = 0; q < u.size(); ++q) *diff = std::fmax(*diff, std::fabs(other[q] - u[q]));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace

PetscErrorCode CreateForcingReference(MPI_Comm comm, const ForcingOperator &problem, PetscInt m,
                                      std::unique_ptr<OperatorReference> *ref) {
  PetscInt refine = 4;
  PetscFunctionBeginUser;
  PetscCall(OperatorReferenceRefine(comm, "Forcing operator reference", &refine));
  auto r = std::make_unique<ForcingReference>();
  PetscCall(r->Setup(problem, m, refine));
  *ref = std::move(r);
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
