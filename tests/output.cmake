# Results users can open (docs/OUTPUT.md), checked by tests/output_check.py on small runs:
#  - output_provenance_np2: the JSON "run" object and the HDF5 /run group agree and hold
#    the versions the build found, 2 ranks, options from the deck and the command line,
#    ISO 8601 UTC start and end, stage wall times within the run's wall time.
#  - output_attributes_<kind>: every dataset of a small run of each kind (PINN 1D and 2D,
#    the 2D reference alone, operators 1D and 2D, trSQP, Ritz) has "axes" naming each of
#    its dimensions and a one-line "description"; the 2D fields have their grid's shape.
#  - output_operator_tests_*: operators save every test input's prediction, reference and
#    error (or the first -output_tests N) and each input's L2RE, which recomputed from
#    them gives the summary's mean and max, on 1 and 2 ranks, the same on both to 1e-6
#    (output_operator_ranks_*); N > -op_n_test is refused.
#  - output_xdmf_*: PREFIX.xmf parses, references PREFIX.h5 by its relative name, and
#    every field it names is there with its grid's shape (PINN 2D: the evaluation grid and
#    the reference's; the reference alone; trSQP space-time; operator 2D); 1D runs
#    leave no sidecar.
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

# The other kinds, each a second or a few.
set(_out_ac2d -problem allen_cahn_2d -method adam -adam_max_it 2 -nn_hidden 4 -sample_n_res 25 -pde_ref_n 17
              -eval_n 9)
set(_out_ac2d_ref -problem allen_cahn_2d -sample_n_res 100 -reference -pde_ref_n 33 -eval_n 17)
set(_out_op1d -options_file_yaml ${PROJECT_SOURCE_DIR}/inputs/burgers_1d_operator.yaml -pde_eps 0.5 -op_n_train 6
              -op_n_test 6 -op_m 32 -nn_branch 16,16 -nn_trunk 16,16 -nn_features 8 -hom_step 0.1 -hom_step_max 0.1
              -hom_ls_ksp_max_it 100 -hom_phase1_ls_ksp_max_it 100 -hom_final_its 10 -hom_monitor 0)
set(_out_op2d -options_file_yaml ${PROJECT_SOURCE_DIR}/inputs/allen_cahn_2d_operator.yaml -op_n_train 5 -op_n_test 3
              -op_m 9 -nn_branch 16,16 -nn_trunk 16,16 -nn_features 8 -pde_eps 0.5 -hom_max_steps 0 -hom_final_its 0
              -hom_phase1_gn_max_it 2 -hom_phase1_ls_ksp_max_it 10 -hom_monitor 0)
set(_out_trsqp -options_file_yaml ${PROJECT_SOURCE_DIR}/inputs/trsqp_transport.yaml -eval_nx 64 -eval_nt 20
               -pre_max_it 100 -trsqp_max_it 20 -trsqp_monitor 0 -trsqp_max_time 0)
set(_out_ritz -options_file_yaml ${PROJECT_SOURCE_DIR}/inputs/ritz_exp.yaml -ritz_iterations 5)

# petnet_add_output_test(NAME RANKS n CHECKS a,b [OPTIONS "-opt v" ...] [EXPECT path=AxB ...] ARGS ...)
function(petnet_add_output_test name)
  cmake_parse_arguments(T "" "RANKS;CHECKS;TESTS;GRIDS" "OPTIONS;EXPECT;ARGS" ${ARGN})
  set(_opts)
  if(T_GRIDS)
    list(APPEND _opts --grids ${T_GRIDS})
  endif()
  if(T_TESTS)
    list(APPEND _opts --tests ${T_TESTS})
  endif()
  foreach(o ${T_OPTIONS})
    list(APPEND _opts --option "${o}")
  endforeach()
  foreach(e ${T_EXPECT})
    list(APPEND _opts --expect "${e}")
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
petnet_add_output_test(output_attributes_pinn_1d RANKS 2 CHECKS attributes,noxdmf
                       EXPECT eval/u=64 eval/exact=64 eval/error=64 theta=13 path/eps=5 ARGS ${_out_ac1d} -eval_n 64)
petnet_add_output_test(output_attributes_pinn_2d RANKS 2 CHECKS attributes
                       EXPECT eval/u=9x9 eval/exact=9x9 eval/error=9x9 eval/x=81x2 reference/u=17x17
                       ARGS ${_out_ac2d})
petnet_add_output_test(output_attributes_reference_2d RANKS 2 CHECKS attributes
                       EXPECT reference/u=33x33 eval/exact=17x17 eval/x=289x2 ARGS ${_out_ac2d_ref})
petnet_add_output_test(output_attributes_operator_1d RANKS 2 CHECKS attributes
                       EXPECT test0/u=32 test0/reference=32 grid=32 ARGS ${_out_op1d})
petnet_add_output_test(output_attributes_operator_2d RANKS 1 CHECKS attributes
                       EXPECT test0/u=9x9 test0/reference=9x9 test0/error=9x9 grid=9 ARGS ${_out_op2d})
petnet_add_output_test(output_attributes_trsqp RANKS 2 CHECKS attributes
                       EXPECT eval/u=20x64 eval/reference=20x64 eval/error=20x64 history/ell=20 ARGS ${_out_trsqp})
petnet_add_output_test(output_attributes_ritz RANKS 1 CHECKS attributes
                       EXPECT eval/u=2001 history/breakpoints=6x59 model/coefficients=60 ARGS ${_out_ritz})
petnet_add_output_test(output_operator_tests_all_np2 RANKS 2 CHECKS tests TESTS 6
                       EXPECT tests/u=6x32 ARGS ${_out_op1d})
petnet_add_output_test(output_operator_tests_first2_np1 RANKS 1 CHECKS tests,attributes TESTS 2
                       EXPECT tests/u=2x32 tests/l2re=6 ARGS ${_out_op1d} -output_tests 2)
petnet_add_output_test(output_operator_tests_2d_np2 RANKS 2 CHECKS tests,attributes TESTS 3
                       EXPECT tests/u=3x9x9 tests/error=3x9x9 ARGS ${_out_op2d})
petnet_add_cli_test(output_operator_tests_too_many EXPECT_FAIL PREFIX ${_out}/too_many
                    REGEX "-output_tests must be between 0 and -op_n_test 6, got 7"
                    ARGS ${_out_op1d} -output_tests 7 -output ${_out}/too_many)
petnet_add_output_test(output_xdmf_pinn_2d RANKS 2 CHECKS xdmf GRIDS eval,reference ARGS ${_out_ac2d})
petnet_add_output_test(output_xdmf_reference_2d RANKS 1 CHECKS xdmf GRIDS eval,reference ARGS ${_out_ac2d_ref})
petnet_add_output_test(output_xdmf_trsqp RANKS 2 CHECKS xdmf GRIDS eval ARGS ${_out_trsqp})
petnet_add_output_test(output_xdmf_operator_2d RANKS 1 CHECKS xdmf GRIDS test0,test1,test2 ARGS ${_out_op2d})
# The same test inputs' predictions and errors from 1 and 2 ranks (the 2D operator runs
# above: phase I only, whose LSQR rounding stays small, measured 1.9e-7 for tests/u and
# 8.1e-9 for tests/l2re; after the whole path of _out_op1d it grows to 1.1e-2).
foreach(_d tests/u tests/l2re)
  string(REPLACE "/" "_" _n ${_d})
  add_test(NAME output_operator_ranks_${_n}
           COMMAND $<TARGET_FILE:h5_compare> ${_out}/output_attributes_operator_2d.h5
                   ${_out}/output_operator_tests_2d_np2.h5 ${_d} 1e-6)
  set_tests_properties(output_operator_ranks_${_n} PROPERTIES LABELS "cli;output"
                       DEPENDS "output_attributes_operator_2d;output_operator_tests_2d_np2")
endforeach()

# Distributed datasets written through MPI-IO and through the gather fallback (io/h5_blocks).
petnet_add_test(test_h5_blocks SOURCES test_h5_blocks.cpp RANKS 1 2 3 TIMEOUT 60 LABELS output)
