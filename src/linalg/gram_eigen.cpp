/// \file gram_eigen.cpp
/// Pivoted-Cholesky Rayleigh–Ritz eigenpairs of a Gram matrix (linalg/gram_eigen.hpp).
#include "linalg/gram_eigen.hpp"

#include "linalg/lapack.hpp"

#include <algorithm>
#include <cmath>

namespace petnet {

PetscErrorCode GramEigenPivoted(MPI_Comm comm, std::vector<double> &G, int N, double rel,
                                std::vector<double> *sigma, std::vector<double> *vecs) {
  PetscFunctionBeginUser;
  sigma->clear();
  vecs->clear();
  double dmax = 0;
  for (int i = 0; i < N; ++i) dmax = std::max(dmax, G[i + static_cast<size_t>(i) * N]);
  if (!(dmax > 0)) PetscFunctionReturn(PETSC_SUCCESS);
  // G's lower triangle for the Rayleigh quotient (dpstrf overwrites it; dsymm reads it).
  const std::vector<double> Gs  = G;
  const double              tol = 1e-2 * rel * rel * dmax;
  std::vector<int>          piv(N);
  std::vector<double>       work(2 * static_cast<size_t>(N));
  int                       r = 0, info = 0;
  dpstrf_("L", &N, G.data(), &N, piv.data(), &r, &tol, work.data(), &info);
  PetscCheck(info >= 0, comm, PETSC_ERR_LIB, "LAPACK dpstrf failed, info = %d", info);
  if (r == 0) PetscFunctionReturn(PETSC_SUCCESS);
  // B = Π L(:, 1:r): row i of L is row piv[i] of G's factor.
  std::vector<double> Q(static_cast<size_t>(N) * r, 0.0);
  for (int j = 0; j < r; ++j)
    for (int i = j; i < N; ++i)
      Q[(piv[i] - 1) + static_cast<size_t>(j) * N] = G[i + static_cast<size_t>(j) * N];
  // Orthonormal basis Q of range(B).
  std::vector<double> tau(r);
  int                 lwork = -1;
  double              wq    = 0;
  LAPACKgeqrf_(&N, &r, Q.data(), &N, tau.data(), &wq, &lwork, &info);
  lwork = std::max(static_cast<int>(wq), 1);
  work.assign(lwork, 0.0);
  LAPACKgeqrf_(&N, &r, Q.data(), &N, tau.data(), work.data(), &lwork, &info);
  PetscCheck(info == 0, comm, PETSC_ERR_LIB, "LAPACK dgeqrf failed, info = %d", info);
  lwork = -1;
  LAPACKorgqr_(&N, &r, &r, Q.data(), &N, tau.data(), &wq, &lwork, &info);
  lwork = std::max(static_cast<int>(wq), 1);
  work.assign(lwork, 0.0);
  LAPACKorgqr_(&N, &r, &r, Q.data(), &N, tau.data(), work.data(), &lwork, &info);
  PetscCheck(info == 0, comm, PETSC_ERR_LIB, "LAPACK dorgqr failed, info = %d", info);
  // H = Qᵀ G Q (r × r) and its eigenpairs; Ritz vectors Q U.
  const double        one = 1.0, zero = 0.0;
  std::vector<double> GQ(static_cast<size_t>(N) * r), H(static_cast<size_t>(r) * r), ev(r);
  BLASsymm_("L", "L", &N, &r, &one, Gs.data(), &N, Q.data(), &N, &zero, GQ.data(), &N);
  BLASgemm_("T", "N", &r, &r, &N, &one, Q.data(), &N, GQ.data(), &N, &zero, H.data(), &r);
  int liwork = -1, iwq = 0;
  lwork = -1;
  dsyevd_("V", "L", &r, H.data(), &r, ev.data(), &wq, &lwork, &iwq, &liwork, &info);
  lwork  = std::max(static_cast<int>(wq), 1);
  liwork = std::max(iwq, 1);
  work.assign(lwork, 0.0);
  std::vector<int> iwork(liwork);
  dsyevd_("V", "L", &r, H.data(), &r, ev.data(), work.data(), &lwork, iwork.data(), &liwork, &info);
  PetscCheck(info == 0, comm, PETSC_ERR_LIB, "LAPACK dsyevd failed, info = %d", info);
  const double smax = std::sqrt(std::max(ev[r - 1], 0.0)), cut = rel * smax;
  int          kept = 0;
  while (kept < r && std::sqrt(std::max(ev[r - 1 - kept], 0.0)) > cut) ++kept;
  // Descending: column c of U is eigenvalue ev[r - 1 - c].
  std::vector<double> U(static_cast<size_t>(r) * kept);
  for (int c = 0; c < kept; ++c) {
    sigma->push_back(std::sqrt(ev[r - 1 - c]));
    std::copy(H.begin() + static_cast<size_t>(r - 1 - c) * r,
              H.begin() + static_cast<size_t>(r - c) * r, U.begin() + static_cast<size_t>(c) * r);
  }
  vecs->assign(static_cast<size_t>(N) * kept, 0.0);
  if (kept > 0)
    BLASgemm_("N", "N", &N, &kept, &r, &one, Q.data(), &N, U.data(), &r, &zero, vecs->data(), &N);
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
