#include "core/version.hpp"

#include "petnet_version.h"

#include <Kokkos_Core.hpp>
#include <hdf5.h>

namespace petnet {

const char *Version() { return PETNET_VERSION; }
const char *GitRevision() { return PETNET_GIT_REVISION; }

std::string VersionText() {
  std::string text       = std::string("petnet ") + Version() + " (git " + GitRevision() + ")\n";
  char        petsc[256] = "";
  if (PetscGetVersion(petsc, sizeof petsc) == PETSC_SUCCESS) {
    std::string line(petsc);
    while (!line.empty() && line.back() == ' ') line.pop_back(); // PETSc ends it with a space
    text += "PETSc: " + line + "\n";
  }
  const int kv = KOKKOS_VERSION;
  text += "Kokkos: " + std::to_string(kv / 10000) + "." + std::to_string(kv / 100 % 100) + "." +
          std::to_string(kv % 100) + " (execution space " + Kokkos::DefaultExecutionSpace::name() +
          ", host " + Kokkos::DefaultHostExecutionSpace::name() + ")\n";
  unsigned major = 0, minor = 0, release = 0;
  if (H5get_libversion(&major, &minor, &release) >= 0)
    text += "HDF5: " + std::to_string(major) + "." + std::to_string(minor) + "." +
            std::to_string(release) + "\n";
  char mpi[MPI_MAX_LIBRARY_VERSION_STRING] = "";
  int  len                                 = 0;
  if (MPI_Get_library_version(mpi, &len) == MPI_SUCCESS) {
    std::string line(mpi, static_cast<size_t>(len));
    while (!line.empty() && (line.back() == '\n' || line.back() == '\0')) line.pop_back();
    const size_t nl = line.find('\n'); // MPICH: several lines; the first names it
    text += "MPI: " + line.substr(0, nl) + "\n";
  }
  return text;
}

} // namespace petnet
