petnet_add_test(test_highfreq SOURCES test_highfreq.cpp RANKS 1 2)
# Reduced high-frequency homotopy (frequency 5 -> 10 on a 20 x 20 net, 100 points) by
# both strategies: each must land on the listed eps and reach a small loss at the target.
set(_hf ${CMAKE_BINARY_DIR}/highfreq_cli)
file(MAKE_DIRECTORY ${_hf})
add_test(NAME pinn_deck_highfreq_short
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/run_and_check.sh ${_hf}/hom "loss<=1e-7" "l2re<=1e-2" --
                 ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} 2 ${MPIEXEC_PREFLAGS} $<TARGET_FILE:petnet>
                 -options_file_yaml ${PROJECT_SOURCE_DIR}/inputs/highfreq_tracker.yaml -hom_monitor 0 -nn_hidden 20,20
                 -sample_n_res 100 -eval_n 500 -pde_eps 0.1 -hom_eps0 0.2 -hom_waypoints 0.2,0.125,0.1
                 -hom_step 0.01 -hom_phase1_gn_max_it 150 -output ${_hf}/hom)
set_tests_properties(pinn_deck_highfreq_short PROPERTIES ENVIRONMENT "${PETNET_TEST_ENV}" PROCESSORS 2 TIMEOUT 300
                     LABELS "deck")
add_test(NAME pinn_deck_highfreq_hloss_short
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/run_and_check.sh ${_hf}/hl "loss<=1e-7" "l2re<=1e-2" --
                 ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} 2 ${MPIEXEC_PREFLAGS} $<TARGET_FILE:petnet>
                 -options_file_yaml ${PROJECT_SOURCE_DIR}/inputs/highfreq.yaml -hl_monitor 0 -nn_hidden 20,20
                 -sample_n_res 100 -eval_n 500 -pde_eps 0.1 -hl_eps0 0.2 -hl_eps_list 0.125,0.1
                 -hl_phase1_gn_max_it 150 -hl_gn_max_it 100 -output ${_hf}/hl)
set_tests_properties(pinn_deck_highfreq_hloss_short PROPERTIES ENVIRONMENT "${PETNET_TEST_ENV}" PROCESSORS 2
                     TIMEOUT 300 LABELS "deck")
petnet_add_cli_test(pinn_cli_highfreq_waypoint_order EXPECT_FAIL REGEX "-hom_waypoints: 0.05 is not in path order"
                    PREFIX ${_hf}/o1 ARGS -options_file_yaml ${PROJECT_SOURCE_DIR}/inputs/highfreq_tracker.yaml
                    -hom_waypoints 0.05,0.04,0.05 -output ${_hf}/o1)
petnet_add_cli_test(pinn_cli_hloss_unknown_optimizer EXPECT_FAIL REGEX "unknown -hl_optimizer sgd"
                    PREFIX ${_hf}/o2 ARGS -options_file_yaml ${PROJECT_SOURCE_DIR}/inputs/highfreq.yaml
                    -hl_optimizer sgd -output ${_hf}/o2)
petnet_add_cli_test(pinn_cli_hloss_list_order EXPECT_FAIL REGEX "-hl_eps_list: 0.03 is not strictly in path order"
                    PREFIX ${_hf}/o3 ARGS -options_file_yaml ${PROJECT_SOURCE_DIR}/inputs/highfreq.yaml
                    -hl_eps_list 0.04,0.03,0.03 -output ${_hf}/o3)
