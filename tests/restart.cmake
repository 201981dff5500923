# Stop signals and automatic restarts (label restart):
#  - test_stop_signal: the checkpoint keeper agrees on a signal raised on one rank, saves
#    on rank 0's clock (-checkpoint_interval) and -restart auto falls back to a fresh start;
#    Gauss–Newton, Adam and the homotopy tracker (each stage) stop right after the step
#    the keeper stopped at and resume from it bit for bit.
#  - restart_*: the driver end to end (tests/signal_restart.sh): SIGTERM, SIGUSR1 or SIGINT
#    sent to one rank mid-run: exit 75, JSON converged false / reason signal, a checkpoint;
#    the same command line with -restart auto ends with the uninterrupted θ bit for bit.
#    kill -9 at a random moment with -checkpoint_every 1, then -restart auto: the same θ.
#    -restart auto without a checkpoint: a run from scratch, the same θ.
petnet_add_test(test_stop_signal SOURCES test_stop_signal.cpp RANKS 1 2 TIMEOUT 60 LABELS restart)

set(_rs ${CMAKE_BINARY_DIR}/restart_cli)
file(MAKE_DIRECTORY ${_rs})
# A small 1D Allen–Cahn path (2 x 12 net, 60 points, eps 0.1 -> 0.04): ~100 path steps, ~2 s
# (without the deck's phase condition, whose path takes only ~30 steps: too short to signal).
set(_rs_hom -options_file_yaml ${PROJECT_SOURCE_DIR}/inputs/allen_cahn_1d.yaml -nn_hidden 12,12 -sample_n_res 60
            -pde_eps 0.04 -hom_final_its 5 -hom_eps0 0.1 -loss_phase_weight 0)
# Gauss–Newton (400 iterations, ~1.5 s) and Adam (4000 iterations, ~1.5 s) at eps = 0.1, one
# monitor line per iteration.
set(_rs_gn -problem allen_cahn_1d -method gauss_newton -pde_eps 0.1 -nn_hidden 12,12 -sample_n_res 100 -gn_max_it 400
           -gn_rtol 0 -gn_monitor)
set(_rs_adam -problem allen_cahn_1d -method adam -pde_eps 0.1 -nn_hidden 20,20 -sample_n_res 200 -adam_max_it 4000
             -adam_monitor 1)
# L-BFGS at eps = 0.1 (5000 iterations, ~1.5 s), one monitor line per iteration.
set(_rs_lbfgs -problem allen_cahn_1d -method lbfgs -pde_eps 0.1 -nn_hidden 20,20 -sample_n_res 200 -lbfgs_max_it 5000
              -lbfgs_monitor 1)
set(_rs_hom_lines "^hom [a-z]* [0-9]")
set(_rs_gn_lines "^  GN +[0-9]")
set(_rs_adam_lines "^adam +[0-9]")
set(_rs_lbfgs_lines "^lbfgs +[0-9]")
# petnet_add_signal_test(NAME MODE SIGNAL RANKS LINES AFTER ARGS...)
function(petnet_add_signal_test name mode sig ranks lines after)
  add_test(NAME ${name}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/signal_restart.sh ${mode} ${sig} ${ranks} ${_rs}/${name}
                   $<TARGET_FILE:h5_compare> ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} -- $<TARGET_FILE:petnet>
                   ${ARGN})
  set_tests_properties(${name} PROPERTIES ENVIRONMENT "${PETNET_TEST_ENV};MONITOR=${lines};AFTER=${after}"
                       PROCESSORS ${ranks} TIMEOUT 120 LABELS "cli;restart")
endfunction()
petnet_add_signal_test(restart_homotopy_sigterm_np1 signal TERM 1 ${_rs_hom_lines} 20 ${_rs_hom})
petnet_add_signal_test(restart_homotopy_sigusr1_np2 signal USR1 2 ${_rs_hom_lines} 30 ${_rs_hom})
# Inside phase I: the Gauss–Newton run nested in the tracker stops, and the tracker with it.
petnet_add_signal_test(restart_homotopy_phase1_np1 signal TERM 1 "^  phase I +[0-9]" 5 ${_rs_hom}
                       -hom_phase1_gn_monitor)
petnet_add_signal_test(restart_gauss_newton_sigint_np1 signal INT 1 ${_rs_gn_lines} 40 ${_rs_gn})
# 2 ranks: shorter runs (each iteration waits on allreduces, slow on a loaded machine).
petnet_add_signal_test(restart_gauss_newton_sigterm_np2 signal TERM 2 ${_rs_gn_lines} 40 ${_rs_gn} -gn_max_it 150)
petnet_add_signal_test(restart_adam_sigusr1_np1 signal USR1 1 ${_rs_adam_lines} 300 ${_rs_adam})
petnet_add_signal_test(restart_adam_sigterm_np2 signal TERM 2 ${_rs_adam_lines} 300 ${_rs_adam} -adam_max_it 1500)
petnet_add_signal_test(restart_lbfgs_sigterm_np1 signal TERM 1 ${_rs_lbfgs_lines} 300 ${_rs_lbfgs})
petnet_add_signal_test(restart_lbfgs_sigusr1_np2 signal USR1 2 ${_rs_lbfgs_lines} 300 ${_rs_lbfgs} -lbfgs_max_it 2000)
petnet_add_signal_test(restart_homotopy_kill9_np1 kill KILL 1 ${_rs_hom_lines} 10 ${_rs_hom})
petnet_add_signal_test(restart_auto_fresh_np1 fresh none 1 ${_rs_hom_lines} 0 ${_rs_hom})

# Homotopy loss (Gauss–Newton, 14 eps_k, ~0.7 s on 1 rank): the signal after the fourth
# monitor line stops inside a minimization; the restarted run resumes there.
set(_rs_hl -options_file_yaml ${PROJECT_SOURCE_DIR}/inputs/allen_cahn_1d_hloss.yaml -nn_hidden 10,10 -sample_n_res 60
           -pde_eps 0.03 -hl_step 0.005 -hl_phase1_gn_max_it 40 -hl_gn_max_it 10)
petnet_add_signal_test(restart_homotopy_loss_sigterm_np1 signal TERM 1 "^hl eps [0-9]" 4 ${_rs_hl})
petnet_add_signal_test(restart_homotopy_loss_sigusr1_np2 signal USR1 2 "^hl eps [0-9]" 4 ${_rs_hl})
# Adam inside each minimization (200 iterations, 15 minimizations, ~1.5 s).
petnet_add_signal_test(restart_homotopy_loss_adam_np1 signal TERM 1 "^hl eps [0-9]" 3 -problem allen_cahn_1d
                       -method homotopy_loss -nn_hidden 10,10 -sample_n_res 60 -pde_eps 0.03 -hl_eps0 0.1 -hl_step 0.005
                       -hl_alpha 1e-3 -hl_optimizer adam -adam_max_it 200 -hl_monitor)
# The operator job (the small Burgers run of tests/checkpoint.cmake with 2 final iterations,
# ~7 s on 2 ranks, over a minute on a loaded box): SIGTERM to one rank on the path, the
# restart on 2 ranks ends with the same θ.
petnet_add_signal_test(restart_operator_sigterm_np2 signal TERM 2 ${_rs_hom_lines} 4 -options_file_yaml
                       ${PROJECT_SOURCE_DIR}/inputs/burgers_1d_operator.yaml -pde_eps 0.5 -op_n_train 6 -op_n_test 6
                       -op_m 32 -nn_branch 16,16 -nn_trunk 16,16 -nn_features 8 -hom_step 0.1 -hom_step_max 0.1
                       -hom_ls_ksp_max_it 100 -hom_phase1_ls_ksp_max_it 100 -hom_final_its 2)
set_tests_properties(restart_operator_sigterm_np2 PROPERTIES TIMEOUT 300)
# Shallow Ritz: dBN with a random start and random redistribution (4000 iterations, ~2 s) and
# AdBN on 2 ranks (~2100 iterations over 8 levels): stopped mid-run, then the same model,
# path of J and levels.
petnet_add_signal_test(restart_ritz_dbn_sigterm_np1 signal TERM 1 "^  dbn +[0-9]" 300 -options_file_yaml
                       ${PROJECT_SOURCE_DIR}/inputs/ritz_exp.yaml -ritz_iterations 4000 -dbn_monitor
                       -dbn_redistribute random -ritz_init random -seed 3)
petnet_add_signal_test(restart_ritz_adbn_sigusr1_np2 signal USR1 2 "^  dbn +[0-9]" 1000 -options_file_yaml
                       ${PROJECT_SOURCE_DIR}/inputs/ritz_exp_adaptive.yaml -dbn_monitor)
set_property(TEST restart_ritz_dbn_sigterm_np1 APPEND PROPERTY ENVIRONMENT
             "COMPARE=model/breakpoints model/coefficients history/J history/e_n")
set_property(TEST restart_ritz_adbn_sigusr1_np2 APPEND PROPERTY ENVIRONMENT
             "COMPARE=model/breakpoints model/coefficients history/J levels/xi")
