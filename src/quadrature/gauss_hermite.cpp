#include "quadrature/gauss_hermite.hpp"

#include <cmath>

namespace petnet {

namespace {
/// The orthonormal Hermite polynomials h_m(z) and h_m'(z) = √(2m) h_{m−1}(z) by the
/// three-term recurrence h_j = z √(2/j) h_{j−1} − √((j−1)/j) h_{j−2}, h_0 = π^{−1/4}.
void Hermite(int m, double z, double *h, double *dh) {
  double p1 = std::pow(M_PI, -0.25), p2 = 0.0;
  for (int j = 1; j <= m; ++j) {
    const double p3 = p2;
    p2              = p1;
    p1              = z * std::sqrt(2.0 / j) * p2 - std::sqrt((j - 1.0) / j) * p3;
  }
  *h  = p1;
  *dh = std::sqrt(2.0 * m) * p2;
}

/// The number of eigenvalues below x of the Jacobi matrix of the Hermite weight (zero
/// diagonal, off-diagonal √(k/2)), whose eigenvalues are the nodes: the count of negative
/// pivots of T − xI (Sturm).
int CountBelow(int m, double x) {
  int    count = 0;
  double d     = 1.0;
  for (int k = 0; k < m; ++k) {
    d = -x - (k > 0 ? 0.5 * k / d : 0.0);
    if (d == 0) d = -1e-300;
    if (d < 0) ++count;
  }
  return count;
}
} // namespace

PetscErrorCode GaussHermite::Create(MPI_Comm comm, int m, GaussHermite *rule) {
  PetscFunctionBeginUser;
  PetscCheck(m >= 1 && m <= 600, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Gauss-Hermite nodes must be in [1, 600], got %d", m);
  rule->z_.assign(m, 0.0);
  rule->logw_.assign(m, 0.0);
  const double bound = std::sqrt(2.0 * m + 1) + 1; // every node lies inside (−bound, bound)
  // The k-th node (ascending) by bisection on the Sturm count, then Newton on h_m to full
  // accuracy, kept only while it stays inside the bracket; the upper half by symmetry.
  for (int k = m / 2; k < m; ++k) {
    double lo = k == m / 2 ? -1e-3 : rule->z_[k - 1], hi = bound;
    for (int it = 0; it < 200 && hi - lo > 1e-14 * std::fmax(1.0, hi); ++it) {
      const double mid                        = 0.5 * (lo + hi);
      (CountBelow(m, mid) >= k + 1 ? hi : lo) = mid;
    }
    double z = 0.5 * (lo + hi), h, dh;
    for (int it = 0; it < 3; ++it) {
      Hermite(m, z, &h, &dh);
      const double zn = z - h / dh;
      if (!(zn > lo && zn < hi)) break;
      z = zn;
    }
    if (m % 2 && k == m / 2) z = 0.0; // the middle node of an odd rule, exactly
    Hermite(m, z, &h, &dh);
    const double logw = std::log(2.0) - 2.0 * std::log(std::fabs(dh)); // w = 2 / h_m'(z)²
    rule->z_[k] = z, rule->z_[m - 1 - k] = -z;
    rule->logw_[k] = rule->logw_[m - 1 - k] = logw;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
