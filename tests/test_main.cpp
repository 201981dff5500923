// GoogleTest main for MPI tests: PETSc + Kokkos up, only rank 0 prints, and a test
// fails on every rank if it failed on any.
#include "core/session.hpp"

#include <gtest/gtest.h>

int main(int argc, char **argv) {
  ::testing::InitGoogleTest(&argc, argv);
  petnet::Session session(&argc, &argv, nullptr);
  if (!session.ok()) return 1;
  int rank = petnet::Rank(PETSC_COMM_WORLD);
  if (rank != 0) {
    auto &listeners = ::testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
  }
  int failed = RUN_ALL_TESTS() != 0;
  int any    = 0;
  MPI_Allreduce(&failed, &any, 1, MPI_INT, MPI_MAX, PETSC_COMM_WORLD);
  return any;
}
