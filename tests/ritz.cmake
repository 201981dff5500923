# Shallow Ritz / damped block Newton.
petnet_add_test(test_ritz_numerics SOURCES test_ritz_numerics.cpp RANKS 1 TIMEOUT 120 LABELS ritz)
petnet_add_test(test_ritz_solvers SOURCES test_ritz_solvers.cpp RANKS 1 2 TIMEOUT 120 LABELS ritz)
petnet_add_test(test_ritz_restart SOURCES test_ritz_restart.cpp RANKS 1 TIMEOUT 120 LABELS "ritz;checkpoint")

set(_rp ${CMAKE_BINARY_DIR}/ritz_cli)
file(MAKE_DIRECTORY ${_rp})
# bad input: one clear error line, exit != 0, nothing written
petnet_add_cli_test(ritz_cli_bad_n EXPECT_FAIL REGEX "-ritz_n must be >= 1, got 0" PREFIX ${_rp}/bad_n
                    ARGS -problem ritz_exp -ritz_n 0 -output ${_rp}/bad_n)
petnet_add_cli_test(ritz_cli_bad_gamma EXPECT_FAIL REGEX "-ritz_gamma must be > 0, got -1" PREFIX ${_rp}/bad_gamma
                    ARGS -problem ritz_power -ritz_gamma -1 -output ${_rp}/bad_gamma)
petnet_add_cli_test(ritz_cli_bad_a EXPECT_FAIL REGEX "a\\(x\\) = -5.* <= 0 on the interval \\(0.5, 1" PREFIX ${_rp}/bad_a
                    RANKS 2 ARGS -problem ritz_interface -ritz_k -5 -output ${_rp}/bad_a)
petnet_add_cli_test(ritz_cli_bad_alpha EXPECT_FAIL REGEX "needs u\\(0\\) = 0" PREFIX ${_rp}/bad_alpha
                    ARGS -problem ritz_power -ritz_alpha 1 -output ${_rp}/bad_alpha)
petnet_add_cli_test(ritz_cli_unknown_problem EXPECT_FAIL REGEX "unknown -problem ritz_nope" PREFIX ${_rp}/nope
                    ARGS -problem ritz_nope -output ${_rp}/nope)
petnet_add_cli_test(ritz_cli_bad_method EXPECT_FAIL REGEX "unknown -method newton" PREFIX ${_rp}/bad_method
                    ARGS -problem ritz_exp -method newton -output ${_rp}/bad_method)
petnet_add_cli_test(ritz_cli_k_not_used EXPECT_FAIL REGEX "unknown option -ritz_k" PREFIX ${_rp}/k_exp
                    ARGS -problem ritz_exp -ritz_k 10 -output ${_rp}/k_exp)
# the decks run end to end (shortened) on 2 ranks and write their output
petnet_add_cli_test(ritz_cli_deck_exp RANKS 2 REGEX "final: n 60" PREFIX ${_rp}/exp
                    ARGS -options_file_yaml inputs/ritz_exp.yaml -ritz_iterations 50 -output ${_rp}/exp)
petnet_add_cli_test(ritz_cli_deck_adaptive RANKS 2 REGEX "level: n 20" PREFIX ${_rp}/adaptive
                    ARGS -options_file_yaml inputs/ritz_exp_adaptive.yaml -dbn_max_refine 2 -output ${_rp}/adaptive)
petnet_add_cli_test(ritz_cli_deck_power RANKS 1 REGEX "final: n 24" PREFIX ${_rp}/power
                    ARGS -options_file_yaml inputs/ritz_power.yaml -output ${_rp}/power)
petnet_add_cli_test(ritz_cli_deck_interface RANKS 2 REGEX "final: n 15" PREFIX ${_rp}/interface
                    ARGS -options_file_yaml inputs/ritz_interface.yaml -output ${_rp}/interface)
petnet_add_cli_test(ritz_cli_deck_bfgs RANKS 2 REGEX "final: n 60" PREFIX ${_rp}/bfgs
                    ARGS -options_file_yaml inputs/ritz_exp_bfgs.yaml -ritz_iterations 50 -output ${_rp}/bfgs)
petnet_add_cli_test(ritz_cli_deck_afem RANKS 1 REGEX "final: n" PREFIX ${_rp}/afem
                    ARGS -options_file_yaml inputs/ritz_power_afem.yaml -output ${_rp}/afem)
foreach(t ritz_cli_bad_n ritz_cli_bad_gamma ritz_cli_bad_a ritz_cli_bad_alpha ritz_cli_unknown_problem ritz_cli_bad_method
          ritz_cli_k_not_used ritz_cli_deck_exp ritz_cli_deck_adaptive ritz_cli_deck_power ritz_cli_deck_interface
          ritz_cli_deck_bfgs ritz_cli_deck_afem)
  set_tests_properties(${t} PROPERTIES LABELS "cli;ritz" TIMEOUT 120)
endforeach()
