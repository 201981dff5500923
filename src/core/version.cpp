#include "core/version.hpp"

#include "petnet_version.h"

#include <Kokkos_Core.hpp>
#include <hdf5.h>

namespace petnet {

const char *Version() { return PETNET_VERSION; }
const char *GitRevision() { return PETNET_GIT_REVISION; }

std::string PetscVersionString() {
  char petsc[256] = "";
  if (PetscGetVersion(petsc, sizeof petsc) != PETSC_SUCCESS) return "unknown";
  std::string line(petsc);
  while (!line.empty() && line.back() == ' ') line.pop_back(); // PETSc ends it with a space
  return line;
}

std::string KokkosVersion() {
  const int kv = KOKKOS_VERSION; // major * 10000 + minor * 100 + patch
  return std::to_string(kv / 10000) + "." + std::to_string(kv / 100 % 100) + "." +
         std::to_string(kv % 100);
}

std::string Hdf5Version() {
  unsigned major = 0, minor = 0, release = 0;
  if (H5get_libversion(&major, &minor, &release) < 0) return "unknown";
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(release);
}

std::string MpiLibraryVersion() {
  char mpi[MPI_MAX_LIBRARY_VERSION_STRING] = "";
  int  len                                 = 0;
  if (MPI_Get_library_version(mpi, &len) != MPI_SUCCESS) return "unknown";
  std::string line(mpi, static_cast<size_t>(len > 0 ? len : 0));
  while (!line.empty() && (line.back() == '\n' || line.back() == '\0')) line.pop_back();
  return line.substr(0, line.find('\n')); // MPICH: several lines; the first names it
}

std::string VersionText() {
  return std::string("petnet ") + Version() + " (git " + GitRevision() + ")\n" +
         "PETSc: " + PetscVersionString() + "\n" + "Kokkos: " + KokkosVersion() +
         " (execution space " + Kokkos::DefaultExecutionSpace::name() + ", host " +
         Kokkos::DefaultHostExecutionSpace::name() + ")\n" + "HDF5: " + Hdf5Version() + "\n" +
         "MPI: " + MpiLibraryVersion() + "\n";
}

} // namespace petnet
