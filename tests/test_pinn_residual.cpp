// The assembled PINN residual through PETSc: the dense Jacobian against central
// finite differences of r(θ), the matrix-free operator against the dense one, and
// ∂r/∂λ against finite differences in λ. Runs on 1 and 2 ranks.
#include "nn/pinn_residual.hpp"
#include "pde/allen_cahn.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>

using namespace petnet;

namespace {

struct PinnFixture {
  std::unique_ptr<Problem> problem;
  MLPLayout                layout;
  PointSet                 interior, boundary;
  PinnResidual             f;
  std::vector<double>      theta;

  explicit PinnFixture(const std::string &name, PetscInt n_res) {
    MPI_Comm comm = PETSC_COMM_WORLD;
    CreateProblem(comm, name, &problem);
    MLPLayout::Create(comm, problem->Dim(), {5, 4}, &layout);
    SamplingOptions o;
    o.n_res = n_res;
    o.type  = "random";
    double lo[3], hi[3];
    problem->Bounds(lo, hi);
    std::vector<double> ip, bp;
    InteriorPoints(comm, problem->Dim(), lo, hi, o, 7, &ip);
    BoundaryPoints(comm, problem->Dim(), lo, hi, problem->Dim() == 1 ? 2 : 10, &bp);
    PointSet::Create(comm, problem->Dim(), ip, &interior);
    PointSet::Create(comm, problem->Dim(), bp, &boundary, true);
    f.Setup(comm, problem.get(), layout, interior, boundary, 3.0);
    theta.resize(layout.NumParams());
    XavierNormalInit(layout, 42, theta.data());
    for (size_t k = 0; k < theta.size(); ++k) theta[k] += 0.05 * std::sin(1.0 + k); // non-zero biases
  }
};

double RelDiff(Vec a, Vec b) {
  Vec       d;
  PetscReal nd, nb;
  VecDuplicate(a, &d);
  VecWAXPY(d, -1.0, a, b);
  VecNorm(d, NORM_2, &nd);
  VecNorm(b, NORM_2, &nb);
  VecDestroy(&d);
  return nd / nb;
}

} // namespace

class PinnResidualTest : public ::testing::TestWithParam<std::string> {};

TEST_P(PinnResidualTest, DenseJacobianMatchesFiniteDifferences) {
  PinnFixture s(GetParam(), 23);
  const double lam = GetParam() == "allen_cahn_1d" ? 0.07 : 0.4;
  Mat          J;
  Vec          x, Jx, rp, rm;
  ASSERT_EQ(s.f.SetPoint(s.theta.data(), lam), 0);
  ASSERT_EQ(s.f.Jacobian(&J), 0);
  MatCreateVecs(J, &x, &Jx);
  s.f.CreateRowVec(&rp);
  s.f.CreateRowVec(&rm);
  // Directional derivative along a fixed direction v: J v vs (r(θ+hv) − r(θ−hv))/2h.
  const PetscInt p = s.layout.NumParams();
  std::vector<double> v(p), tp(p), tm(p);
  for (PetscInt k = 0; k < p; ++k) v[k] = std::cos(0.3 * k);
  PetscInt lo, hi;
  VecGetOwnershipRange(x, &lo, &hi);
  for (PetscInt k = lo; k < hi; ++k) VecSetValue(x, k, v[k], INSERT_VALUES);
  VecAssemblyBegin(x);
  VecAssemblyEnd(x);
  MatMult(J, x, Jx);
  const double h = 1e-6;
  for (PetscInt k = 0; k < p; ++k) {
    tp[k] = s.theta[k] + h * v[k];
    tm[k] = s.theta[k] - h * v[k];
  }
  s.f.SetPoint(tp.data(), lam);
  s.f.Residual(rp);
  s.f.SetPoint(tm.data(), lam);
  s.f.Residual(rm);
  VecAXPY(rp, -1.0, rm);
  VecScale(rp, 1.0 / (2 * h));
  EXPECT_LT(RelDiff(Jx, rp), 1e-6);
  VecDestroy(&x);
  VecDestroy(&Jx);
  VecDestroy(&rp);
  VecDestroy(&rm);
}

TEST_P(PinnResidualTest, MatrixFreeAgreesWithDense) {
  PinnFixture s(GetParam(), 37);
  const double lam = GetParam() == "allen_cahn_1d" ? 0.05 : 0.3;
  Mat          J, A;
  Vec          x, y1, y2, w, z1, z2;
  s.f.SetPoint(s.theta.data(), lam);
  s.f.Jacobian(&J);
  s.f.JacobianOperator(&A);
  MatCreateVecs(J, &x, &y1);
  VecDuplicate(y1, &y2);
  VecDuplicate(y1, &w);
  VecDuplicate(x, &z1);
  VecDuplicate(x, &z2);
  PetscRandom rnd;
  PetscRandomCreate(PETSC_COMM_WORLD, &rnd);
  VecSetRandom(x, rnd);
  VecSetRandom(w, rnd);
  PetscRandomDestroy(&rnd);
  MatMult(J, x, y1);
  MatMult(A, x, y2);
  MatMultTranspose(J, w, z1);
  MatMultTranspose(A, w, z2);
  EXPECT_LT(RelDiff(y2, y1), 1e-13);
  EXPECT_LT(RelDiff(z2, z1), 1e-13);
  VecDestroy(&x);
  VecDestroy(&y1);
  VecDestroy(&y2);
  VecDestroy(&w);
  VecDestroy(&z1);
  VecDestroy(&z2);
}

TEST_P(PinnResidualTest, DLambdaMatchesFiniteDifferences) {
  PinnFixture s(GetParam(), 29);
  const double lam = GetParam() == "allen_cahn_1d" ? 0.05 : 0.5, h = 1e-6;
  Vec          rl, rp, rm;
  s.f.CreateRowVec(&rl);
  s.f.CreateRowVec(&rp);
  s.f.CreateRowVec(&rm);
  s.f.SetPoint(s.theta.data(), lam);
  s.f.DLambda(rl);
  s.f.SetPoint(s.theta.data(), lam + h);
  s.f.Residual(rp);
  s.f.SetPoint(s.theta.data(), lam - h);
  s.f.Residual(rm);
  VecAXPY(rp, -1.0, rm);
  VecScale(rp, 1.0 / (2 * h));
  EXPECT_LT(RelDiff(rl, rp), 1e-6);
  VecDestroy(&rl);
  VecDestroy(&rp);
  VecDestroy(&rm);
}

INSTANTIATE_TEST_SUITE_P(Problems, PinnResidualTest, ::testing::Values("allen_cahn_1d", "allen_cahn_2d"));
