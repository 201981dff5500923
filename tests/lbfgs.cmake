# petnet's L-BFGS (solvers/baselines/lbfgs): the strong Wolfe line search, closed-form
# minimizers (linear least squares, extended Rosenbrock) to 1e-10 with the Wolfe
# conditions at every accepted step, non-finite trials and starts, and bitwise resumes
# from the state kept after any iteration. Restarts and signals through the driver:
# checkpoint_lbfgs_* (checkpoint.cmake) and restart_lbfgs_* (restart.cmake).
petnet_add_test(test_lbfgs SOURCES test_lbfgs.cpp RANKS 1 2 TIMEOUT 120 LABELS lbfgs)

# L-BFGS as the minimizer of each homotopy-loss step (-hl_optimizer lbfgs), on 2 ranks:
# eps 0.1 -> 0.09 in two steps of 0.005, each minimization to a loss below 1e-5.
set(_lb ${CMAKE_BINARY_DIR}/lbfgs_cli)
file(MAKE_DIRECTORY ${_lb})
add_test(NAME lbfgs_homotopy_loss_optimizer
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/run_and_check.sh ${_lb}/hl "steps>=2" "eps<=0.09" "loss<=1e-5" --
                 ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} 2 ${MPIEXEC_PREFLAGS} $<TARGET_FILE:petnet>
                 -problem allen_cahn_1d -method homotopy_loss -hl_optimizer lbfgs -pde_eps 0.09 -hl_eps0 0.1
                 -hl_step 0.005 -nn_hidden 12,12 -sample_n_res 60 -lbfgs_max_it 300 -output ${_lb}/hl)
set_tests_properties(lbfgs_homotopy_loss_optimizer PROPERTIES ENVIRONMENT "${PETNET_TEST_ENV}" PROCESSORS 2
                     TIMEOUT 120 LABELS "cli;lbfgs")
