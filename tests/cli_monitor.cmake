# Progress and the monitor options in unit tests: the estimate of the time left on an
# injected clock, the forms of -X_monitor, a file target, _cancel (test_progress.cpp).
petnet_add_test(test_progress SOURCES test_progress.cpp RANKS 1 2 TIMEOUT 60 LABELS monitor)

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

# The progress line with the estimate of the time left: -progress_interval 1e-9 makes every
# step's monitor call print one, whatever the machine's speed (the default is 10 s).
set(_left "left (~[0-9]+(\\.[0-9]s|m[0-9][0-9]s|h[0-9][0-9]m)|\\?)$")
set(_elapsed "elapsed [0-9]+(\\.[0-9]s|m[0-9][0-9]s|h[0-9][0-9]m)")
petnet_add_cli_test(cli_monitor_progress_path
                    REGEX "^hom progress: step 2, [0-9]+\\.[0-9]% done, ${_elapsed}, ${_left}"
                    ARGS ${_mon} -hom_max_steps 2 -hom_monitor -progress_interval 1e-9)
petnet_add_cli_test(cli_monitor_progress_polish
                    REGEX "^hom final polish progress: step 4, 100\\.0% done, ${_elapsed}, left ~0\\.0s$"
                    ARGS ${_mon} -hom_max_steps 1 -hom_monitor -hom_final_its 4 -hom_final_monitor_every 0
                         -progress_interval 1e-9)
petnet_add_cli_test(cli_monitor_progress_phase1
                    REGEX "^hom phase I progress: step 2, 100\\.0% done, ${_elapsed}, left ~0\\.0s$"
                    ARGS ${_mon} -hom_max_steps 1 -hom_monitor -progress_interval 1e-9)
petnet_add_cli_test(cli_monitor_progress_gauss_newton
                    REGEX "^GN progress: step 2, 66\\.7% done, ${_elapsed}, ${_left}"
                    ARGS ${_mon_base} -method gauss_newton -gn_max_it 3 -gn_monitor -progress_interval 1e-9)
petnet_add_cli_test(cli_monitor_progress_adam
                    REGEX "^adam progress: step 10, 20\\.0% done, ${_elapsed}, ${_left}"
                    ARGS ${_mon_base} -method adam -adam_max_it 50 -adam_monitor 1000 -progress_interval 1e-9)
petnet_add_cli_test(cli_monitor_progress_lbfgs
                    REGEX "^lbfgs progress: step 5, 25\\.0% done, ${_elapsed}, ${_left}"
                    ARGS ${_mon_base} -method lbfgs -lbfgs_max_it 20 -lbfgs_gatol 0 -lbfgs_monitor 100
                         -progress_interval 1e-9)
petnet_add_cli_test(cli_monitor_progress_trsqp
                    REGEX "^trsqp progress: step 5, 50\\.0% done, ${_elapsed}, ${_left}"
                    ARGS -problem transport -eval_nx 64 -eval_nt 20 -pre_max_it 20 -trsqp_max_it 10
                         -trsqp_max_time 0 -trsqp_gtol 0 -trsqp_monitor 100 -progress_interval 1e-9)

# Where the lines go (monitor_check.sh): ascii:FILE and :FILE write them to FILE instead of
# the standard output; _cancel removes the monitor; -progress_interval 0 no progress lines.
set(_mon_out ${CMAKE_BINARY_DIR}/monitor_cli)
file(MAKE_DIRECTORY ${_mon_out})
function(petnet_monitor_check name)
  cmake_parse_arguments(T "" "" "CHECK;ARGS" ${ARGN})
  add_test(NAME ${name}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/monitor_check.sh ${T_CHECK} ${MPIEXEC_EXECUTABLE}
                   ${MPIEXEC_NUMPROC_FLAG} 2 ${MPIEXEC_PREFLAGS} $<TARGET_FILE:petnet> ${T_ARGS}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(${name} PROPERTIES ENVIRONMENT "${PETNET_TEST_ENV}" PROCESSORS 2 TIMEOUT 120
                       LABELS "cli")
endfunction()
petnet_monitor_check(cli_monitor_file_homotopy
                     CHECK file ${_mon_out}/hom.log "^hom eps 0\\.[0-9]+ loss .* step 2 t [0-9]+\\.[0-9]s$"
                     ARGS ${_mon} -hom_max_steps 2 -hom_monitor ascii:${_mon_out}/hom.log)
petnet_monitor_check(cli_monitor_file_adam CHECK file ${_mon_out}/adam.log "^adam +25 loss [0-9]"
                     ARGS ${_mon_base} -method adam -adam_max_it 50 -adam_monitor :${_mon_out}/adam.log
                          -adam_monitor_every 25)
petnet_monitor_check(cli_monitor_file_progress CHECK file ${_mon_out}/prog.log "^adam progress: step 3, 6\\.0% done"
                     ARGS ${_mon_base} -method adam -adam_max_it 50 -adam_monitor :${_mon_out}/prog.log
                          -progress_interval 1e-9)
petnet_monitor_check(cli_monitor_cancel_homotopy CHECK absent "^(hom|phase I)"
                     ARGS ${_mon} -hom_max_steps 2 -hom_final_its 2 -hom_monitor -hom_monitor_cancel
                          -progress_interval 1e-9)
petnet_monitor_check(cli_monitor_cancel_adam CHECK absent "^adam"
                     ARGS ${_mon_base} -method adam -adam_max_it 50 -adam_monitor 10 -adam_monitor_cancel)
petnet_monitor_check(cli_monitor_progress_off CHECK absent "progress:"
                     ARGS ${_mon} -hom_max_steps 2 -hom_final_its 2 -hom_monitor -progress_interval 0)

# draw[:TYPE[:FILE]]: the lines to stdout and a graph of log10(loss) redrawn with each line
# (a TikZ file holds one frame per redraw), on 2 ranks (drawing is collective).
petnet_monitor_check(cli_monitor_draw_adam CHECK draw ${_mon_out}/adam.tex "adam monitor" "^adam +[0-9]+ loss"
                     ARGS ${_mon_base} -method adam -adam_max_it 50 -adam_monitor draw:tikz:${_mon_out}/adam.tex
                          -adam_monitor_every 10)
petnet_monitor_check(cli_monitor_draw_gauss_newton CHECK draw ${_mon_out}/gn.tex "gn monitor" "^  GN +[0-9]+ loss"
                     ARGS ${_mon_base} -method gauss_newton -gn_max_it 3 -gn_monitor draw:tikz:${_mon_out}/gn.tex)
petnet_monitor_check(cli_monitor_draw_homotopy CHECK draw ${_mon_out}/hom.tex "hom monitor" "^hom eps [0-9.]+ loss"
                     ARGS ${_mon} -hom_max_steps 3 -hom_final_its 0 -hom_monitor draw:tikz:${_mon_out}/hom.tex)

# Bad values: one error line naming the option.
petnet_add_cli_test(cli_monitor_switch_number EXPECT_FAIL
                    REGEX "-hom_monitor takes true, false, ascii:FILE or :FILE, got 7" ARGS ${_mon} -hom_monitor 7)
petnet_add_cli_test(cli_monitor_not_text EXPECT_FAIL
                    REGEX "-adam_monitor binary:x.bin: monitors print text lines or draw a graph"
                    ARGS ${_mon_base} -method adam -adam_monitor binary:x.bin)
petnet_add_cli_test(cli_monitor_draw_bad_type EXPECT_FAIL
                    REGEX "-adam_monitor draw:bogus: cannot open that PETSc draw"
                    ARGS ${_mon_base} -method adam -adam_monitor draw:bogus)
petnet_add_cli_test(cli_monitor_every_twice EXPECT_FAIL REGEX "-adam_monitor 5 and -adam_monitor_every: give the interval once"
                    ARGS ${_mon_base} -method adam -adam_monitor 5 -adam_monitor_every 3)
petnet_add_cli_test(cli_monitor_interval_negative EXPECT_FAIL REGEX "-progress_interval must be >= 0, got -1"
                    ARGS ${_mon} -hom_monitor -progress_interval -1)

# Inside one Gauss-Newton step: an iterative least-squares solve (lsqr) reports after each of
# its iterations, so "step 0" (no step finished yet) appears; a direct solve (svd) never does.
petnet_add_cli_test(cli_monitor_progress_inside_lsqr
                    REGEX "^GN progress: step 0, 0\\.0% done, ${_elapsed}, left \\?$"
                    ARGS ${_mon_base} -method gauss_newton -gn_max_it 1 -gn_monitor -ls_type lsqr
                         -progress_interval 1e-9)
petnet_add_cli_test(cli_monitor_progress_inside_phase1
                    REGEX "^hom phase I progress: step 0, 0\\.0% done, ${_elapsed}, left \\?$"
                    ARGS ${_mon} -hom_max_steps 1 -hom_monitor -hom_phase1_ls_type lsqr
                         -progress_interval 1e-9)
# The L-BFGS (TAO) minimizations inside trSQP's pretraining and a penalty outer iteration
# report after each of their iterations: the penalty's fraction counts the inner iterations
# (4 of 10 in outer iteration 1 of 2: 20%).
set(_mon_tr -problem transport -eval_nx 64 -eval_nt 20)
petnet_add_cli_test(cli_monitor_progress_pretraining
                    REGEX "^pretraining progress: step 3, 15\\.0% done, ${_elapsed}, ${_left}"
                    ARGS ${_mon_tr} -pre_max_it 20 -trsqp_max_it 1 -trsqp_max_time 0 -trsqp_monitor 100
                         -progress_interval 1e-9)
petnet_add_cli_test(cli_monitor_progress_penalty_inner
                    REGEX "^penalty progress: step 0, 20\\.0% done, ${_elapsed}, ${_left}"
                    ARGS ${_mon_tr} -method penalty -pre_max_it 5 -pen_outer 2 -pen_inner_max_it 10
                         -pen_monitor -progress_interval 1e-9)
