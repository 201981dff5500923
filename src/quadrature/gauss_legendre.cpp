#include "quadrature/gauss_legendre.hpp"

namespace petnet {

PetscErrorCode GaussLegendre::Create(MPI_Comm comm, int m, GaussLegendre *rule) {
  PetscFunctionBeginUser;
  PetscCheck(m >= 1 && m <= 64, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Gauss-Legendre points must be in [1, 64], got %d", m);
  rule->x_.assign(m, 0.0);
  rule->w_.assign(m, 0.0);
  for (int i = 0; i < (m + 1) / 2; ++i) {
    // Tricomi's asymptotic guess is within the basin of Newton's method for every root.
    double x = std::cos(M_PI * (i + 0.75) / (m + 0.5)), dp = 0;
    for (int it = 0; it < 100; ++it) {
      double p0 = 1, p1 = x; // three-term recurrence for P_m and P_{m-1}
      for (int k = 2; k <= m; ++k) {
        const double p2 = ((2.0 * k - 1) * x * p1 - (k - 1.0) * p0) / k;
        p0              = p1;
        p1              = p2;
      }
      dp              = m * (x * p1 - p0) / (x * x - 1);
      const double dx = p1 / dp;
      x -= dx;
      if (std::fabs(dx) < 1e-16) break;
    }
    {
      double p0 = 1, p1 = x;
      for (int k = 2; k <= m; ++k) {
        const double p2 = ((2.0 * k - 1) * x * p1 - (k - 1.0) * p0) / k;
        p0              = p1;
        p1              = p2;
      }
      dp = m * (x * p1 - p0) / (x * x - 1);
    }
    rule->x_[i]         = -x;
    rule->x_[m - 1 - i] = x;
    rule->w_[i] = rule->w_[m - 1 - i] = 2.0 / ((1 - x * x) * dp * dp);
  }
  if (m % 2) rule->x_[m / 2] = 0.0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
