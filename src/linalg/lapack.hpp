#pragma once
/// \file lapack.hpp
/// The BLAS/LAPACK routines the least-squares types call (Fortran interface, column-major).
/// PETSc's petscblaslapack.h declares those it uses itself, under its own names (BLASsyrk_,
/// BLASgemv_, LAPACKpotrf_, LAPACKpotrs_), for the BLAS PETSc was configured with; the
/// others (dsyevd, dsyevr, dgesdd, dsymv, dposv, dpstrf) PETSc 3.18 does not declare, so they are
/// declared here.
#include <petscblaslapack.h>

extern "C" {
void dsyevd_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda, double *w,
             double *work, const int *lwork, int *iwork, const int *liwork, int *info);
void dsymv_(const char *uplo, const int *n, const double *alpha, const double *a, const int *lda,
            const double *x, const int *incx, const double *beta, double *y, const int *incy);
void dposv_(const char *uplo, const int *n, const int *nrhs, double *a, const int *lda, double *b,
            const int *ldb, int *info);
void dsyevr_(const char *jobz, const char *range, const char *uplo, const int *n, double *a,
             const int *lda, const double *vl, const double *vu, const int *il, const int *iu,
             const double *abstol, int *m, double *w, double *z, const int *ldz, int *isuppz,
             double *work, const int *lwork, int *iwork, const int *liwork, int *info);
void dgesdd_(const char *jobz, const int *m, const int *n, double *a, const int *lda, double *s,
             double *u, const int *ldu, double *vt, const int *ldvt, double *work, const int *lwork,
             int *iwork, int *info);
void dpstrf_(const char *uplo, const int *n, double *a, const int *lda, int *piv, int *rank,
             const double *tol, double *work, int *info);
}
