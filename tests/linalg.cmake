petnet_add_test(test_least_squares SOURCES test_least_squares.cpp RANKS 1 2)
