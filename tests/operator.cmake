# Issue 6: DeepONet operator learning (kernels, random fields, operator residual, jobs).
petnet_add_test(test_deeponet SOURCES test_deeponet.cpp RANKS 1)
petnet_add_test(test_grf SOURCES test_grf.cpp RANKS 1 2)
