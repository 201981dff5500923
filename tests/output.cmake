# Results users can open (docs/OUTPUT.md), checked by tests/output_check.py on small runs:
#  - output_provenance_np2: the JSON "run" object and the HDF5 /run group agree and hold
#    the versions the build found, 2 ranks, options from the deck and the command line,
#    ISO 8601 UTC start and end, stage wall times within the run's wall time.
add_executable(h5_describe h5_describe.cpp)
target_include_directories(h5_describe SYSTEM PRIVATE ${HDF5_C_INCLUDE_DIRS})
target_compile_definitions(h5_describe PRIVATE ${HDF5_C_DEFINITIONS})
target_link_libraries(h5_describe PRIVATE ${HDF5_C_LIBRARIES} MPI::MPI_C)

find_package(Python3 COMPONENTS Interpreter)
set(_out ${CMAKE_BINARY_DIR}/output_tests)
file(MAKE_DIRECTORY ${_out})
set(_out_versions "${PETSC_VERSION},${HDF5_VERSION},${Kokkos_VERSION}")
# A short 1D Allen–Cahn path (4-wide net, 20 points, eps 0.1 -> 0.09, stopped after 3 steps).
set(_out_ac1d -options_file_yaml ${PROJECT_SOURCE_DIR}/inputs/allen_cahn_1d.yaml -nn_hidden 4 -sample_n_res 20
              -pde_eps 0.09 -hom_phase1_gn_max_it 5 -hom_monitor 0 -hom_final_its 1 -hom_max_steps 3)

# petnet_add_output_test(NAME RANKS n CHECKS a,b [OPTIONS "-opt v" ...] ARGS ...)
function(petnet_add_output_test name)
  cmake_parse_arguments(T "" "RANKS;CHECKS" "OPTIONS;ARGS" ${ARGN})
  set(_opts)
  foreach(o ${T_OPTIONS})
    list(APPEND _opts --option "${o}")
  endforeach()
  add_test(NAME ${name}
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/output_check.py --ranks ${T_RANKS}
                   --versions ${_out_versions} ${_opts} $<TARGET_FILE:h5_describe> ${_out}/${name} ${T_CHECKS} --
                   ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${T_RANKS} ${MPIEXEC_PREFLAGS}
                   $<TARGET_FILE:petnet> ${T_ARGS} -output ${_out}/${name}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(${name} PROPERTIES ENVIRONMENT "${PETNET_TEST_ENV}" PROCESSORS ${T_RANKS}
                       TIMEOUT 120 LABELS "cli;output")
endfunction()

if(NOT Python3_Interpreter_FOUND)
  message(STATUS "petnet: no python3: the output tests (tests/output.cmake) are not registered")
  return()
endif()
petnet_add_output_test(output_provenance_np2 RANKS 2 CHECKS provenance
                       OPTIONS "-sample_type grid" "-nn_hidden 4" ARGS ${_out_ac1d})
