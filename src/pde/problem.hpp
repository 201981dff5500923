#pragma once
/// \file problem.hpp
/// A PDE problem, blind to networks: given the jet of u at points (U(q, c): value,
/// first derivatives, pure second derivatives — see core/jets.hpp for the
/// component order) and the problem parameter λ (ε, or the homotopy variable s), it
/// returns the pointwise interior residual r, its derivative with respect to every
/// jet component G(q, c) = ∂r/∂U(q, c), and ∂r/∂λ. Boundary conditions are Dirichlet
/// values g(x); the residual assembly (weights, rows, ranks) lives elsewhere.
#include "core/base.hpp"
#include "core/continuation.hpp"
#include "core/jets.hpp"
#include "core/kokkos_types.hpp"
#include "core/parity.hpp"

#include <memory>
#include <string>
#include <vector>

namespace petnet {

class Problem {
public:
  virtual ~Problem()                   = default;
  virtual const char *Name() const     = 0;
  virtual int         Dim() const      = 0;
  virtual int         JetOrder() const = 0;
  /// Box domain [lo_k, hi_k].
  virtual void Bounds(double *lo, double *hi) const = 0;
  /// Reads -pde_* options and validates them (one clear error per bad value).
  virtual PetscErrorCode SetFromOptions(MPI_Comm comm) = 0;

  /// The parameter λ the residual depends on, its name and its target value.
  virtual const char *ParameterName() const = 0;
  virtual double      Target() const        = 0;
  /// λ as a continuation parameter (default start, range, easy side). Default: start at
  /// 1, no range, either direction.
  virtual ContinuationParameter Continuation() const {
    ContinuationParameter c;
    c.name   = ParameterName();
    c.start  = 1.0;
    c.target = Target();
    return c;
  }

  /// r(q) = R(x_q, U(q,:); λ), G(q,c) = ∂R/∂U(q,c), rl(q) = ∂R/∂λ (skipped if rl is empty).
  virtual void Interior(double lambda, CView2 X, CView2 U, DView1 r, DView2 G, DView1 rl) const = 0;

  /// Dirichlet value at a boundary point (host).
  virtual double BoundaryValue(const double *x) const = 0;
  /// False for problems without boundary rows (pure fits such as highfreq).
  virtual bool HasBoundary() const { return true; }
  /// Whether the face x_k = lo_k (side 0) or x_k = hi_k (side 1) carries boundary rows.
  /// Default: every face; an evolution problem in (x, t) leaves out the final time.
  virtual bool BoundaryFace(int k, int side) const { return true; }
  /// Period of the problem in x_k (0: not periodic): the domain wraps around in x_k, and
  /// no boundary rows stand for that; a network for it must be periodic in x_k.
  virtual double Period(int k) const { return 0.0; }

  /// The mirror symmetry in x_k that the problem keeps (domain and data symmetric about
  /// x_k = 0): for u with that parity in x_k the residual has it too, at every λ. A
  /// network built with the same parity may then fold mirror-image collocation points.
  virtual Parity Symmetry(int k) const { return Parity::None; }

  /// Closed-form solution at λ, if there is one (host). Classical references of
  /// problems without one (finite differences, FFT) live in reference/.
  virtual bool   HasExact(double lambda) const { return false; }
  virtual double Exact(const double *x, double lambda) const { return 0.0; }

  /// Human-readable statement for logs and the summary.
  virtual std::string Describe() const = 0;
};

/// Names accepted by -problem for the MLP family, and the factory.
std::vector<std::string> PdeProblemNames();
PetscErrorCode           CreateProblem(MPI_Comm comm, const std::string &name,
                                       std::unique_ptr<Problem> *problem);

} // namespace petnet
