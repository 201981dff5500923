# The kernels-only build (-DPETNET_KERNELS_ONLY=ON): the network kernels (nn/ with
# core/parity), their GoogleTest programs and the GPU benchmark, against Kokkos alone.
# No PETSc, MPI, HDF5, FFTW or LAPACK: core/base.hpp then takes core/petsc_compat.hpp
# for the few PETSc names the kernels use. For a machine that has a CUDA compiler and
# nothing else (benchmarks/gpu/run.sh builds Kokkos there and configures this).
#
#   cmake -S . -B build-kernels -DPETNET_KERNELS_ONLY=ON -DKokkos_ROOT=<Kokkos 4 prefix> \
#         [-DCMAKE_CXX_COMPILER=<Kokkos>/bin/nvcc_wrapper] [-DPETNET_GTEST_SRC=<googletest>]
#   ctest --test-dir build-kernels        # test_kernels: the MLP and DeepONet kernel tests
#
# The normal build's test kernels_only_build (tests/kernels_only.cmake) builds and runs this
# against the installed Kokkos, so the PETSc-free path is checked on every machine.
include(PetnetKokkos) # petnet::kokkos, as in the normal build (Kokkos 4.x or Debian's 3.4)
message(STATUS "petnet: kernels only (no PETSc, MPI, HDF5)")

add_library(petnet_kernels STATIC
  ${PROJECT_SOURCE_DIR}/src/core/parity.cpp
  ${PROJECT_SOURCE_DIR}/src/nn/mlp.cpp
  ${PROJECT_SOURCE_DIR}/src/nn/mlp_kernel_shape.cpp
  ${PROJECT_SOURCE_DIR}/src/nn/mlp_kernels.cpp
  ${PROJECT_SOURCE_DIR}/src/nn/deeponet.cpp
  ${PROJECT_SOURCE_DIR}/src/nn/deeponet_kernels.cpp)
target_include_directories(petnet_kernels PUBLIC ${PROJECT_SOURCE_DIR}/src)
target_compile_definitions(petnet_kernels PUBLIC PETNET_KERNELS_ONLY)
target_link_libraries(petnet_kernels PUBLIC petnet::kokkos)
# The host build of the portable loops the GPU backends run, instead of the explicit host
# vector code (mlp_kernels.cpp): tests them without a GPU (benchmarks/gpu/run.sh's dry run).
option(PETNET_GENERIC_LOOPS "Kernels-only: the GPU backends' portable loops on the host too" OFF)
if(PETNET_GENERIC_LOOPS)
  target_compile_definitions(petnet_kernels PUBLIC PETNET_GENERIC_LOOPS)
endif()
# The host build vectorizes as the normal one does; nvcc_wrapper gets no host target flags.
if(PETNET_NATIVE AND NOT "CUDA" IN_LIST Kokkos_DEVICES)
  target_compile_options(petnet_kernels PUBLIC -march=native)
endif()

# GoogleTest: an installed one, or built here from a source tree (a machine without it).
set(PETNET_GTEST_SRC "" CACHE PATH "GoogleTest source tree to build (empty: find_package(GTest))")
if(PETNET_GTEST_SRC)
  set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
  set(BUILD_GMOCK OFF CACHE BOOL "" FORCE)
  add_subdirectory(${PETNET_GTEST_SRC} ${CMAKE_BINARY_DIR}/googletest EXCLUDE_FROM_ALL)
  if(NOT TARGET GTest::gtest) # GoogleTest 1.11 and later define it themselves
    add_library(GTest::gtest ALIAS gtest)
  endif()
else()
  find_package(GTest REQUIRED)
endif()

enable_testing()
add_executable(test_kernels ${PROJECT_SOURCE_DIR}/tests/kernels_main.cpp
                            ${PROJECT_SOURCE_DIR}/tests/test_mlp_kernels.cpp
                            ${PROJECT_SOURCE_DIR}/tests/test_deeponet.cpp)
target_link_libraries(test_kernels PRIVATE petnet_kernels GTest::gtest)
add_test(NAME test_kernels COMMAND test_kernels)
set_tests_properties(test_kernels PROPERTIES TIMEOUT 600 LABELS "kernels")

add_executable(bench_gpu_kernels ${PROJECT_SOURCE_DIR}/benchmarks/gpu/bench_gpu_kernels.cpp)
target_link_libraries(bench_gpu_kernels PRIVATE petnet_kernels)
