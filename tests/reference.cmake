# Classical reference solvers.
petnet_add_test(test_allen_cahn_2d_fd SOURCES test_allen_cahn_2d_fd.cpp RANKS 1 2)
petnet_add_test(test_burgers_spectral SOURCES test_burgers_spectral.cpp RANKS 1 TIMEOUT 300)
petnet_add_test(test_allen_cahn_time SOURCES test_allen_cahn_time.cpp RANKS 1 TIMEOUT 300)
