#include "linalg/least_squares.hpp"

#include "core/log.hpp"
#include "linalg/least_squares_impl.hpp"

namespace petnet {

const std::vector<LeastSquaresType> &LeastSquaresTypes() {
  static const std::vector<LeastSquaresType> types = {
      {"svd", "exact: SVD of the gathered J", CreateLeastSquaresSVD},
      {"gram", "eigen-decomposition of J J^T or J^T J", CreateLeastSquaresGram},
      {"chol", "Tikhonov through one Cholesky of J J^T (tall: J^T J)", CreateLeastSquaresChol},
      {"lsqr", "KSPLSQR, distributed, dense or matrix-free", CreateLeastSquaresLSQR},
  };
  return types;
}

LeastSquares::LeastSquares() : layout_(std::make_unique<LSQLayout>()) {}
LeastSquares::~LeastSquares() = default;

PetscErrorCode LeastSquares::CreateImpl() {
  PetscFunctionBeginUser;
  impl_.reset();
  for (const LeastSquaresType &t : LeastSquaresTypes())
    if (opt_.type == t.name) impl_ = t.create();
  PetscCheck(impl_, comm_, PETSC_ERR_ARG_UNKNOWN_TYPE, "unknown least-squares type %s",
             opt_.type.c_str());
  impl_type_  = opt_.type;
  impl_->hook = &hook_;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LeastSquares::SetFromOptions(MPI_Comm comm, const char *prefix,
                                            const LeastSquaresOptions &defaults) {
  PetscFunctionBeginUser;
  opt_ = defaults;
  PetscCall(SetFromOptions(comm, prefix));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LeastSquares::SetFromOptions(MPI_Comm comm, const char *prefix) {
  const std::vector<LeastSquaresType> &types = LeastSquaresTypes();
  std::vector<const char *>            names;
  std::string                          help    = "Least-squares type:";
  PetscInt                             current = 0, chosen;
  PetscFunctionBeginUser;
  comm_   = comm;
  prefix_ = prefix ? prefix : "";
  for (const LeastSquaresType &t : types) {
    if (opt_.type == t.name) current = static_cast<PetscInt>(names.size());
    names.push_back(t.name);
    help += std::string(" ") + t.name + " (" + t.description + ")";
  }
  PetscCheck(opt_.type == names[current], comm, PETSC_ERR_ARG_UNKNOWN_TYPE,
             "default least-squares type %s is not registered", opt_.type.c_str());
  chosen                = current;
  const std::string pre = "-" + prefix_ + "ls_";
  // Read inside a function, so PetscOptionsEnd also runs when a value is refused (an
  // unknown type): returning from the block would leak its option items.
  PetscErrorCode ierr = PETSC_SUCCESS;
  // -help prints a block once per title: the title names the prefix, so that each of the
  // solvers (-hom_phase1_ls_*, -hom_ls_*, ...) is listed.
  const std::string title = "Least-squares (Moore-Penrose) solver " + pre + "*";
  PetscOptionsBegin(comm, nullptr, title.c_str(), "LeastSquares");
  auto read = [&]() -> PetscErrorCode {
    PetscFunctionBeginUser;
    PetscCall(PetscOptionsEList((pre + "type").c_str(), help.c_str(), "LeastSquares", names.data(),
                                static_cast<PetscInt>(names.size()), names[current], &chosen,
                                nullptr));
    PetscCall(PetscOptionsReal((pre + "rcond").c_str(),
                               "SVD truncation: keep sigma_i > rcond*sigma_max", "LeastSquares",
                               opt_.rcond, &opt_.rcond, nullptr));
    PetscCall(PetscOptionsReal((pre + "damping").c_str(),
                               "Tikhonov damping mu: min |Jx-b|^2 + mu|x|^2", "LeastSquares",
                               opt_.damping, &opt_.damping, nullptr));
    PetscCall(PetscOptionsReal(
        (pre + "metric").c_str(),
        "Function-space metric weight kappa: min |Jx-b|^2 + kappa |Vx|^2 (0: off; svd/gram/chol)",
        "LeastSquares", opt_.metric, &opt_.metric, nullptr));
    PetscCall(PetscOptionsBool((pre + "matfree").c_str(),
                               "lsqr: use the matrix-free J.v / J^T.w operator", "LeastSquares",
                               opt_.matfree, &opt_.matfree, nullptr));
    PetscCall(PetscOptionsBool(
        (pre + "scale").c_str(),
        "lsqr: precondition by the column scaling diag(J^T J)^(1/2) (LSQR on J D^-1)",
        "LeastSquares", opt_.scale, &opt_.scale, nullptr));
    PetscCall(PetscOptionsInt((pre + "scale_probes").c_str(),
                              "lsqr matrix-free: random probes of the diag(J^T J) estimate",
                              "LeastSquares", opt_.scale_probes, &opt_.scale_probes, nullptr));
    PetscCall(PetscOptionsBool(
        (pre + "pchol").c_str(),
        "gram, svd/gram with metric: Gram eigenpairs by pivoted Cholesky + Rayleigh-Ritz",
        "LeastSquares", opt_.pchol, &opt_.pchol, nullptr));
    PetscFunctionReturn(PETSC_SUCCESS);
  };
  ierr = read();
  PetscOptionsEnd();
  PetscCall(ierr);
  opt_.type = names[chosen];
  PetscCheck(opt_.rcond >= 0 && opt_.rcond < 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "%srcond must be in [0, 1), got %g", pre.c_str(), opt_.rcond);
  PetscCheck(opt_.metric >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "%smetric must be >= 0, got %g",
             pre.c_str(), opt_.metric);
  PetscCheck(opt_.damping >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "%sdamping must be >= 0, got %g",
             pre.c_str(), opt_.damping);
  PetscCheck(opt_.scale_probes >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "%sscale_probes must be >= 1, got %" PetscInt_FMT, pre.c_str(), opt_.scale_probes);
  PetscCheck(!opt_.scale || opt_.type == "lsqr", comm, PETSC_ERR_ARG_INCOMP,
             "%sscale is supported by %stype lsqr only, got %s", pre.c_str(), pre.c_str(),
             opt_.type.c_str());
  PetscCheck(!opt_.pchol || opt_.type == "gram" || (opt_.type == "svd" && opt_.metric > 0), comm,
             PETSC_ERR_ARG_INCOMP,
             "%spchol is supported by %stype gram (or svd with metric > 0), got %s", pre.c_str(),
             pre.c_str(), opt_.type.c_str());
  PetscCall(CreateImpl());
  PetscCheck(opt_.metric == 0 || impl_->SupportsMetric(), comm, PETSC_ERR_ARG_INCOMP,
             "%smetric > 0 is not supported by %stype %s", pre.c_str(), pre.c_str(),
             opt_.type.c_str());
  PetscCall(impl_->SetFromOptions(comm, prefix_));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LeastSquares::Setup(JacobianSource &jac) {
  PetscFunctionBeginUser;
  if (comm_ == MPI_COMM_NULL) comm_ = jac.Comm();
  PetscCall(layout_->Set(comm_, jac));
  if (!impl_ || impl_type_ != opt_.type) PetscCall(CreateImpl());
  PetscCall(impl_->Setup(opt_, *layout_, jac));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LeastSquares::Solve(Vec b, double mu_extra, double *x, LSQStats *stats,
                                   double metric_scale) {
  LSQStats st;
  PetscFunctionBeginUser;
  PetscCheck(impl_, PetscObjectComm(reinterpret_cast<PetscObject>(b)), PETSC_ERR_ORDER,
             "LeastSquares::Solve called before Setup");
  PetscCall(PetscLogEventBegin(Log::lsq_solve, 0, 0, 0, 0));
  PetscCall(impl_->Solve(opt_, *layout_, b, opt_.damping + mu_extra, metric_scale, x, &st));
  PetscCall(PetscLogEventEnd(Log::lsq_solve, 0, 0, 0, 0));
  if (stats) *stats = st;
  PetscFunctionReturn(PETSC_SUCCESS);
}

const std::vector<double> &LeastSquares::SingularValues() const {
  static const std::vector<double> none;
  return impl_ ? impl_->SingularValues() : none;
}

} // namespace petnet
