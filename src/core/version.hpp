#pragma once
/// \file version.hpp
/// What `petnet -version` prints: petnet's version and the git revision it was built from
/// (generated at build time by cmake/PetnetVersion.cmake), then the versions of the
/// libraries it runs on, as they report themselves at run time: PETSc, Kokkos and its
/// execution spaces, HDF5 and the MPI library.
#include "core/base.hpp"

#include <string>

namespace petnet {

/// "0.1.0", the project version of CMakeLists.txt.
const char *Version();
/// The short git commit of the build's source tree, "-dirty" appended when it had
/// uncommitted changes; "unknown" when it was built outside a git checkout.
const char *GitRevision();
/// The libraries as each reports itself at run time: PETSc's version string ("Petsc
/// Release Version 3.18.5, ..."), Kokkos and HDF5 as "major.minor.patch", and the first
/// line of the MPI library's version string.
std::string PetscVersionString();
std::string KokkosVersion();
std::string Hdf5Version();
std::string MpiLibraryVersion();
/// The -version text: one "name: version" line each for petnet and the libraries.
std::string VersionText();

} // namespace petnet
