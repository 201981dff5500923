#pragma once
/// \file diffusion1d.hpp
/// The 1D diffusion problems of the shallow-Ritz paper (Cai et al., §7; docs/ALGORITHMS.md
/// "Shallow Ritz"): −(a u')' = f on (0, 1), u(0) = α, u(1) = β.
///
/// | name             | a(x)                    | exact u                                        |
/// |------------------|-------------------------|------------------------------------------------|
/// | `ritz_exp`       | 1                       | x (exp(−(x−1/3)²/0.01) − exp(−4/0.09))  (7.1)  |
/// | `ritz_power`     | 1                       | x^{2/3}                                 (7.2)  |
/// | `ritz_interface` | 1 + (k − 1) H(x − 1/2)  | 4kx²(1−x) | (2(k+1)x − 1)(1 − x)        (7.3)  |
///
/// f is −(a u')' of the exact solution (for (7.2) it is singular at x = 0,
/// f = (2/9) x^{−4/3}); α, β default to u(0), u(1).
#include "core/base.hpp"

#include <string>
#include <vector>

namespace petnet {

class Diffusion1D {
public:
  enum class Kind { Exp, Power, Interface };

  /// Names accepted by Create.
  static std::vector<std::string> Names();
  /// The problem `name` with its default parameters (k = 1e3, α = u(0), β = u(1)).
  static PetscErrorCode Create(MPI_Comm comm, const std::string &name, Diffusion1D *p);
  /// Reads -ritz_k (interface only), -ritz_alpha, -ritz_beta, then Validate().
  PetscErrorCode SetFromOptions(MPI_Comm comm);
  /// Checks the data: a > 0 on every interval (sampled on a fine Gauss grid), finite α, β.
  PetscErrorCode Validate(MPI_Comm comm) const;

  const std::string &Name() const { return name_; }
  std::string        Describe() const;
  Kind               kind() const { return kind_; }

  double Alpha() const { return alpha_; }
  double Beta() const { return beta_; }
  double K() const { return k_; }
  void   SetK(double k) { k_ = k, Cache(); }
  void   SetBoundary(double alpha, double beta) { alpha_ = alpha, beta_ = beta; }
  /// True when α, β are those of the exact solution (errors against it make sense).
  bool HasExact() const;

  /// Diffusion coefficient; at a discontinuity the value of the right-hand side.
  double A(double x) const { return (kind_ == Kind::Interface && x > 0.5) ? k_ : 1.0; }
  /// True when a is constant between its discontinuities (all three problems): then
  /// integrals of a against polynomials are taken in closed form.
  bool PiecewiseConstantA() const { return true; }
  /// a'(x) away from discontinuities (0 for all three problems).
  double DA(double x) const { return 0.0; }
  double F(double x) const;
  double U(double x) const;
  double DU(double x) const;
  /// Points in (0, 1) where a or f jump (a' does not exist there).
  const std::vector<double> &Discontinuities() const { return jumps_; }
  /// True when x is (within rounding of) a discontinuity of a.
  bool OnDiscontinuity(double x) const;
  /// Endpoint where f (or u') has an integrable singularity, or NaN.
  double SingularAt() const { return kind_ == Kind::Power ? 0.0 : NAN; }
  /// Closed-form primitives of the data, available because f = −(a u')' is manufactured
  /// from the exact solution (flux continuity makes them valid across the interface):
  ///   *A0 = ∫_0^t a,   *G = ∫_t^1 f = (a u')(t) − (a u')(1),
  ///   *F = ∫_t^1 (x − t) f(x) dx = ∫_t^1 a u' − (1 − t)(a u')(1).
  /// With them every integral of the Ritz energy is O(1) per breakpoint (RitzEnergy's
  /// `exact` quadrature); G is infinite at t = 0 for (7.2), where f is not integrable.
  void Primitives(double t, double *A0, double *G, double *F) const;
  /// Default penalty γ of the paper (1e4; 1e11 for the interface problem).
  double DefaultGamma() const { return kind_ == Kind::Interface ? 1e11 : 1e4; }

private:
  void                Cache() { u1_ = U(1.0), flux1_ = A(1.0) * DU(1.0), uhalf_ = U(0.5); }
  double              u1_ = 0, flux1_ = 0, uhalf_ = 0; ///< constants of Primitives()
  std::string         name_;
  Kind                kind_  = Kind::Exp;
  double              k_     = 1e3;
  double              alpha_ = 0, beta_ = 0;
  std::vector<double> jumps_;
};

} // namespace petnet
