# Issue 4: hard-constrained PINNs, trust-region SQP and its baselines.
petnet_add_test(test_trsqp_problems SOURCES test_trsqp_problems.cpp RANKS 1 2 TIMEOUT 120 LABELS trsqp)
