// The assembled PINN residual through PETSc: the dense Jacobian against central
// finite differences of r(θ), the matrix-free operator against the dense one, and
// ∂r/∂λ against finite differences in λ; the phase condition rows (their Jacobian,
// what a translation costs, nothing before an anchor). Runs on 1 and 2 ranks.
#include "pde/allen_cahn.hpp"
#include "residuals/pinn_residual.hpp"
#include "sampling/point_set.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <tuple>

using namespace petnet;

namespace {

struct PinnFixture {
  std::unique_ptr<Problem> problem;
  MLPLayout                layout;
  PointSet                 interior, boundary;
  PinnResidual             f;
  std::vector<double>      theta;

  explicit PinnFixture(const std::string &name, PetscInt n_res, double phase_w = 0,
                       bool tilt = false) {
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
    f.SetPhaseCondition(phase_w, tilt);
    f.Setup(comm, problem.get(), layout, interior, boundary, 3.0);
    theta.resize(layout.NumParams());
    XavierNormalInit(layout, 42, theta.data());
    for (size_t k = 0; k < theta.size(); ++k)
      theta[k] += 0.05 * std::sin(1.0 + k); // non-zero biases
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

/// ‖V(θ_s − θ)‖², the squared size of u_θs − u_θ in the function-space metric at θ.
double MetricNorm2(PinnFixture &s, const std::vector<double> &ts, double lam) {
  Mat V;
  Vec x, y;
  s.f.SetPoint(s.theta.data(), lam);
  if (s.f.MetricJacobian(&V)) return -1;
  MatCreateVecs(V, &x, &y);
  PetscInt lo, hi;
  VecGetOwnershipRange(x, &lo, &hi);
  for (PetscInt k = lo; k < hi; ++k) VecSetValue(x, k, ts[k] - s.theta[k], INSERT_VALUES);
  VecAssemblyBegin(x);
  VecAssemblyEnd(x);
  MatMult(V, x, y);
  double du2;
  VecDot(y, y, &du2);
  VecDestroy(&x);
  VecDestroy(&y);
  return du2;
}

/// ‖J v − (r(θ+hv) − r(θ−hv))/2h‖/‖·‖ at (θ, λ) along a fixed direction v (every row).
double DirectionalFdError(PinnFixture &s, double lam) {
  Mat J;
  Vec x, Jx, rp, rm;
  s.f.SetPoint(s.theta.data(), lam);
  s.f.Jacobian(&J);
  MatCreateVecs(J, &x, &Jx);
  s.f.CreateRowVec(&rp);
  s.f.CreateRowVec(&rm);
  const PetscInt      p = s.layout.NumParams();
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
  const double e = RelDiff(Jx, rp);
  for (Vec *y : {&x, &Jx, &rp, &rm}) VecDestroy(y);
  return e;
}

} // namespace

class PinnResidualTest : public ::testing::TestWithParam<std::string> {};

TEST_P(PinnResidualTest, DenseJacobianMatchesFiniteDifferences) {
  PinnFixture s(GetParam(), 23);
  EXPECT_LT(DirectionalFdError(s, GetParam() == "allen_cahn_1d" ? 0.07 : 0.4), 1e-6);
}

TEST_P(PinnResidualTest, MatrixFreeAgreesWithDense) {
  PinnFixture  s(GetParam(), 37);
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
  PinnFixture  s(GetParam(), 29);
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

// The phase rows √W⟨ĉ_k, w (u − u_a)⟩ against an anchor θ_a: zero (and the loss the
// plain one) before any anchor; with one, the dense Jacobian of every row (phase rows
// included) against central differences and the matrix-free operator against it.
// With the tilt generators (d² rows in all; in 1D the same d rows) likewise.
class PinnPhaseTest : public ::testing::TestWithParam<std::tuple<std::string, bool>> {};

TEST_P(PinnPhaseTest, PhaseRowsJacobianAndAnchor) {
  const auto [name, tilt] = GetParam();
  const double W = 2.5, lam = name == "allen_cahn_1d" ? 0.07 : 0.4;
  PinnFixture  s(name, 31, W, tilt), plain(name, 31);
  const int    d = s.problem->Dim();
  PetscMPIInt  rank, size;
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  MPI_Comm_size(PETSC_COMM_WORLD, &size);
  EXPECT_EQ(s.f.LocalRows(), plain.f.LocalRows() + (rank == size - 1 ? (tilt ? d * d : d) : 0));
  Vec    r, r0;
  double loss, loss0;
  s.f.CreateRowVec(&r);
  plain.f.CreateRowVec(&r0);
  s.f.SetPoint(s.theta.data(), lam);
  plain.f.SetPoint(plain.theta.data(), lam);
  s.f.Loss(r, &loss);
  plain.f.Loss(r0, &loss0);
  EXPECT_EQ(loss, loss0); // no anchor yet: the phase rows are zero
  // anchor at a nearby θ_a: the phase rows are then non-zero at θ
  std::vector<double> ta(s.theta);
  for (size_t k = 0; k < ta.size(); ++k) ta[k] += 0.1 * std::cos(2.0 * k);
  ASSERT_EQ(s.f.SetPhaseAnchor(ta.data()), 0);
  ASSERT_EQ(s.f.SetPoint(s.theta.data(), lam), 0);
  s.f.Loss(r, &loss);
  EXPECT_GT(loss - loss0, 1e-6); // the phase rows are seen
  Mat J, A;
  Vec x, Jx, Ax, w, g1, g2;
  s.f.Jacobian(&J);
  s.f.JacobianOperator(&A);
  MatCreateVecs(J, &x, &Jx);
  VecDuplicate(Jx, &Ax);
  VecDuplicate(Jx, &w);
  VecDuplicate(x, &g1);
  VecDuplicate(x, &g2);
  PetscRandom rnd;
  PetscRandomCreate(PETSC_COMM_WORLD, &rnd);
  VecSetRandom(x, rnd);
  PetscRandomDestroy(&rnd);
  MatMult(J, x, Jx);
  MatMult(A, x, Ax);
  VecCopy(r, w);
  MatMultTranspose(J, w, g1);
  MatMultTranspose(A, w, g2);
  EXPECT_LT(RelDiff(Ax, Jx), 1e-13);
  EXPECT_LT(RelDiff(g2, g1), 1e-13);
  EXPECT_LT(DirectionalFdError(s, lam), 1e-6);
  for (Vec *y : {&r, &r0, &x, &Jx, &Ax, &w, &g1, &g2}) VecDestroy(y);
}

// A translation of the network along x, u(x) -> u(x - δ) (the first layer's bias
// shifted by -W δ), is what the phase row sees in full: φ² = W ‖w δu‖² to first order,
// ‖w δu‖ measured by the function-space metric V; and re-anchoring makes it zero again.
TEST(PinnResidualPhase, TranslationIsSeenInFull) {
  const double        W = 3.0, lam = 0.07, delta = 1e-5;
  PinnFixture         s("allen_cahn_1d", 41, W), plain("allen_cahn_1d", 41);
  std::vector<double> ts(s.theta);
  const PetscInt      w0 = s.layout.WeightOffset(0), b0 = s.layout.BiasOffset(0);
  for (int j = 0; j < s.layout.Size(1); ++j) ts[b0 + j] -= ts[w0 + j] * delta;
  ASSERT_EQ(s.f.SetPoint(s.theta.data(), lam), 0);
  ASSERT_EQ(s.f.SetPhaseAnchor(s.theta.data()), 0);
  Vec    r, r0;
  double loss, loss0;
  s.f.CreateRowVec(&r);
  plain.f.CreateRowVec(&r0);
  s.f.SetPoint(ts.data(), lam);
  plain.f.SetPoint(ts.data(), lam);
  s.f.Loss(r, &loss);
  plain.f.Loss(r0, &loss0);
  const double phi2 = 2 * (loss - loss0);
  const double du2  = MetricNorm2(s, ts, lam);
  EXPECT_GT(du2, 0);
  EXPECT_NEAR(phi2 / (W * du2), 1.0, 1e-3);
  // anchored at the translated network, the same point costs nothing
  s.f.SetPhaseAnchor(ts.data());
  s.f.SetPoint(ts.data(), lam);
  s.f.Loss(r, &loss);
  EXPECT_NEAR(loss, loss0, 1e-13 * loss0);
  for (Vec *v : {&r, &r0}) VecDestroy(v);
}

INSTANTIATE_TEST_SUITE_P(Problems, PinnResidualTest,
                         ::testing::Values("allen_cahn_1d", "allen_cahn_2d"));
INSTANTIATE_TEST_SUITE_P(Problems, PinnPhaseTest,
                         ::testing::Combine(::testing::Values("allen_cahn_1d", "allen_cahn_2d"),
                                            ::testing::Bool()));

// A shear of the 2D network, u(x, y) -> u(x − δ(y − ȳ), y) (first-layer weights of y
// shifted by −δ times those of x, the bias by δȳ times them), is the tilt generator
// (y − ȳ) ∂u/∂x: its phase row (the last of the four) sees it in full, φ_3² = W ‖w δu‖²
// to first order, while the translation rows see less.
TEST(PinnResidualPhase, TiltIsSeenInFull) {
  const double W = 2.0, lam = 0.4, delta = 1e-5;
  PinnFixture  s("allen_cahn_2d", 41, W, true);
  double       sum[2] = {0, 0};
  for (PetscInt i = 0; i < s.interior.LocalSize(); ++i) sum[0] += s.interior.Local()[2 * i + 1];
  sum[1] = static_cast<double>(s.interior.LocalSize());
  MPI_Allreduce(MPI_IN_PLACE, sum, 2, MPI_DOUBLE, MPI_SUM, PETSC_COMM_WORLD);
  const double        ybar = sum[0] / sum[1];
  std::vector<double> ts(s.theta);
  const PetscInt      w0 = s.layout.WeightOffset(0), b0 = s.layout.BiasOffset(0);
  for (int j = 0; j < s.layout.Size(1); ++j) { // first-layer weights: row j = (W_jx, W_jy)
    const double wx = s.theta[w0 + 2 * j];
    ts[w0 + 2 * j + 1] -= delta * wx;
    ts[b0 + j] += delta * ybar * wx;
  }
  ASSERT_EQ(s.f.SetPoint(s.theta.data(), lam), 0);
  ASSERT_EQ(s.f.SetPhaseAnchor(s.theta.data()), 0);
  Vec r;
  s.f.CreateRowVec(&r);
  s.f.SetPoint(ts.data(), lam);
  double loss;
  s.f.Loss(r, &loss);
  PetscMPIInt rank, size;
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  MPI_Comm_size(PETSC_COMM_WORLD, &size);
  double phi[4] = {0, 0, 0, 0};
  if (rank == size - 1) {
    const PetscScalar *a;
    PetscInt           nl;
    VecGetLocalSize(r, &nl);
    VecGetArrayRead(r, &a);
    for (int g = 0; g < 4; ++g) phi[g] = a[nl - 4 + g];
    VecRestoreArrayRead(r, &a);
  }
  MPI_Bcast(phi, 4, MPI_DOUBLE, size - 1, PETSC_COMM_WORLD);
  const double du2 = MetricNorm2(s, ts, lam);
  EXPECT_GT(du2, 0);
  EXPECT_NEAR(phi[3] * phi[3] / (W * du2), 1.0, 1e-3);
  for (int g = 0; g < 3; ++g) EXPECT_LT(phi[g] * phi[g] / (W * du2), 0.999);
  VecDestroy(&r);
}

// A network odd in x and y on the 2D Allen–Cahn problem (which keeps that symmetry):
// folding the mirror images of a symmetric 12 x 12 grid onto one quadrant (36 points of
// multiplicity 4) and the boundary points onto |x| must leave the loss, the gradient
// Jᵀr, the Gauss–Newton product JᵀJ v and ∂r/∂s·r unchanged, on 1 and 2 ranks.
TEST(PinnResidualFold, FoldedMirrorImagesGiveTheSameGaussNewtonModel) {
  MPI_Comm                 comm = PETSC_COMM_WORLD;
  std::unique_ptr<Problem> problem;
  CreateProblem(comm, "allen_cahn_2d", &problem);
  const std::vector<Parity> parity{Parity::Odd, Parity::Odd};
  ASSERT_EQ(problem->Symmetry(0), Parity::Odd);
  MLPLayout layout;
  MLPLayout::Create(comm, 2, {6, 5}, &layout);
  layout.SetParity(comm, parity);
  SamplingOptions o;
  o.n_res = 144;
  o.type  = "grid";
  double lo[3], hi[3];
  problem->Bounds(lo, hi);
  std::vector<double> ip, bp, im, bm;
  InteriorPoints(comm, 2, lo, hi, o, 0, &ip);
  BoundaryPoints(comm, 2, lo, hi, 40, &bp);
  PointSet I0, B0, I1, B1;
  PointSet::Create(comm, 2, ip, &I0);
  PointSet::Create(comm, 2, bp, &B0, true);
  FoldByParity(2, parity, 2.0, &ip, &im);
  FoldByParity(2, parity, 2.0, &bp, &bm);
  ASSERT_EQ(ip.size(), 2u * 36);
  for (double m : im) EXPECT_EQ(m, 4.0);
  PointSet::Create(comm, 2, ip, &I1, false, im);
  PointSet::Create(comm, 2, bp, &B1, true, bm);
  EXPECT_EQ(I1.TotalMultiplicity(), 144.0);
  EXPECT_EQ(B1.TotalMultiplicity(), 40.0);

  PinnResidual full, folded;
  full.Setup(comm, problem.get(), layout, I0, B0, 2.0);
  folded.Setup(comm, problem.get(), layout, I1, B1, 2.0);
  std::vector<double> theta(layout.NumParams());
  XavierNormalInit(layout, 5, theta.data());
  for (size_t k = 0; k < theta.size(); ++k) theta[k] += 0.1 * std::cos(3.0 + k);
  const PetscInt p = layout.NumParams();

  struct Model {
    double              loss, rl_r;
    std::vector<double> grad, gn;
  };
  auto model = [&](PinnResidual &f) {
    Model m;
    Vec   r, rl, x, y;
    Mat   J;
    f.SetPoint(theta.data(), 0.4);
    f.CreateRowVec(&r);
    f.CreateRowVec(&rl);
    f.Residual(r);
    f.DLambda(rl);
    VecDot(r, r, &m.loss);
    VecDot(rl, r, &m.rl_r);
    m.grad.resize(p);
    f.MultTranspose(r, m.grad.data());
    f.Jacobian(&J);
    MatCreateVecs(J, &x, &y);
    PetscInt lo_x, hi_x;
    VecGetOwnershipRange(x, &lo_x, &hi_x);
    for (PetscInt k = lo_x; k < hi_x; ++k) VecSetValue(x, k, std::sin(0.7 * k), INSERT_VALUES);
    VecAssemblyBegin(x);
    VecAssemblyEnd(x);
    MatMult(J, x, y);
    m.gn.resize(p);
    f.MultTranspose(y, m.gn.data());
    VecDestroy(&r);
    VecDestroy(&rl);
    VecDestroy(&x);
    VecDestroy(&y);
    return m;
  };
  const Model a = model(full), b = model(folded);
  EXPECT_NEAR(b.loss, a.loss, 1e-13 * a.loss);
  EXPECT_NEAR(b.rl_r, a.rl_r, 1e-12 * std::fabs(a.rl_r) + 1e-15);
  double dg = 0, ng = 0, dh = 0, nh = 0;
  for (PetscInt k = 0; k < p; ++k) {
    dg += (a.grad[k] - b.grad[k]) * (a.grad[k] - b.grad[k]);
    ng += a.grad[k] * a.grad[k];
    dh += (a.gn[k] - b.gn[k]) * (a.gn[k] - b.gn[k]);
    nh += a.gn[k] * a.gn[k];
  }
  EXPECT_LT(std::sqrt(dg / ng), 1e-12) << "gradient";
  EXPECT_LT(std::sqrt(dh / nh), 1e-12) << "Gauss-Newton product";
  EXPECT_GT(a.loss, 1e-3); // a non-trivial point
}
