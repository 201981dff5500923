#include "reference/burgers_cole_hopf.hpp"

#include <algorithm>
#include <cmath>

namespace petnet {

double BurgersColeHopf::At(double x, double t, double nu) const {
  if (t <= 0) return BurgersShock::InitialState(x);
  const std::vector<double> &z = gh_.Nodes(), &lw = gh_.LogWeights();
  const double               a = std::sqrt(4.0 * nu * t), c = 1.0 / (2.0 * M_PI * nu);
  double                     lmax = -INFINITY;
  for (size_t i = 0; i < z.size(); ++i)
    lmax = std::max(lmax, lw[i] - c * std::cos(M_PI * (x - a * z[i])));
  double num = 0, den = 0;
  for (size_t i = 0; i < z.size(); ++i) {
    const double y = x - a * z[i], e = std::exp(lw[i] - c * std::cos(M_PI * y) - lmax);
    num += std::sin(M_PI * y) * e;
    den += e;
  }
  return -num / den;
}

PetscErrorCode ColeHopfReference::SetFromOptions(MPI_Comm comm, double nu) {
  PetscFunctionBeginUser;
  nu_ = nu;
  PetscOptionsBegin(comm, nullptr, "Cole-Hopf reference of burgers_shock", "Reference");
  PetscCall(PetscOptionsInt("-pde_ref_nodes",
                            "Gauss-Hermite nodes of the Cole-Hopf quadrature (the error estimate "
                            "uses twice as many; at most 300)",
                            "ColeHopfReference", nodes_, &nodes_, nullptr));
  PetscOptionsEnd();
  PetscCheck(nodes_ >= 1 && nodes_ <= 300, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-pde_ref_nodes must be in [1, 300], got %" PetscInt_FMT, nodes_);
  PetscCall(ch_.Create(comm, static_cast<int>(nodes_)));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode ColeHopfReference::Compute(MPI_Comm comm) {
  BurgersColeHopf fine;
  PetscFunctionBeginUser;
  PetscCall(fine.Create(comm, 2 * static_cast<int>(nodes_)));
  err_ = 0;
  for (int j = 0; j < 100; ++j) // x_i = −1 + 2i/255, t_j = j/99
    for (int i = 0; i < 256; ++i) {
      const double x = -1.0 + 2.0 * i / 255, t = j / 99.0;
      err_ = std::max(err_, std::fabs(ch_.At(x, t, nu_) - fine.At(x, t, nu_)));
    }
  PetscCall(PetscPrintf(comm,
                        "petnet: Cole-Hopf reference by %" PetscInt_FMT
                        " Gauss-Hermite nodes: max |u_%" PetscInt_FMT " - u_%" PetscInt_FMT
                        "| = %.2e on the 256 x 100 grid at nu = %g\n",
                        nodes_, nodes_, 2 * nodes_, err_, nu_));
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
