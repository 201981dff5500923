petnet_add_test(test_mlp_kernels SOURCES test_mlp_kernels.cpp RANKS 1)
petnet_add_test(test_pinn_residual SOURCES test_pinn_residual.cpp RANKS 1 2)

# The periodic input embedding (-nn_period): bad lists, and a starting-point file trained
# with other periods, each refused with one line.
set(_nnp ${CMAKE_BINARY_DIR}/nn_period)
file(MAKE_DIRECTORY ${_nnp})
petnet_add_cli_test(nn_period_count EXPECT_FAIL REGEX "-nn_period needs one entry per input coordinate \\(2\\), got 1"
                    PREFIX ${_nnp}/o1 ARGS -problem burgers_shock -nn_period 2 -output ${_nnp}/o1)
petnet_add_cli_test(nn_period_negative EXPECT_FAIL REGEX "-nn_period entry 1 must be 0 \\(not periodic\\) or a period > 0, got -1"
                    PREFIX ${_nnp}/o2 ARGS -problem allen_cahn_1d -nn_period -1 -output ${_nnp}/o2)
petnet_add_cli_test(nn_period_trained REGEX "MLP 2-2-1 \\(p = 9\\), period 2"
                    ARGS -problem allen_cahn_1d -method adam -adam_max_it 1 -nn_hidden 2 -nn_period 2 -output ${_nnp}/per)
petnet_add_cli_test(nn_period_init_other EXPECT_FAIL REGEX "-nn_init_file .*per.h5 holds a network with -nn_period 2, this network has -nn_period 3"
                    PREFIX ${_nnp}/o3 ARGS -problem allen_cahn_1d -method adam -adam_max_it 1 -nn_hidden 2 -nn_period 3
                    -nn_init_file ${_nnp}/per.h5 -output ${_nnp}/o3)
petnet_add_cli_test(nn_period_init_none EXPECT_FAIL REGEX "-nn_init_file .*per.h5 holds a network with -nn_period 2, this network has -nn_period 0"
                    PREFIX ${_nnp}/o4 ARGS -problem allen_cahn_1d -method adam -adam_max_it 1 -nn_hidden 2
                    -nn_init_file ${_nnp}/per.h5 -output ${_nnp}/o4)
petnet_add_cli_test(nn_period_init_same REGEX "petnet: wrote .*o5.h5"
                    ARGS -problem allen_cahn_1d -method adam -adam_max_it 1 -nn_hidden 2 -nn_period 2
                    -nn_init_file ${_nnp}/per.h5 -output ${_nnp}/o5)
set_tests_properties(nn_period_trained PROPERTIES FIXTURES_SETUP nn_period_file)
set_tests_properties(nn_period_init_other nn_period_init_none nn_period_init_same PROPERTIES FIXTURES_REQUIRED nn_period_file)
# A problem periodic in x (convection on [0, 2 pi]) has no boundary rows in x: the network
# must carry its period, and -nn_period with another one is refused.
petnet_add_cli_test(nn_period_problem_mismatch EXPECT_FAIL REGEX "-nn_period entry 1 must be 6.283185307179586: convection is periodic in coordinate 1"
                    PREFIX ${_nnp}/o6 ARGS -problem convection -nn_period 0,0 -output ${_nnp}/o6)
