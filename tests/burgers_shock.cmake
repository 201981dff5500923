# Burgers with a shock (inputs/bench_burgers.yaml): the residual's derivatives, the
# boundary faces, the Gauss-Hermite rule and the Cole-Hopf reference against a fine
# finite-difference solve; a reduced path run on 1 and 2 ranks (10 x 10 net, 20 x 20
# points, nu 0.1 -> 0.02) whose error must stay below a bound measured on it (L2RE 3.64e-3,
# loss 3.6e-7 on 1 and 2 ranks; without corrector and polish, -hom_corrector_its 0
# -hom_final_its 0, L2RE is 7.6e-2), and the two runs' figures must agree.
petnet_add_test(test_burgers_shock SOURCES test_burgers_shock.cpp RANKS 1)
set(_bs ${CMAKE_BINARY_DIR}/burgers_shock_cli)
file(MAKE_DIRECTORY ${_bs})
foreach(_np 1 2)
  add_test(NAME pinn_burgers_shock_np${_np}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/run_and_check.sh ${_bs}/np${_np} "l2re<=6e-3" "loss<=1e-6" --
                   ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${_np} ${MPIEXEC_PREFLAGS} $<TARGET_FILE:petnet>
                   -options_file_yaml ${PROJECT_SOURCE_DIR}/inputs/bench_burgers.yaml -nn_hidden 10,10
                   -sample_n_res 400 -sample_n_bc 80 -eval_n 64 -eval_ny 25 -pde_nu 0.02
                   -hom_phase1_gn_max_it 60 -hom_final_its 20 -hom_monitor 0 -output ${_bs}/np${_np})
  set_tests_properties(pinn_burgers_shock_np${_np} PROPERTIES ENVIRONMENT "${PETNET_TEST_ENV}" PROCESSORS 2
                       TIMEOUT 300 LABELS "deck" FIXTURES_SETUP burgers_shock_np${_np})
endforeach()
add_test(NAME pinn_burgers_shock_ranks_1v2
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/compare_runs.sh ${_bs}/np1.json ${_bs}/np2.json 1e-6
                 phase1_loss loss l2re)
set_tests_properties(pinn_burgers_shock_ranks_1v2 PROPERTIES LABELS "deck"
                     FIXTURES_REQUIRED "burgers_shock_np1;burgers_shock_np2")
