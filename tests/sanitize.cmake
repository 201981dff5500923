# The unit tests again in a sanitizer build (AddressSanitizer + UndefinedBehaviorSanitizer,
# -DPETNET_SANITIZE=ON) in the directory next to this one (build-asan for build):
# `ctest -L sanitize`. It configures and builds that tree itself (this build's compiler
# launcher, e.g. ccache, makes rebuilds cheap), runs alone because it uses every core, and
# fails when a unit test fails or a sanitizer reports anything.
if(NOT PETNET_SANITIZE)
  cmake_host_system_information(RESULT _san_jobs QUERY NUMBER_OF_LOGICAL_CORES)
  add_test(NAME sanitize_unit
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/sanitize_check.sh ${PROJECT_SOURCE_DIR}
                   ${CMAKE_BINARY_DIR}-asan ${_san_jobs} "${CMAKE_CXX_COMPILER_LAUNCHER}")
  set_tests_properties(sanitize_unit PROPERTIES LABELS "sanitize" RUN_SERIAL TRUE TIMEOUT 3600
                       ENVIRONMENT "${PETNET_TEST_ENV}")
endif()
