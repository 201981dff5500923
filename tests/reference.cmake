# Classical reference solvers.
petnet_add_test(test_allen_cahn_2d_fd SOURCES test_allen_cahn_2d_fd.cpp RANKS 1 2)
