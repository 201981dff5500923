petnet_add_test(test_mlp_kernels SOURCES test_mlp_kernels.cpp RANKS 1)
