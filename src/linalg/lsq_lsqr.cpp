/// \file lsq_lsqr.cpp
/// -<prefix>ls_type lsqr: PETSc KSPLSQR from a zero initial guess (which converges to
/// the minimum-norm solution) on the dense Jacobian, or matrix-free (-<prefix>ls_matfree)
/// on J·v / Jᵀ·w. Damping μ by the augmented operator [J; √μ I]; early stopping
/// (-<prefix>ls_ksp_rtol, _max_it) is its truncation. The solution is distributed over
/// the ranks in the operator's column layout and then gathered onto every rank.
#include "core/options_left.hpp"
#include "linalg/least_squares_impl.hpp"

#include <algorithm>
#include <cmath>

namespace petnet {

namespace {

class LeastSquaresLSQR final : public LeastSquaresImpl {
public:
  ~LeastSquaresLSQR() override;
  PetscErrorCode SetFromOptions(MPI_Comm comm, const std::string &prefix) override;
  PetscErrorCode Setup(const LeastSquaresOptions &opt, const LSQLayout &lay,
                       JacobianSource &jac) override;
  PetscErrorCode Solve(const LeastSquaresOptions &opt, const LSQLayout &lay, Vec b, double mu,
                       double metric_scale, double *x, LSQStats *st) override;
  bool           SupportsMetric() const override { return false; }

private:
  PetscErrorCode CreateKSP(MPI_Comm comm);
  /// The operator for damping mu (J, or [J; √μ I] with the right-hand side [b; 0]),
  /// resetting the KSP when the row size changes.
  PetscErrorCode        SetOperator(Vec b, double mu, Vec *rhs);
  static PetscErrorCode AugMult(Mat A, Vec x, Vec y);
  static PetscErrorCode AugMultTranspose(Mat A, Vec x, Vec y);

  MPI_Comm   comm_    = MPI_COMM_NULL;
  PetscInt   n_local_ = 0;
  KSP        ksp_     = nullptr;
  Mat        op_ = nullptr, aug_ = nullptr; // op_ borrowed from the source
  Vec        xcol_ = nullptr, baug_ = nullptr, xall_ = nullptr, jx_ = nullptr;
  VecScatter to_all_      = nullptr;
  double     aug_sqrt_mu_ = 0;
};

LeastSquaresLSQR::~LeastSquaresLSQR() {
  KSPDestroy(&ksp_);
  MatDestroy(&aug_);
  VecDestroy(&xcol_);
  VecDestroy(&baug_);
  VecDestroy(&xall_);
  VecDestroy(&jx_);
  VecScatterDestroy(&to_all_);
}

PetscErrorCode LeastSquaresLSQR::CreateKSP(MPI_Comm comm) {
  PC pc;
  PetscFunctionBeginUser;
  PetscCall(KSPCreate(comm, &ksp_));
  PetscCall(KSPSetType(ksp_, KSPLSQR));
  PetscCall(KSPSetTolerances(ksp_, 1e-10, 1e-50, PETSC_DEFAULT, 2000));
  PetscCall(KSPGetPC(ksp_, &pc));
  PetscCall(PCSetType(pc, PCNONE));
  PetscFunctionReturn(PETSC_SUCCESS);
}

// Create the KSP now so that its options are read (and checked) up front.
PetscErrorCode LeastSquaresLSQR::SetFromOptions(MPI_Comm comm, const std::string &prefix) {
  PetscFunctionBeginUser;
  PetscCall(CreateKSP(comm));
  PetscCall(KSPSetOptionsPrefix(ksp_, (prefix + "ls_").c_str()));
  RegisterObjectPrefix(prefix + "ls_", {"ksp_", "pc_"}); // -ksp_converged_reason: read by KSPSolve
  PetscCall(KSPSetFromOptions(ksp_));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LeastSquaresLSQR::Setup(const LeastSquaresOptions &opt, const LSQLayout &lay,
                                       JacobianSource &jac) {
  PetscFunctionBeginUser;
  comm_    = lay.comm;
  n_local_ = lay.n_local;
  if (opt.matfree) PetscCall(jac.JacobianOperator(&op_));
  else PetscCall(jac.Jacobian(&op_));
  if (!ksp_) PetscCall(CreateKSP(comm_)); // SetFromOptions not called: defaults
  if (!xcol_) {
    PetscInt pl;
    PetscCall(MatCreateVecs(op_, &xcol_, nullptr));
    PetscCall(VecScatterCreateToAll(xcol_, &to_all_, &xall_));
    PetscCall(VecGetLocalSize(xcol_, &pl));
    PetscCall(MatCreateShell(comm_, n_local_ + pl, pl, PETSC_DETERMINE, lay.p, this, &aug_));
    PetscCall(MatShellSetOperation(aug_, MATOP_MULT, (void (*)(void))AugMult));
    PetscCall(MatShellSetOperation(aug_, MATOP_MULT_TRANSPOSE, (void (*)(void))AugMultTranspose));
    PetscCall(MatCreateVecs(aug_, nullptr, &baug_));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

// [J; √μ I] x
PetscErrorCode LeastSquaresLSQR::AugMult(Mat A, Vec x, Vec y) {
  LeastSquaresLSQR  *self;
  PetscScalar       *ya;
  const PetscScalar *xa;
  PetscInt           pl;
  Vec                top;
  PetscFunctionBeginUser;
  PetscCall(MatShellGetContext(A, &self));
  PetscCall(VecCreateMPIWithArray(self->comm_, 1, self->n_local_, PETSC_DETERMINE, nullptr, &top));
  PetscCall(VecGetArray(y, &ya));
  PetscCall(VecPlaceArray(top, ya));
  PetscCall(MatMult(self->op_, x, top));
  PetscCall(VecResetArray(top));
  PetscCall(VecGetLocalSize(x, &pl));
  PetscCall(VecGetArrayRead(x, &xa));
  for (PetscInt i = 0; i < pl; ++i) ya[self->n_local_ + i] = self->aug_sqrt_mu_ * xa[i];
  PetscCall(VecRestoreArrayRead(x, &xa));
  PetscCall(VecRestoreArray(y, &ya));
  PetscCall(VecDestroy(&top));
  PetscFunctionReturn(PETSC_SUCCESS);
}

// Jᵀ y_top + √μ y_bottom
PetscErrorCode LeastSquaresLSQR::AugMultTranspose(Mat A, Vec y, Vec x) {
  LeastSquaresLSQR  *self;
  const PetscScalar *ya;
  PetscScalar       *xa;
  PetscInt           pl;
  Vec                top;
  PetscFunctionBeginUser;
  PetscCall(MatShellGetContext(A, &self));
  PetscCall(VecCreateMPIWithArray(self->comm_, 1, self->n_local_, PETSC_DETERMINE, nullptr, &top));
  PetscCall(VecGetArrayRead(y, &ya));
  PetscCall(VecPlaceArray(top, ya));
  PetscCall(MatMultTranspose(self->op_, top, x));
  PetscCall(VecResetArray(top));
  PetscCall(VecGetLocalSize(x, &pl));
  PetscCall(VecGetArray(x, &xa));
  for (PetscInt i = 0; i < pl; ++i) xa[i] += self->aug_sqrt_mu_ * ya[self->n_local_ + i];
  PetscCall(VecRestoreArray(x, &xa));
  PetscCall(VecRestoreArrayRead(y, &ya));
  PetscCall(VecDestroy(&top));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LeastSquaresLSQR::SetOperator(Vec b, double mu, Vec *rhs) {
  Mat A = op_;
  PetscFunctionBeginUser;
  *rhs = b;
  if (mu > 0) { // augmented system [J; √μ I] x ≈ [b; 0]
    PetscScalar       *ba;
    const PetscScalar *bb;
    PetscInt           nb;
    aug_sqrt_mu_ = std::sqrt(mu);
    PetscCall(VecGetLocalSize(baug_, &nb));
    PetscCall(VecGetArray(baug_, &ba));
    PetscCall(VecGetArrayRead(b, &bb));
    for (PetscInt i = 0; i < nb; ++i) ba[i] = i < n_local_ ? bb[i] : 0.0;
    PetscCall(VecRestoreArrayRead(b, &bb));
    PetscCall(VecRestoreArray(baug_, &ba));
    A    = aug_;
    *rhs = baug_;
  }
  // J (n × p) and the damped [J; √μ I] have different row sizes: a KSP cannot switch
  // between them without a reset (PETSc refuses to change an operator's local size).
  Mat       prev = nullptr;
  PetscInt  pm = -1, am = -1;
  PetscBool has_op = PETSC_FALSE;
  PetscCall(KSPGetOperatorsSet(ksp_, &has_op, nullptr));
  if (has_op) {
    PetscCall(KSPGetOperators(ksp_, &prev, nullptr));
    PetscCall(MatGetLocalSize(prev, &pm, nullptr));
    PetscCall(MatGetLocalSize(A, &am, nullptr));
    if (pm != am) PetscCall(KSPReset(ksp_));
  }
  PetscCall(KSPSetOperators(ksp_, A, A));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LeastSquaresLSQR::Solve(const LeastSquaresOptions &, const LSQLayout &lay, Vec b,
                                       double mu, double, double *x, LSQStats *st) {
  Vec                rhs;
  PetscReal          nb, nres;
  const PetscScalar *xa;
  PetscFunctionBeginUser;
  PetscCall(SetOperator(b, mu, &rhs));
  PetscCall(KSPSetInitialGuessNonzero(ksp_, PETSC_FALSE)); // zero start → minimum-norm solution
  PetscCall(VecSet(xcol_, 0.0));
  PetscCall(KSPSolve(ksp_, rhs, xcol_));
  PetscCall(KSPGetIterationNumber(ksp_, &st->its));
  PetscCall(KSPGetConvergedReason(ksp_, &st->reason));
  // Model reduction from J x (op_ still refers to the setup point).
  if (!jx_) PetscCall(VecDuplicate(b, &jx_));
  PetscCall(MatMult(op_, xcol_, jx_));
  PetscCall(VecNorm(b, NORM_2, &nb));
  PetscCall(VecAYPX(jx_, -1.0, b));
  PetscCall(VecNorm(jx_, NORM_2, &nres));
  st->model_reduction = 0.5 * (nb * nb - nres * nres);
  PetscCall(VecScatterBegin(to_all_, xcol_, xall_, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecScatterEnd(to_all_, xcol_, xall_, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecGetArrayRead(xall_, &xa));
  std::copy(xa, xa + lay.p, x);
  PetscCall(VecRestoreArrayRead(xall_, &xa));
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace

std::unique_ptr<LeastSquaresImpl> CreateLeastSquaresLSQR() {
  return std::make_unique<LeastSquaresLSQR>();
}

} // namespace petnet
