#include "ritz/ritz_energy.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace petnet {

PetscErrorCode RitzEnergy::Create(MPI_Comm comm, const Diffusion1D &pde, double gamma,
                                  int quad_points, RitzEnergy *e, bool exact) {
  PetscFunctionBeginUser;
  e->exact_ = exact;
  PetscCheck(gamma > 0 && std::isfinite(gamma), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "penalty -ritz_gamma must be > 0, got %g", gamma);
  e->pde_   = &pde;
  e->gamma_ = gamma;
  PetscCall(GaussLegendre::Create(comm, quad_points, &e->rule_));
  e->qopt_.breaks      = pde.Discontinuities();
  e->qopt_.singular_at = pde.SingularAt();
  // Long intervals (few neurons) are cut so that the rule resolves (7.1)'s Gaussian bump.
  e->qopt_.max_piece = 1.0 / 64;
  double    h1       = 0;
  const int pieces   = 1024;
  for (int i = 0; i < pieces; ++i)
    h1 += e->Integrate(
        [&](double x) {
          double d = pde.DU(x);
          return d * d;
        },
        double(i) / pieces, double(i + 1) / pieces);
  e->exact_h1_ = std::sqrt(h1);
  double en    = 0;
  for (int i = 0; i < pieces; ++i)
    en += e->Integrate(
        [&](double x) {
          double d = pde.DU(x);
          return pde.A(x) * d * d;
        },
        double(i) / pieces, double(i + 1) / pieces);
  e->exact_energy_ = std::sqrt(en);
  PetscFunctionReturn(PETSC_SUCCESS);
}

void RitzEnergy::IntervalMoments(double lo, double hi, double *s, double *F0, double *M) const {
  *s = *F0 = *M = 0;
  if (!(hi > lo)) return;
  const double sing   = qopt_.singular_at;
  bool         simple = hi - lo <= qopt_.max_piece &&
                !(sing == sing && hi - lo >= std::min(std::fabs(lo - sing), std::fabs(hi - sing)));
  for (double x : qopt_.breaks) simple = simple && !(x > lo && x < hi);
  const Diffusion1D &p = *pde_;
  if (simple) { // the hot path: one rule application, a and f evaluated once per node
    const double half = 0.5 * (hi - lo), mid = 0.5 * (hi + lo);
    const auto  &t = rule_.Nodes(), &w = rule_.Weights();
    double       sa = 0, sf = 0, sm = 0;
    for (size_t q = 0; q < t.size(); ++q) {
      const double x = mid + half * t[q], fx = p.F(x);
      sa += w[q] * p.A(x);
      sf += w[q] * fx;
      sm += w[q] * (x - lo) * fx;
    }
    *s = half * sa, *F0 = half * sf, *M = half * sm;
    return;
  }
  *s  = Integrate([&](double x) { return p.A(x); }, lo, hi);
  *F0 = Integrate([&](double x) { return p.F(x); }, lo, hi);
  *M  = Integrate([&](double x) { return (x - lo) * p.F(x); }, lo, hi);
}

void RitzEnergy::Assemble(const double *b, int n, RitzMoments *m) const {
  m->h.resize(n + 1), m->s.resize(n + 1), m->F0.resize(n + 1), m->M.resize(n + 1),
      m->SF0.resize(n + 2);
  if (exact_) {
    // primitives at every breakpoint, then differences: M_j = F(b_j) − F(b_{j+1}) − h_j G(b_{j+1})
    m->Fb.resize(n + 2);
    double A_lo, G_lo, F_lo, A_hi, G_hi, F_hi;
    pde_->Primitives(0.0, &A_lo, &G_lo, &F_lo);
    m->Fb[0] = F_lo;
    for (int j = 0; j <= n; ++j) {
      const double lo = j == 0 ? 0.0 : b[j - 1], hi = j == n ? 1.0 : b[j];
      pde_->Primitives(hi, &A_hi, &G_hi, &F_hi);
      m->h[j]      = hi - lo;
      m->s[j]      = A_hi - A_lo;
      m->F0[j]     = G_lo - G_hi;
      m->M[j]      = F_lo - F_hi - m->h[j] * G_hi;
      m->SF0[j]    = G_lo;
      m->Fb[j + 1] = F_hi;
      A_lo = A_hi, G_lo = G_hi, F_lo = F_hi;
    }
    m->SF0[n + 1] = 0;
    return;
  }
  for (int j = 0; j <= n; ++j) {
    const double lo = j == 0 ? 0.0 : b[j - 1], hi = j == n ? 1.0 : b[j];
    m->h[j] = hi - lo;
    IntervalMoments(lo, hi, &m->s[j], &m->F0[j], &m->M[j]);
  }
  m->SF0[n + 1] = 0;
  for (int j = n; j >= 0; --j) m->SF0[j] = m->SF0[j + 1] + m->F0[j];
}

double RitzEnergy::SolveLinear(const double *b, int n, const RitzMoments &m, double *c) const {
  // Slopes of y = A⁻¹ℱ₀ and z = A⁻¹d on each interval (ℱ₀ = f, the load without
  // the penalty): (ℱ₀_j − ℱ₀_{j+1})/s_j = (M_j + h_j ΣF0_{>j})/s_j and h_j/s_j.
  // dᵀy = y's rise over [0, 1] = Σ slope_j h_j.
  double dty = 0, dtz = 0;
  for (int j = 0; j <= n; ++j) {
    if (m.s[j] <= 0) continue; // a zero-length interval carries no slope
    const double sy = (m.M[j] + m.h[j] * m.SF0[j + 1]) / m.s[j], sz = m.h[j] / m.s[j];
    dty += sy * m.h[j];
    dtz += sz * m.h[j];
  }
  const double lambda = gamma_ * (Beta() - Alpha() - dty) / (1.0 + gamma_ * dtz);
  double       prev   = 0;
  for (int j = 0; j <= n; ++j) {
    const double slope =
        m.s[j] > 0 ? (m.M[j] + m.h[j] * m.SF0[j + 1] + lambda * m.h[j]) / m.s[j] : prev;
    c[j] = slope - prev;
    prev = slope;
  }
  return lambda;
}

double RitzEnergy::Energy(const double *b, int n, const double *c, const RitzMoments &m) const {
  if (exact_) {
    // ∫ f u_n = α ∫f + Σ c_i F(b_i): no interval moments, no cancellation
    double J = 0, slope = 0, u1 = Alpha();
    for (int j = 0; j <= n; ++j) {
      slope += c[j];
      J += 0.5 * slope * slope * m.s[j] - c[j] * m.Fb[j];
      u1 += slope * m.h[j];
    }
    if (Alpha() != 0) J -= Alpha() * m.SF0[0];
    const double bb = u1 - Beta();
    return J + 0.5 * gamma_ * bb * bb;
  }
  double J = 0, u = Alpha(), slope = 0;
  for (int j = 0; j <= n; ++j) {
    slope += c[j];
    J += 0.5 * slope * slope * m.s[j] - (u * m.F0[j] + slope * m.M[j]);
    u += slope * m.h[j];
  }
  const double bb = u - Beta();
  return J + 0.5 * gamma_ * bb * bb;
}

double RitzEnergy::BetaBar(const double *b, int n, const double *c) const {
  double u = Alpha() + c[0];
  for (int i = 0; i < n; ++i) u += c[i + 1] * (1.0 - b[i]);
  return u - Beta();
}

namespace {
// Sort (b, c) pairs by b; nearly sorted input (a damped Newton step) costs O(n + inversions).
void SortPairs(std::vector<double> &b, std::vector<double> &c, std::vector<int> &idx) {
  const int n = static_cast<int>(b.size());
  if (std::is_sorted(b.begin(), b.end())) return;
  long moves = 0;
  bool done  = true;
  for (int i = 1; i < n && done; ++i) {
    const double kb = b[i], kc = c[i];
    int          j = i - 1;
    while (j >= 0 && b[j] > kb) {
      b[j + 1] = b[j], c[j + 1] = c[j];
      --j;
      if (++moves > 16L * n + 64) done = false;
    }
    b[j + 1] = kb, c[j + 1] = kc;
  }
  if (done) return;
  idx.resize(n);
  std::iota(idx.begin(), idx.end(), 0);
  std::sort(idx.begin(), idx.end(), [&](int i, int j) { return b[i] < b[j]; });
  std::vector<double> nb(n), nc(n);
  for (int k = 0; k < n; ++k) nb[k] = b[idx[k]], nc[k] = c[idx[k]];
  b.swap(nb), c.swap(nc);
}
} // namespace

double RitzEnergy::EnergyAt(const std::vector<double> &b, const std::vector<double> &c,
                            RitzWork *w) const {
  const int n = static_cast<int>(b.size());
  if (exact_) {
    // The line search's hot path: one pass, primitives at each breakpoint, nothing
    // stored (falls through to the general path when a step reordered breakpoints).
    double A_lo, G_lo, F_lo, A_hi, G_hi, F_hi;
    pde_->Primitives(0.0, &A_lo, &G_lo, &F_lo);
    const double G0 = G_lo;
    double       J = -c[0] * F_lo, slope = c[0], u1 = Alpha(), prev = 0.0;
    int          i = 0;
    for (; i < n; ++i) {
      const double x = std::min(1.0, std::max(0.0, b[i]));
      if (x < prev) break;
      pde_->Primitives(x, &A_hi, &G_hi, &F_hi);
      J += 0.5 * slope * slope * (A_hi - A_lo) - c[i + 1] * F_hi;
      u1 += slope * (x - prev);
      slope += c[i + 1];
      prev = x, A_lo = A_hi;
    }
    if (i == n) {
      pde_->Primitives(1.0, &A_hi, &G_hi, &F_hi);
      J += 0.5 * slope * slope * (A_hi - A_lo);
      u1 += slope * (1.0 - prev);
      if (Alpha() != 0) J -= Alpha() * G0;
      const double bb = u1 - Beta();
      return J + 0.5 * gamma_ * bb * bb;
    }
  }
  w->b.resize(n);
  w->c.assign(c.begin() + 1, c.end());
  for (int i = 0; i < n; ++i) w->b[i] = std::min(1.0, std::max(0.0, b[i]));
  SortPairs(w->b, w->c, w->idx);
  w->c.insert(w->c.begin(), c[0]);
  Assemble(w->b.data(), n, &w->m);
  return Energy(w->b.data(), n, w->c.data(), w->m);
}

void RitzEnergy::BlockGradient(const double *b, int n, const double *c, const RitzMoments &m,
                               double *g, double *gp, double *grad) const {
  const double gbb   = gamma_ * BetaBar(b, n, c);
  double       slope = c[0]; // slope left of b_j = Σ_{i<j} c_i
  for (int j = 1; j <= n; ++j) {
    const double x = b[j - 1], du = slope + 0.5 * c[j];
    const double gj = m.SF0[j] - pde_->A(x) * du;
    if (g) g[j - 1] = gj;
    if (gp) gp[j - 1] = -pde_->F(x) - pde_->DA(x) * du;
    if (grad) grad[j - 1] = c[j] * (gj - gbb);
    slope += c[j];
  }
}

double RitzEnergy::EnergyAndGradient(const std::vector<double> &b, const std::vector<double> &c,
                                     std::vector<double> *grad_c, std::vector<double> *grad_b,
                                     RitzWork *w) const {
  const int n = static_cast<int>(b.size());
  // sort a permutation (the gradient must be returned in the caller's order)
  w->idx.resize(n);
  std::iota(w->idx.begin(), w->idx.end(), 0);
  std::sort(w->idx.begin(), w->idx.end(), [&](int i, int j) { return b[i] < b[j]; });
  w->b.resize(n);
  w->c.resize(n + 1);
  w->c[0] = c[0];
  for (int k = 0; k < n; ++k) {
    w->b[k]     = std::min(1.0, std::max(0.0, b[w->idx[k]]));
    w->c[k + 1] = c[w->idx[k] + 1];
  }
  const RitzMoments &m = w->m;
  Assemble(w->b.data(), n, &w->m);
  const double        J   = Energy(w->b.data(), n, w->c.data(), m);
  const double        gbb = gamma_ * BetaBar(w->b.data(), n, w->c.data());
  std::vector<double> gbs(n);
  BlockGradient(w->b.data(), n, w->c.data(), m, nullptr, nullptr, gbs.data());
  // ∂J/∂c_k = ∫_{b_k}^1 a u_n' − ℱ₀_k + γβ̄(1 − b_k), by suffix sums over intervals:
  // ∫_{b_k}^1 a u_n' = Σ_{j≥k} s_j slope_j and ℱ₀_k = M_k + ℱ₀_{k+1} + h_k ΣF0_{>k}.
  std::vector<double> slope(n + 1), gc(n + 1);
  std::partial_sum(w->c.begin(), w->c.end(), slope.begin());
  double sa = 0, load = 0;
  for (int k = n; k >= 0; --k) {
    sa += m.s[k] * slope[k];
    load            = m.M[k] + load + m.h[k] * m.SF0[k + 1];
    const double bk = k == 0 ? 0.0 : w->b[k - 1];
    gc[k]           = sa - load + gbb * (1.0 - bk);
  }
  grad_c->resize(n + 1);
  grad_b->resize(n);
  (*grad_c)[0] = gc[0];
  for (int k = 0; k < n; ++k) {
    (*grad_c)[w->idx[k] + 1] = gc[k + 1];
    (*grad_b)[w->idx[k]]     = gbs[k];
  }
  return J;
}

double RitzEnergy::RelativeError(const ShallowReLU &model, bool energy_norm) const {
  const int n   = model.NumBreakpoints();
  double    err = 0, slope = 0;
  for (int j = 0; j <= n; ++j) {
    slope += model.c[j];
    const double lo = j == 0 ? 0.0 : model.b[j - 1], hi = j == n ? 1.0 : model.b[j];
    const double s = slope;
    err += Integrate(
        [&](double x) {
          const double d = pde_->DU(x) - s;
          return (energy_norm ? pde_->A(x) : 1.0) * d * d;
        },
        lo, hi);
  }
  return std::sqrt(err) / (energy_norm ? exact_energy_ : exact_h1_);
}

double RitzEnergy::Seminorm(const ShallowReLU &model) {
  const int n  = model.NumBreakpoints();
  double    s2 = 0, slope = 0;
  for (int j = 0; j <= n; ++j) {
    slope += model.c[j];
    const double lo = j == 0 ? 0.0 : model.b[j - 1], hi = j == n ? 1.0 : model.b[j];
    s2 += slope * slope * (hi - lo);
  }
  return std::sqrt(s2);
}

} // namespace petnet
