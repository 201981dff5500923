# Time-dependent Allen-Cahn (inputs/bench_allen_cahn.yaml): a reduced path run on 1 and 2
# ranks (10 x 10 network even and periodic in x, 40 x 10 points, the horizon from 0 to 1 in
# the deck's 20 steps, a reference on 512 and 1024 points) whose error must stay below a
# bound measured on it (L2RE 4.80e-2, loss 9.0e-6 on 1 and 2 ranks; without corrector and
# polish, -hom_corrector_its 0 -hom_final_its 0, L2RE is 0.40), and the two runs' figures
# must agree. The problem's
# derivatives and the reference are in test_allen_cahn_time (tests/reference.cmake).
set(_act ${CMAKE_BINARY_DIR}/allen_cahn_time_cli)
file(MAKE_DIRECTORY ${_act})
foreach(_np 1 2)
  add_test(NAME pinn_allen_cahn_time_np${_np}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/run_and_check.sh ${_act}/np${_np} "l2re<=6e-2" "loss<=2e-5" --
                   ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${_np} ${MPIEXEC_PREFLAGS} $<TARGET_FILE:petnet>
                   -options_file_yaml ${PROJECT_SOURCE_DIR}/inputs/bench_allen_cahn.yaml -nn_hidden 10,10
                   -sample_n_res 400 -sample_nx 40 -sample_n_bc 80 -eval_n 64 -eval_ny 26
                   -pde_ref_n 512 -pde_ref_dt 0.005 -hom_phase1_gn_max_it 60 -hom_final_its 20
                   -hom_monitor 0 -output ${_act}/np${_np})
  set_tests_properties(pinn_allen_cahn_time_np${_np} PROPERTIES ENVIRONMENT "${PETNET_TEST_ENV}" PROCESSORS 2
                       TIMEOUT 300 LABELS "deck" FIXTURES_SETUP allen_cahn_time_np${_np})
endforeach()
add_test(NAME pinn_allen_cahn_time_ranks_1v2
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/compare_runs.sh ${_act}/np1.json ${_act}/np2.json 1e-6
                 phase1_loss loss l2re)
set_tests_properties(pinn_allen_cahn_time_ranks_1v2 PROPERTIES LABELS "deck"
                     FIXTURES_REQUIRED "allen_cahn_time_np1;allen_cahn_time_np2")
