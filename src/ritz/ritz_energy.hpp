#pragma once
/// \file ritz_energy.hpp
/// The shallow Ritz energy of a 1D diffusion problem and its derivatives, all in O(n):
///
///     J(c, b) = ½∫a(u_n')² − ∫f u_n + γ/2 (u_n(1) − β)²,   u_n = α + Σ c_i σ(x − b_i).
///
/// On the partition 0 = b_0 ≤ b_1 ≤ … ≤ b_n ≤ b_{n+1} = 1 everything reduces to three
/// moments of the data per interval K_j = [b_j, b_{j+1}]:
///   s_j = ∫_K a,   F0_j = ∫_K f,   M_j = ∫_K (x − b_j) f,
/// computed by Gauss–Legendre per interval (split at discontinuities of a and f,
/// graded towards an integrable singularity of f). From them:
///  - the load ℱ_i = ∫ f σ(x − b_i) by the recursion ℱ_i = M_i + ℱ_{i+1} + h_i ΣF0_{>i}
///    (no cancellation), and the stiffness inverse A⁻¹ is tridiagonal (paper Lemma 5.1):
///    the solution of A y = r has slope (r_j − r_{j+1})/s_j on K_j;
///  - 𝒜 = A + γddᵀ, d_i = 1 − b_i, by Sherman–Morrison written with the multiplier
///    λ = γ(β − α − dᵀA⁻¹ℱ₀)/(1 + γdᵀA⁻¹d) = −γβ̄, which stays exact for γ = 1e11;
///  - ∂J/∂b_j = c_j (g_j − γβ̄),  g_j = ∫_{b_j}^1 f − a(b_j)(Σ_{i<j} c_i + c_j/2);
///  - ∂²J/∂b_j∂b_k = c_j g'_j δ_jk + γ c_j c_k,  g'_j = −f(b_j) − a'(b_j)(Σ_{i<j} c_i + c_j/2)
///    (docs/ALGORITHMS.md: symmetric D(c)B + γccᵀ; the paper's (5.3) is not symmetric).
#include "quadrature/gauss_legendre.hpp"
#include "ritz/diffusion1d.hpp"
#include "ritz/shallow_relu.hpp"

#include <vector>

namespace petnet {

/// Per-interval data moments for one sorted set of breakpoints (sizes n + 1; SF0: n + 2).
struct RitzMoments {
  std::vector<double> Fb;  ///< F(b_j) = ∫_{b_j}^1 (x − b_j) f, j = 0..n (exact quadrature only)
  std::vector<double> h;   ///< b_{j+1} − b_j
  std::vector<double> s;   ///< ∫_{K_j} a
  std::vector<double> F0;  ///< ∫_{K_j} f
  std::vector<double> M;   ///< ∫_{K_j} (x − b_j) f
  std::vector<double> SF0; ///< Σ_{l≥j} F0_l = ∫_{b_j}^1 f (entry n + 1 is 0)
};

/// Scratch space for energies at unsorted breakpoints (reused between calls).
struct RitzWork {
  std::vector<double> b, c;
  std::vector<int>    idx;
  RitzMoments         m;
};

class RitzEnergy {
public:
  /// `quad_points`: Gauss–Legendre points per interval (exact for degree 2m − 1).
  /// `exact`: take the moments from the problem's closed-form primitives instead
  /// (O(1) per breakpoint, no quadrature; -ritz_quadrature exact).
  static PetscErrorCode Create(MPI_Comm comm, const Diffusion1D &pde, double gamma, int quad_points,
                               RitzEnergy *e, bool exact = false);
  bool                  ExactMoments() const { return exact_; }

  const Diffusion1D &Problem() const { return *pde_; }
  double             Gamma() const { return gamma_; }
  double             Alpha() const { return pde_->Alpha(); }
  double             Beta() const { return pde_->Beta(); }

  /// s, F0, M on the partition by the sorted interior breakpoints b[0..n) ⊂ [0, 1].
  void Assemble(const double *b, int n, RitzMoments *m) const;
  /// c = 𝒜(b)⁻¹ℱ(b) (n + 1 entries) in O(n) for sorted, distinct b; returns λ = −γβ̄.
  double SolveLinear(const double *b, int n, const RitzMoments &m, double *c) const;
  /// J(c, b) for sorted b.
  double Energy(const double *b, int n, const double *c, const RitzMoments &m) const;
  /// J(c, b) for any b: entries are clamped to [0, 1] (a neuron pushed out at 1 stops
  /// contributing; one pushed out at 0 acts at 0, keeping u(0) = α) and sorted.
  double EnergyAt(const std::vector<double> &b, const std::vector<double> &c, RitzWork *w) const;
  /// u_n(1) − β.
  double BetaBar(const double *b, int n, const double *c) const;
  /// For sorted b: g_j, g'_j and ∂J/∂b_j (each n entries; any pointer may be null).
  void BlockGradient(const double *b, int n, const double *c, const RitzMoments &m, double *g,
                     double *gp, double *grad) const;
  /// J and its full gradient in (c, b) for any b in [0, 1] (the BFGS baseline).
  double EnergyAndGradient(const std::vector<double> &b, const std::vector<double> &c,
                           std::vector<double> *grad_c, std::vector<double> *grad_b,
                           RitzWork *w) const;

  /// |u|_{H¹} of the exact solution.
  double ExactSeminorm() const { return exact_h1_; }
  /// Relative H¹-seminorm error e_n = |u − u_n|_{H¹} / |u|_{H¹} (b sorted). With
  /// `energy_norm`, ‖a^{1/2}(u − u_n)'‖ / ‖a^{1/2}u'‖ instead: the norm the Ritz energy
  /// controls (they differ only where a ≠ 1).
  double RelativeError(const ShallowReLU &model, bool energy_norm = false) const;
  /// |u_n|_{H¹}.
  static double Seminorm(const ShallowReLU &model);

  /// ∫_lo^hi g with this energy's rule and the problem's splitting (for indicators, errors).
  template <class G> double Integrate(G &&g, double lo, double hi) const {
    return IntegrateComposite(rule_, g, lo, hi, qopt_);
  }

private:
  void               IntervalMoments(double lo, double hi, double *s, double *F0, double *M) const;
  const Diffusion1D *pde_   = nullptr;
  double             gamma_ = 1e4;
  GaussLegendre      rule_;
  CompositeOptions   qopt_;
  double             exact_h1_ = 0, exact_energy_ = 0;
  bool               exact_ = false;
};

} // namespace petnet
