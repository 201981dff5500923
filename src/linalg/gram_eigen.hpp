#pragma once
/// \file gram_eigen.hpp
/// The leading eigenpairs of a positive semi-definite Gram matrix G = K Kᵀ without a
/// full eigen-decomposition, for Jacobians whose numerical rank r is far below their
/// row count N (network Jacobians: r ~ 20 of N ~ 400). A rank-revealing Cholesky
/// factorization with complete pivoting, G ≈ Π L Lᵀ Πᵀ (LAPACK dpstrf, stopped when the
/// largest remaining diagonal entry falls below a tolerance), gives an r-column basis of
/// G's dominant range at a cost of about N² r; Rayleigh–Ritz on that basis (QR, then
/// the r × r eigenproblem of Qᵀ G Q) gives the eigenpairs. The full eigensolver costs
/// about (4/3) N³ for its tridiagonal reduction whatever r is.
#include "core/base.hpp"

#include <vector>

namespace petnet {

/// G: N × N, column-major, lower triangle referenced (destroyed). Returns the σ_i = √λ_i
/// of the Ritz pairs with σ_i > rel·σ_max, descending, and their eigenvectors as the
/// columns of *vecs (N entries each). The Cholesky stops at a remaining diagonal below
/// 1e-2 (rel·d_max)², d_max the largest diagonal entry of G (≤ λ_max), so the pairs
/// above the truncation are resolved. Deterministic: the same G gives the same result
/// on every rank.
PetscErrorCode GramEigenPivoted(MPI_Comm comm, std::vector<double> &G, int N, double rel,
                                std::vector<double> *sigma, std::vector<double> *vecs);

} // namespace petnet
