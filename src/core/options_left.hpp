#pragma once
/// \file options_left.hpp
/// Options that nothing reads, checked twice, the way PETSc's -options_left reports them:
///
///   - up front (CheckUnusedOptions, after every component has read its options): an
///     option nobody queried is an error, unless PETSc consumes it later by itself: a
///     global option read at the end (-log_view, -options_view, ...) or an option of a
///     PETSc object under a prefix registered with RegisterObjectPrefix (a KSP's
///     -hom_ls_ksp_converged_reason is read only when it solves);
///   - at the end (ReportUnusedOptions): every option still never used is named in a
///     warning line, as -options_left does (e.g. a KSP option of a solver that never ran).
#include "core/base.hpp"

#include <initializer_list>
#include <string>
#include <vector>

namespace petnet {

/// A PETSc object's options prefix, e.g. ("hom_ls_", {"ksp_", "pc_"}) for a KSP: from now
/// on an unused option -hom_ls_ksp_* or -hom_ls_pc_* passes the up-front check (idempotent).
void RegisterObjectPrefix(const std::string &prefix, std::initializer_list<const char *> kinds);

/// Error when an option was given that nothing queried and PETSc will not read later: a
/// misspelt or unknown option, or one irrelevant to the chosen method. One line naming it.
PetscErrorCode CheckUnusedOptions(MPI_Comm comm);

/// After the run: one warning line per option that was never used (*count: how many).
PetscErrorCode ReportUnusedOptions(MPI_Comm comm, PetscInt *count = nullptr);

} // namespace petnet
