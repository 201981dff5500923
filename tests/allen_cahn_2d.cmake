# 2D Allen–Cahn: the finite-difference reference mode and its bad input.
set(_ac2 ${CMAKE_BINARY_DIR}/ac2d_cli)
file(MAKE_DIRECTORY ${_ac2})
petnet_add_cli_test(ac2d_cli_reference REGEX "petnet: wrote .*ref.h5" RANKS 2
                    ARGS -problem allen_cahn_2d -sample_n_res 100 -reference -pde_ref_n 33 -eval_n 17
                         -output ${_ac2}/ref)
petnet_add_cli_test(ac2d_cli_missing_ref_file EXPECT_FAIL REGEX "cannot open HDF5 file .*nope.h5" PREFIX ${_ac2}/o1
                    ARGS -problem allen_cahn_2d -sample_n_res 100 -pde_ref_file ${_ac2}/nope.h5 -output ${_ac2}/o1)
petnet_add_cli_test(ac2d_cli_bad_ref_n EXPECT_FAIL REGEX "-pde_ref_n must be 0 or >= 3, got 2" PREFIX ${_ac2}/o2
                    ARGS -problem allen_cahn_2d -sample_n_res 100 -pde_ref_n 2 -output ${_ac2}/o2)
