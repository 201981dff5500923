/// \file lsq_lsqr.cpp
/// -<prefix>ls_type lsqr: PETSc KSPLSQR from a zero initial guess (which converges to
/// the minimum-norm solution) on the dense Jacobian, or matrix-free (-<prefix>ls_matfree)
/// on J·v / Jᵀ·w. Damping μ by the augmented operator [J; √μ I]; early stopping
/// (-<prefix>ls_ksp_rtol, _max_it) is its truncation. The solution is distributed over
/// the ranks in the operator's column layout and then gathered onto every rank.
/// Column scaling (-<prefix>ls_scale): LSQR on J D⁻¹ with D = diag(JᵀJ)^½ — exact column
/// norms of the dense J, or matrix-free the mean of (Jᵀz)² over random sign vectors z
/// (unbiased: E[(Jᵀz)_j²] = Σ_i J_ij²) — and x = D⁻¹y. It equalizes the columns, which for
/// a network's Jacobian span many orders of magnitude (layer by layer), so that truncated
/// LSQR makes progress in every parameter group at once.
#include "core/options_left.hpp"
#include "core/random.hpp"
#include "linalg/least_squares_impl.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

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
  /// The owner's iteration hook as a KSP monitor; after KSPSetFromOptions, so that
  /// -<prefix>ls_ksp_monitor_cancel removes the options' monitors only.
  PetscErrorCode        AddHookMonitor();
  static PetscErrorCode HookMonitor(KSP, PetscInt its, PetscReal, void *ctx);
  /// The operator for damping mu (J, or [J; √μ I] with the right-hand side [b; 0]),
  /// resetting the KSP when the row size changes.
  PetscErrorCode        SetOperator(Vec b, double mu, Vec *rhs);
  static PetscErrorCode AugMult(Mat A, Vec x, Vec y);
  static PetscErrorCode AugMultTranspose(Mat A, Vec x, Vec y);
  /// D⁻¹ (dinv_) from the current Jacobian: its column norms, or the probe estimate.
  PetscErrorCode        ComputeScaling(const LeastSquaresOptions &opt, const LSQLayout &lay);
  static PetscErrorCode ScaledMult(Mat A, Vec x, Vec y);
  static PetscErrorCode ScaledMultTranspose(Mat A, Vec x, Vec y);

  MPI_Comm   comm_    = MPI_COMM_NULL;
  PetscInt   n_local_ = 0;
  KSP        ksp_     = nullptr;
  Mat        op_ = nullptr, aug_ = nullptr;      // op_ borrowed from the source
  Mat        scaled_ = nullptr, base_ = nullptr; // J D⁻¹; what LSQR sees: op_ or scaled_
  Vec        dinv_ = nullptr, tcol_ = nullptr, zrow_ = nullptr;
  Vec        xcol_ = nullptr, baug_ = nullptr, xall_ = nullptr, jx_ = nullptr;
  VecScatter to_all_      = nullptr;
  double     aug_sqrt_mu_ = 0;
};

LeastSquaresLSQR::~LeastSquaresLSQR() {
  KSPDestroy(&ksp_);
  MatDestroy(&aug_);
  MatDestroy(&scaled_);
  VecDestroy(&dinv_);
  VecDestroy(&tcol_);
  VecDestroy(&zrow_);
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

PetscErrorCode LeastSquaresLSQR::HookMonitor(KSP, PetscInt its, PetscReal, void *ctx) {
  const LeastSquaresLSQR *self = static_cast<const LeastSquaresLSQR *>(ctx);
  PetscFunctionBeginUser;
  if (self->hook && *self->hook) PetscCall((*self->hook)(its));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LeastSquaresLSQR::AddHookMonitor() {
  PetscFunctionBeginUser;
  PetscCall(KSPMonitorSet(ksp_, HookMonitor, this, nullptr));
  PetscFunctionReturn(PETSC_SUCCESS);
}

// Create the KSP now so that its options are read (and checked) up front.
PetscErrorCode LeastSquaresLSQR::SetFromOptions(MPI_Comm comm, const std::string &prefix) {
  PetscFunctionBeginUser;
  PetscCall(CreateKSP(comm));
  PetscCall(KSPSetOptionsPrefix(ksp_, (prefix + "ls_").c_str()));
  RegisterObjectPrefix(prefix + "ls_", {"ksp_", "pc_"}); // -ksp_converged_reason: read by KSPSolve
  PetscCall(KSPSetFromOptions(ksp_));
  PetscCall(AddHookMonitor());
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LeastSquaresLSQR::Setup(const LeastSquaresOptions &opt, const LSQLayout &lay,
                                       JacobianSource &jac) {
  PetscFunctionBeginUser;
  comm_    = lay.comm;
  n_local_ = lay.n_local;
  if (opt.matfree) PetscCall(jac.JacobianOperator(&op_));
  else PetscCall(jac.Jacobian(&op_));
  if (!ksp_) { // SetFromOptions not called: defaults
    PetscCall(CreateKSP(comm_));
    PetscCall(AddHookMonitor());
  }
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
  base_ = op_;
  if (opt.scale) {
    PetscCall(ComputeScaling(opt, lay));
    base_ = scaled_;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LeastSquaresLSQR::ComputeScaling(const LeastSquaresOptions &opt,
                                                const LSQLayout           &lay) {
  PetscReal    dmax;
  PetscInt     lo, hi, r0, nr;
  PetscScalar *d;
  PetscFunctionBeginUser;
  if (!scaled_) {
    PetscInt pl;
    PetscCall(MatCreateVecs(op_, &dinv_, &zrow_));
    PetscCall(VecDuplicate(dinv_, &tcol_));
    PetscCall(VecGetLocalSize(dinv_, &pl));
    PetscCall(MatCreateShell(comm_, n_local_, pl, PETSC_DETERMINE, lay.p, this, &scaled_));
    PetscCall(MatShellSetOperation(scaled_, MATOP_MULT, (void (*)(void))ScaledMult));
    PetscCall(
        MatShellSetOperation(scaled_, MATOP_MULT_TRANSPOSE, (void (*)(void))ScaledMultTranspose));
  }
  PetscCall(VecGetOwnershipRange(dinv_, &lo, &hi));
  if (!opt.matfree) { // the dense J: its column norms, exactly
    std::vector<PetscReal> norms(lay.p);
    PetscCall(MatGetColumnNorms(op_, NORM_2, norms.data()));
    PetscCall(VecGetArray(dinv_, &d));
    for (PetscInt j = lo; j < hi; ++j) d[j - lo] = norms[j] * norms[j];
    PetscCall(VecRestoreArray(dinv_, &d));
  } else { // the mean of (Jᵀz)² over sign vectors drawn per global row (any rank count)
    PetscCall(VecSet(dinv_, 0.0));
    PetscCall(VecGetOwnershipRange(zrow_, &r0, nullptr));
    PetscCall(VecGetLocalSize(zrow_, &nr));
    for (PetscInt k = 0; k < opt.scale_probes; ++k) {
      PetscScalar *z;
      PetscCall(VecGetArray(zrow_, &z));
      for (PetscInt i = 0; i < nr; ++i) {
        Rng g((static_cast<std::uint64_t>(k) << 40) ^ static_cast<std::uint64_t>(r0 + i));
        z[i] = (g.Next() >> 63) ? 1.0 : -1.0;
      }
      PetscCall(VecRestoreArray(zrow_, &z));
      PetscCall(MatMultTranspose(op_, zrow_, tcol_));
      PetscCall(VecPointwiseMult(tcol_, tcol_, tcol_));
      PetscCall(VecAXPY(dinv_, 1.0 / static_cast<double>(opt.scale_probes), tcol_));
    }
  }
  // D⁻¹ = 1/√d, with d floored at 1e-12 of the largest (a dead column keeps a finite scale).
  PetscCall(VecMax(dinv_, nullptr, &dmax));
  const double floor = dmax > 0 ? 1e-12 * dmax : 1.0;
  PetscCall(VecGetArray(dinv_, &d));
  for (PetscInt j = 0; j < hi - lo; ++j) d[j] = 1.0 / std::sqrt(std::max<double>(d[j], floor));
  PetscCall(VecRestoreArray(dinv_, &d));
  PetscFunctionReturn(PETSC_SUCCESS);
}

// (J D⁻¹) x
PetscErrorCode LeastSquaresLSQR::ScaledMult(Mat A, Vec x, Vec y) {
  LeastSquaresLSQR *self;
  PetscFunctionBeginUser;
  PetscCall(MatShellGetContext(A, &self));
  PetscCall(VecPointwiseMult(self->tcol_, x, self->dinv_));
  PetscCall(MatMult(self->op_, self->tcol_, y));
  PetscFunctionReturn(PETSC_SUCCESS);
}

// (J D⁻¹)ᵀ y = D⁻¹ Jᵀ y
PetscErrorCode LeastSquaresLSQR::ScaledMultTranspose(Mat A, Vec y, Vec x) {
  LeastSquaresLSQR *self;
  PetscFunctionBeginUser;
  PetscCall(MatShellGetContext(A, &self));
  PetscCall(MatMultTranspose(self->op_, y, x));
  PetscCall(VecPointwiseMult(x, x, self->dinv_));
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
  PetscCall(MatMult(self->base_, x, top));
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
  PetscCall(MatMultTranspose(self->base_, top, x));
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
  Mat A = base_;
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
  if (base_ == scaled_) PetscCall(VecPointwiseMult(xcol_, xcol_, dinv_)); // x = D⁻¹y
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
