# Progress lines (label cli): the homotopy's line names the Jacobian's numerical rank
# "nrank" and carries the step count and the wall time; Gauss-Newton's too; the final
# polish prints a line every -hom_final_monitor_every iterations.
set(_mon_base -problem allen_cahn_1d -nn_hidden 4 -sample_n_res 10 -eval_n 20)
set(_mon ${_mon_base} -hom_phase1_gn_max_it 2)
petnet_add_cli_test(cli_monitor_homotopy_line
                    REGEX "^hom eps 0\\.[0-9]+ loss .* corrector [0-9]+ deps .* nrank [0-9]+ step 2 t [0-9]+\\.[0-9]s$"
                    ARGS ${_mon} -hom_max_steps 2 -hom_monitor)
petnet_add_cli_test(cli_monitor_gauss_newton_line
                    REGEX "^  GN +2 loss .* mu .*  nrank [0-9]+  t [0-9]+\\.[0-9]s"
                    ARGS ${_mon_base} -method gauss_newton -gn_max_it 3 -gn_monitor)
petnet_add_cli_test(cli_monitor_final_polish REGEX "^hom final polish: it 4 loss .* nrank [0-9]+ t [0-9]+\\.[0-9]s$"
                    ARGS ${_mon} -hom_max_steps 1 -hom_monitor -hom_final_its 4 -hom_final_monitor_every 2)
petnet_add_cli_test(cli_monitor_final_every_negative EXPECT_FAIL REGEX "-hom_final_monitor_every must be >= 0, got -1"
                    ARGS ${_mon} -hom_final_monitor_every -1)
