petnet_add_test(test_mlp_kernels SOURCES test_mlp_kernels.cpp RANKS 1)
petnet_add_test(test_pinn_residual SOURCES test_pinn_residual.cpp RANKS 1 2)
