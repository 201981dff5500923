# petnet's L-BFGS (solvers/baselines/lbfgs): the strong Wolfe line search, closed-form
# minimizers (linear least squares, extended Rosenbrock) to 1e-10 with the Wolfe
# conditions at every accepted step, non-finite trials and starts, and bitwise resumes
# from the state kept after any iteration. Restarts and signals through the driver:
# checkpoint_lbfgs_* (checkpoint.cmake) and restart_lbfgs_* (restart.cmake).
petnet_add_test(test_lbfgs SOURCES test_lbfgs.cpp RANKS 1 2 TIMEOUT 120 LABELS lbfgs)
