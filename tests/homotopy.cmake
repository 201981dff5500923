petnet_add_test(test_homotopy SOURCES test_homotopy.cpp RANKS 1 2)
