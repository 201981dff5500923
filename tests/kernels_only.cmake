# The kernels-only build (-DPETNET_KERNELS_ONLY=ON, cmake/PetnetKernelsOnly.cmake: the
# network kernels against Kokkos alone, as benchmarks/gpu/run.sh builds them on a GPU
# machine) in the directory next to this one (build-kernels for build), against this
# build's Kokkos, with the portable loops the GPU backends run (PETNET_GENERIC_LOOPS):
# `ctest -L kernels_only`. Fails when it does not build or when one of its kernel tests fails.
if(NOT PETNET_SANITIZE)
  add_test(NAME kernels_only_build
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/kernels_only_check.sh ${PROJECT_SOURCE_DIR}
                   ${CMAKE_BINARY_DIR}-kernels "${Kokkos_DIR}" "${CMAKE_CXX_COMPILER_LAUNCHER}")
  set_tests_properties(kernels_only_build PROPERTIES LABELS "kernels_only" PROCESSORS 2
                       TIMEOUT 1800)
endif()
