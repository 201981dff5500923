# Options PETSc reads late (label cli): a KSP's option read only when it solves and a global
# option read at PetscFinalize pass the up-front unknown-option check; an option that was
# never used is named at the end (as -options_left does); one under no registered object
# prefix is still refused up front.
set(_tiny -problem allen_cahn_1d -nn_hidden 4 -sample_n_res 10 -eval_n 20 -hom_phase1_gn_max_it 2
          -hom_max_steps 2)
petnet_add_cli_test(cli_options_late_ksp REGEX "Linear hom_phase1_ls_ solve converged due to"
                    ARGS ${_tiny} -hom_phase1_ls_type lsqr -hom_phase1_ls_ksp_converged_reason)
petnet_add_cli_test(cli_options_view REGEX "-hom_max_steps 2"
                    ARGS ${_tiny} -options_view)
petnet_add_cli_test(cli_options_left_reported
                    REGEX "petnet: warning: option -hom_phase1_ls_ksp_monitr was never used"
                    ARGS ${_tiny} -hom_phase1_ls_type lsqr -hom_phase1_ls_ksp_monitr)
petnet_add_cli_test(cli_options_no_object_prefix EXPECT_FAIL
                    REGEX "unknown option -hom_ls_ksp_converged_reason" ARGS ${_tiny} -hom_ls_ksp_converged_reason)
