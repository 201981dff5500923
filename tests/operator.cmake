# Issue 6: DeepONet operator learning (kernels, random fields, operator residual, jobs).
petnet_add_test(test_deeponet SOURCES test_deeponet.cpp RANKS 1)
petnet_add_test(test_grf SOURCES test_grf.cpp RANKS 1 2)
petnet_add_test(test_periodic_grf SOURCES test_periodic_grf.cpp RANKS 1 2)
petnet_add_test(test_operator_residual SOURCES test_operator_residual.cpp RANKS 1 2 3) # 3: uneven point blocks of the trunk split
petnet_add_test(test_forcing_operator SOURCES test_forcing_operator.cpp RANKS 1)
petnet_add_test(test_burgers_space_time SOURCES test_burgers_space_time.cpp RANKS 1 2)

# The operator job: bad input (one clear line, exit != 0, nothing written) and a small
# end-to-end run (8 training functions, 32 points, 4 s-steps).
set(_op ${CMAKE_BINARY_DIR}/operator_cli)
file(MAKE_DIRECTORY ${_op})
set(_opdeck ${PROJECT_SOURCE_DIR}/inputs/burgers_1d_operator.yaml)
petnet_add_cli_test(operator_cli_zero_functions EXPECT_FAIL REGEX "-op_n_train must be >= 1, got 0" PREFIX ${_op}/o1
                    ARGS -options_file_yaml ${_opdeck} -op_n_train 0 -output ${_op}/o1)
petnet_add_cli_test(operator_cli_bad_grf EXPECT_FAIL REGEX "-grf_power must exceed dim/2" PREFIX ${_op}/o2
                    RANKS 2 ARGS -options_file_yaml ${_opdeck} -grf_power 0.2 -output ${_op}/o2)
petnet_add_cli_test(operator_cli_bad_eps EXPECT_FAIL REGEX "-pde_eps must be in .0, 1., got 2" PREFIX ${_op}/o3
                    ARGS -options_file_yaml ${_opdeck} -pde_eps 2 -output ${_op}/o3)
petnet_add_cli_test(operator_cli_bad_eps_schedule EXPECT_FAIL REGEX "-pde_eps_schedule must be max or fixed, got linear"
                    PREFIX ${_op}/o3s ARGS -options_file_yaml ${_opdeck} -pde_eps_schedule linear -output ${_op}/o3s)
petnet_add_cli_test(operator_cli_small_run REGEX "test L2RE mean" RANKS 2 TIMEOUT 120
                    ARGS -options_file_yaml ${_opdeck} -pde_eps 0.5 -op_n_train 8 -op_n_test 4 -op_m 32
                         -hom_step 0.25 -hom_step_max 0.25 -hom_corrector_its 2 -hom_final_its 2
                         -hom_phase1_gn_max_it 3 -hom_ls_ksp_max_it 30 -hom_phase1_ls_ksp_max_it 30 -output ${_op}/small)

# The whole 1D operator path (phase I, 4 s-steps, final Gauss-Newton) on 1, 2 and 3 ranks:
# same loss and test errors to 1e-8 (the deck's corrector-only continuation; with the Euler
# tangent by truncated LSQR the three runs ended at losses 12.9, 0.067 and 10.1).
set(_opsmall -options_file_yaml ${_opdeck} -pde_eps 0.5 -op_n_train 8 -op_n_test 4 -op_m 32 -hom_step 0.25
             -hom_step_max 0.25 -hom_corrector_its 2 -hom_final_its 2 -hom_phase1_gn_max_it 3 -hom_ls_ksp_max_it 30
             -hom_phase1_ls_ksp_max_it 30 -hom_monitor 0)
foreach(_np 1 2 3)
  add_test(NAME operator_path_np${_np}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/run_and_check.sh ${_op}/path_np${_np} "loss<=0.1" --
                   ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${_np} ${MPIEXEC_PREFLAGS} $<TARGET_FILE:petnet>
                   ${_opsmall} -output ${_op}/path_np${_np}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(operator_path_np${_np} PROPERTIES ENVIRONMENT "${PETNET_TEST_ENV}" PROCESSORS 2 TIMEOUT 600
                       LABELS "cli" FIXTURES_SETUP operator_path_np${_np})
endforeach()
foreach(_np 2 3)
  add_test(NAME operator_path_ranks_1v${_np}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/compare_runs.sh ${_op}/path_np1.json ${_op}/path_np${_np}.json 1e-8
                   phase1_loss loss l2re_mean l2re_max shock_mse)
  set_tests_properties(operator_path_ranks_1v${_np} PROPERTIES LABELS "cli"
                       FIXTURES_REQUIRED "operator_path_np1;operator_path_np${_np}")
endforeach()

# Issue 6, scale: the >= 1e6-row deck in miniature (same options, 6 functions on a 9x9 grid)
# through the scaling collector (slurm/collect_scaling.py) on the real JSON summaries of
# 1- and 2-rank runs: strong and weak tables, speed-up/efficiency against jq recomputation.
add_test(NAME operator_scaling_collect
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scaling_collect_check.sh ${CMAKE_BINARY_DIR}/scaling_collect
                 ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} $<TARGET_FILE:petnet>
                 ${PROJECT_SOURCE_DIR}/inputs/burgers_2d_operator_large.yaml
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(operator_scaling_collect PROPERTIES ENVIRONMENT "${PETNET_TEST_ENV}" PROCESSORS 2 TIMEOUT 600
                     LABELS "cli")

# Testing a trained operator without retraining (-method evaluate -nn_init_file RUN.h5) on
# the built-in test inputs and on a user's file (-op_test_file): the 2-rank path run's own
# output gives back its errors on 1 rank; a file whose references are twice the run's
# predictions gives L2RE 1/2 for every input; bad files and options are refused.
set(_opeval ${_opsmall} -method evaluate -nn_init_file ${_op}/path_np2.h5)
string(JOIN " " _opeval_s ${_opeval}) # for the bash -c commands
function(petnet_add_op_eval_test name)
  cmake_parse_arguments(T "" "" "COMMAND" ${ARGN})
  add_test(NAME ${name} COMMAND ${T_COMMAND} WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(${name} PROPERTIES ENVIRONMENT "${PETNET_TEST_ENV}" LABELS "cli" TIMEOUT 120
                       FIXTURES_REQUIRED operator_path_np2 SKIP_RETURN_CODE 77)
endfunction()
foreach(_src builtin file)
  set(_extra "")
  if(_src STREQUAL "file")
    set(_extra "-op_test_file ${_op}/path_np2.h5")
  endif()
  petnet_add_op_eval_test(operator_evaluate_${_src}
    COMMAND bash -c "$<TARGET_FILE:petnet> ${_opeval_s} ${_extra} -output ${_op}/eval_${_src} && bash ${CMAKE_CURRENT_SOURCE_DIR}/compare_runs.sh ${_op}/path_np2.json ${_op}/eval_${_src}.json 1e-10 loss l2re_mean l2re_max shock_mse")
endforeach()
petnet_add_op_eval_test(operator_evaluate_file_scaled
  COMMAND bash -c "${PETNET_PYTHON_H5} ${CMAKE_CURRENT_SOURCE_DIR}/op_test_file.py ${_op}/path_np2.h5 ${_op}/twice.h5 2 && bash ${CMAKE_CURRENT_SOURCE_DIR}/run_and_check.sh ${_op}/eval_twice 'l2re_mean>=0.4999999999' 'l2re_mean<=0.5000000001' 'l2re_max<=0.5000000001' -- $<TARGET_FILE:petnet> ${_opeval_s} -op_test_file ${_op}/twice.h5 -output ${_op}/eval_twice")
petnet_add_cli_test(operator_evaluate_needs_init EXPECT_FAIL PREFIX ${_op}/eval_bad
                    REGEX "-method evaluate needs -nn_init_file"
                    ARGS ${_opsmall} -method evaluate -output ${_op}/eval_bad)
petnet_add_cli_test(operator_evaluate_wrong_network EXPECT_FAIL PREFIX ${_op}/eval_bad
                    REGEX "-nn_init_file .*path_np2.h5 holds [0-9]+ parameters, the network .* has [0-9]+"
                    ARGS ${_opeval} -nn_features 3 -output ${_op}/eval_bad)
petnet_add_cli_test(operator_test_file_wrong_grid EXPECT_FAIL PREFIX ${_op}/eval_bad
                    REGEX "-op_test_file .*path_np2.h5: tests/u0 has shape 4 x 32, expected n x m with -op_m 16"
                    ARGS ${_opeval} -op_test_file ${_op}/path_np2.h5 -op_m 16 -output ${_op}/eval_bad)
petnet_add_cli_test(operator_test_file_missing EXPECT_FAIL PREFIX ${_op}/eval_bad REGEX "-op_test_file"
                    ARGS ${_opeval} -op_test_file ${_op}/no_such_file.h5 -output ${_op}/eval_bad)
foreach(_t operator_evaluate_wrong_network operator_test_file_wrong_grid operator_test_file_missing)
  set_tests_properties(${_t} PROPERTIES FIXTURES_REQUIRED operator_path_np2)
endforeach()

# The PI-DeepONet Burgers deck shortened as in tests/decks.txt (its deck test runs it on 2
# ranks): the same run on 1 rank gives the same loss and test errors, and its 2-rank output
# as -op_test_file (inputs n x m, references n x m x m) with -method evaluate gives back the
# test errors (the loss differs: evaluate takes it at s = 0, the short path stops at s = 0.8).
set(_stdeck -options_file_yaml ${PROJECT_SOURCE_DIR}/inputs/burgers_1d_pideeponet.yaml -op_n_train 4 -op_n_test 3
            -op_m 9 -nn_branch 8,8 -nn_trunk 8,8 -nn_features 6 -hom_max_steps 2 -hom_final_its 1
            -hom_phase1_gn_max_it 2 -hom_phase1_ls_ksp_max_it 10 -hom_ls_ksp_max_it 10 -hom_monitor 0)
string(JOIN " " _stdeck_s ${_stdeck})
set(_stnp2 ${CMAKE_BINARY_DIR}/deck_tests/deck_burgers_1d_pideeponet)
add_test(NAME operator_pideeponet_ranks_1v2
         COMMAND bash -c "$<TARGET_FILE:petnet> ${_stdeck_s} -output ${_op}/st_np1; bash ${CMAKE_CURRENT_SOURCE_DIR}/compare_runs.sh ${_stnp2}.json ${_op}/st_np1.json 1e-8 phase1_loss loss l2re_mean l2re_max ref_spread ref_spread_l2"
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
add_test(NAME operator_pideeponet_evaluate_file
         COMMAND bash -c "$<TARGET_FILE:petnet> ${_stdeck_s} -method evaluate -nn_init_file ${_stnp2}.h5 -op_test_file ${_stnp2}.h5 -output ${_op}/st_eval && bash ${CMAKE_CURRENT_SOURCE_DIR}/compare_runs.sh ${_stnp2}.json ${_op}/st_eval.json 1e-10 l2re_mean l2re_max"
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(operator_pideeponet_ranks_1v2 operator_pideeponet_evaluate_file PROPERTIES
                     ENVIRONMENT "${PETNET_TEST_ENV}" LABELS "cli" TIMEOUT 120
                     FIXTURES_REQUIRED deck_burgers_1d_pideeponet)
# Its bad input: one line naming the option, nothing written.
petnet_add_cli_test(operator_pideeponet_bad_nu EXPECT_FAIL REGEX "-pde_eps must be in .0, 1., got 0" PREFIX ${_op}/st1
                    ARGS -problem burgers_1d_pideeponet -pde_eps 0 -output ${_op}/st1)
petnet_add_cli_test(operator_pideeponet_bad_grf EXPECT_FAIL REGEX "-grf_gamma must exceed 1/2" PREFIX ${_op}/st2
                    ARGS -problem burgers_1d_pideeponet -grf_gamma 0.4 -output ${_op}/st2)
petnet_add_cli_test(operator_pideeponet_bad_ref EXPECT_FAIL REGEX "Burgers reference grid needs an even N" PREFIX ${_op}/st3
                    ARGS -problem burgers_1d_pideeponet -pde_ref_n 7 -output ${_op}/st3)
petnet_add_cli_test(operator_pideeponet_test_file_shape EXPECT_FAIL
                    REGEX "tests/u0 has shape 3 x 9, expected n x m with -op_m 11" PREFIX ${_op}/st4
                    ARGS ${_stdeck} -op_m 11 -method evaluate -nn_init_file ${_stnp2}.h5
                         -op_test_file ${_stnp2}.h5 -output ${_op}/st4)
set_tests_properties(operator_pideeponet_test_file_shape PROPERTIES FIXTURES_REQUIRED deck_burgers_1d_pideeponet)
