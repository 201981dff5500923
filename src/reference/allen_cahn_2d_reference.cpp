#include "reference/allen_cahn_2d_reference.hpp"

#include "io/h5_read.hpp"
#include "pde/allen_cahn.hpp"

#include <cmath>
#include <sstream>

namespace petnet {

PetscErrorCode AllenCahn2DReference::SetFromOptions(MPI_Comm comm, double eps_min) {
  char file[PETSC_MAX_PATH_LEN] = "";
  PetscFunctionBeginUser;
  eps_min_ = eps_min;
  PetscOptionsBegin(comm, nullptr, "2D Allen-Cahn finite-difference reference",
                    "AllenCahn2DReference");
  PetscCall(PetscOptionsInt("-pde_ref_n",
                            "Finite-difference reference: nodes per direction (0: no reference)",
                            "AllenCahn2DReference", ref_n_, &ref_n_, nullptr));
  PetscCall(PetscOptionsString("-pde_ref_file",
                               "Read the reference from this HDF5 (written by -reference)",
                               "AllenCahn2DReference", file, file, sizeof file, nullptr));
  PetscOptionsEnd();
  ref_file_ = file;
  PetscCheck(ref_n_ == 0 || ref_n_ >= 3, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-pde_ref_n must be 0 or >= 3, got %" PetscInt_FMT, ref_n_);
  if (ref_file_.empty() &&
      ref_n_ > 0) { // set up now so that -ref_* options are read (and checked) before any work
    fd_.reset(new AllenCahn2DFD);
    PetscCall(fd_->Create(comm, ref_n_, eps_min_));
    PetscCall(fd_->SetFromOptions());
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode AllenCahn2DReference::Read(MPI_Comm comm) {
  std::vector<double>             eps;
  std::vector<unsigned long long> dims, d1;
  PetscFunctionBeginUser;
  PetscCall(ReadDataset(comm, ref_file_, "reference/u", &ref_u_, &dims));
  PetscCall(ReadDataset(comm, ref_file_, "reference/eps", &eps, &d1));
  PetscCheck(dims.size() == 2 && dims[0] == dims[1] && dims[0] >= 3, comm,
             PETSC_ERR_FILE_UNEXPECTED, "%s: reference/u must be an n x n grid", ref_file_.c_str());
  PetscCheck(eps.size() == 1 && std::fabs(eps[0] - eps_min_) <= 1e-12 * eps_min_, comm,
             PETSC_ERR_FILE_UNEXPECTED,
             "%s holds the reference for eps = %g, this run has -pde_eps %g", ref_file_.c_str(),
             eps.empty() ? -1.0 : eps[0], eps_min_);
  ref_n_    = static_cast<PetscInt>(dims[0]);
  ref_what_ = "finite-difference reference read from " + ref_file_ + " (" + std::to_string(ref_n_) +
              "x" + std::to_string(ref_n_) + " nodes)";
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode AllenCahn2DReference::Compute(MPI_Comm comm) {
  PetscFunctionBeginUser;
  if (!ref_file_.empty()) {
    PetscCall(Read(comm));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  if (!fd_) PetscFunctionReturn(PETSC_SUCCESS);
  Vec                u;
  AllenCahn2DFDStats st;
  PetscCall(fd_->CreateVec(&u));
  PetscCall(fd_->Solve(AllenCahn2D::InitialState, u, &st));
  PetscCall(fd_->GatherAll(u, &ref_u_));
  PetscCall(VecDestroy(&u));
  std::ostringstream w;
  w << fd_->Describe() << "; " << st.ts_steps << " time steps to t=" << st.t_end << ", "
    << st.snes_its << " Newton its, steady residual " << st.residual << ", " << st.wall << " s";
  ref_what_ = w.str();
  PetscCall(PetscPrintf(comm, "petnet: reference: %s\n", ref_what_.c_str()));
  PetscFunctionReturn(PETSC_SUCCESS);
}

double AllenCahn2DReference::At(const double *x, double) const {
  return AllenCahn2DFD::InterpolateAt(ref_n_, -1.0, 1.0, ref_u_, x[0], x[1]);
}

bool AllenCahn2DReference::Grid(std::vector<double> *u, std::vector<unsigned long long> *shape,
                                std::string *what, double *eps) const {
  if (ref_u_.empty()) return false;
  *u     = ref_u_;
  *shape = {static_cast<unsigned long long>(ref_n_), static_cast<unsigned long long>(ref_n_)};
  *what  = ref_what_;
  *eps   = eps_min_;
  return true;
}

} // namespace petnet
