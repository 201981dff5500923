# Failure detection in every solver (label "failures"): each row provokes one fault from
# the command line on a reduced run (a second or less) and failure_check.sh checks the
# reason in the summary, the warning line, exit 0 (and 3 with -error_if_not_converged),
# no "-nan" in the output and, for the path solvers, that no failed step entered the path.
#   failure_case(NAME REASON [PATH] [RANKS n] ARGS ...)
petnet_add_test(test_failures SOURCES test_failures.cpp RANKS 1 2 LABELS failures)
set(_fc ${CMAKE_BINARY_DIR}/failures)
file(MAKE_DIRECTORY ${_fc})
function(failure_case name reason)
  cmake_parse_arguments(T "PATH" "RANKS" "ARGS" ${ARGN})
  if(NOT T_RANKS)
    set(T_RANKS 1)
  endif()
  set(path "")
  if(T_PATH)
    set(path path)
  endif()
  add_test(NAME failures_${name}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/failure_check.sh ${_fc}/${name} ${reason} "${path}" --
                   ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${T_RANKS} ${MPIEXEC_PREFLAGS}
                   $<TARGET_FILE:petnet> ${T_ARGS} -output ${_fc}/${name}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(failures_${name} PROPERTIES ENVIRONMENT "${PETNET_TEST_ENV}" PROCESSORS ${T_RANKS}
                       TIMEOUT 120 LABELS "failures;cli")
endfunction()

set(_in ${PROJECT_SOURCE_DIR}/inputs)
set(_ac -nn_hidden 10,10 -sample_n_res 40 -eval_n 100)
set(_hom -options_file_yaml ${_in}/allen_cahn_1d.yaml ${_ac} -hom_monitor 0 -hom_phase1_gn_max_it 20)
set(_adam -options_file_yaml ${_in}/allen_cahn_1d_adam.yaml ${_ac} -adam_monitor 0 -adam_max_it 300)
set(_pinn -problem allen_cahn_1d ${_ac})
set(_op -problem burgers_1d_operator -pde_eps 0.05 -op_n_train 4 -op_n_test 3 -op_m 16 -nn_branch 8 -nn_trunk 8
        -nn_features 4)
set(_tr -nn_hidden 5,5 -data_n 50 -cons_m 3 -pre_m 20 -pre_max_it 50 -eval_nx 40 -eval_nt 20)
set(_ritz -options_file_yaml ${_in}/ritz_exp.yaml -ritz_iterations 5 -ritz_n 10 -ritz_eval_n 50)

# homotopy tracker: a non-finite loss at the start (no good point: the path stays empty),
# on 1 and 2 ranks; a path stopped short of its target
failure_case(homotopy_nan nan PATH ARGS ${_hom} -loss_bc_weight inf)
failure_case(homotopy_nan_np2 nan PATH RANKS 2 ARGS ${_hom} -loss_bc_weight inf)
failure_case(homotopy_max_steps max_steps PATH ARGS ${_hom} -hom_max_steps 5 -pde_eps 1e-300)
failure_case(homotopy_loss_nan nan PATH
             ARGS -options_file_yaml ${_in}/allen_cahn_1d_hloss.yaml ${_ac} -hl_monitor 0 -hl_phase1_gn_max_it 20
                  -hl_gn_max_it 3 -pde_eps 0.099 -loss_bc_weight inf)
# Adam: divergence (lr 1e10: the loss grows 1e59-fold in one step), a NaN step (lr 1e200,
# the divergence test off), a NaN start
failure_case(adam_dtol dtol ARGS ${_adam} -adam_lr 1e10)
failure_case(adam_dtol_np2 dtol RANKS 2 ARGS ${_adam} -adam_lr 1e10)
failure_case(adam_nan_step nan ARGS ${_adam} -adam_lr 1e200 -adam_divtol 0)
failure_case(adam_nan nan ARGS ${_adam} -loss_bc_weight inf)
# L-BFGS and Gauss-Newton at the target
failure_case(lbfgs_nan nan ARGS ${_pinn} -method lbfgs -loss_bc_weight inf)
failure_case(gauss_newton_nan nan ARGS ${_pinn} -method gauss_newton -loss_bc_weight inf)
failure_case(gauss_newton_max_it max_it ARGS ${_pinn} -method gauss_newton -gn_max_it 3)
# the operator job: homotopy and Adam (no "-nan" in the report)
failure_case(operator_homotopy_nan nan ARGS ${_op} -hom_monitor 0 -loss_bc_weight inf)
failure_case(operator_adam_nan nan ARGS ${_op} -method adam -adam_max_it 20 -adam_s_steps 2 -adam_lr 1e200
             -adam_divtol 0)
# hard constraints: labels with infinite noise make the misfit NaN
failure_case(trsqp_nan nan ARGS -options_file_yaml ${_in}/trsqp_reaction.yaml ${_tr} -trsqp_monitor 0 -data_noise inf)
failure_case(trsqp_max_it max_it ARGS -options_file_yaml ${_in}/trsqp_reaction.yaml ${_tr} -trsqp_monitor 0
             -trsqp_max_it 5)
failure_case(penalty_nan nan ARGS -options_file_yaml ${_in}/trsqp_reaction_penalty.yaml ${_tr} -pen_outer 3
             -pen_inner_max_it 20 -data_noise inf)
# shallow Ritz: a boundary value of 1e300 makes the energy infinite
failure_case(ritz_dbn_nan nan ARGS ${_ritz} -ritz_beta 1e300)
failure_case(ritz_adbn_nan nan ARGS ${_ritz} -method adbn -ritz_beta 1e300)
failure_case(ritz_bfgs_nan nan ARGS ${_ritz} -method bfgs -ritz_beta 1e300)
