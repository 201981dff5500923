petnet_add_test(test_homotopy_loss SOURCES test_homotopy_loss.cpp RANKS 1 2)
