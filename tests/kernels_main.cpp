// GoogleTest main of the kernels-only build (cmake/PetnetKernelsOnly.cmake): Kokkos up,
// one process, no PETSc or MPI.
#include <Kokkos_Core.hpp>

#include <gtest/gtest.h>

int main(int argc, char **argv) {
  ::testing::InitGoogleTest(&argc, argv);
  Kokkos::ScopeGuard kokkos(argc, argv);
  return RUN_ALL_TESTS();
}
