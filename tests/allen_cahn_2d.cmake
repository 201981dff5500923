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

# The 2D homotopy (phase I + corrector-only continuation, distributed normal equations):
# the same θ on 1, 2 and 4 ranks (oversubscribed) as on one.
petnet_add_test(test_allen_cahn_2d_homotopy SOURCES test_allen_cahn_2d_homotopy.cpp RANKS 1 2 4 TIMEOUT 120)

# Bad input for the homotopy options and the starting-point file.
petnet_add_cli_test(ac2d_cli_bad_predictor EXPECT_FAIL REGEX "-hom_predictor must be tangent, secant or none, got spline"
                    PREFIX ${_ac2}/o3 ARGS -problem allen_cahn_2d -sample_n_res 100 -pde_ref_n 0
                    -hom_predictor spline -output ${_ac2}/o3)
petnet_add_cli_test(ac2d_cli_bad_tangent_rcond EXPECT_FAIL REGEX "-hom_tangent_rcond must be in .0, 1., got -1"
                    PREFIX ${_ac2}/o4 ARGS -problem allen_cahn_2d -sample_n_res 100 -pde_ref_n 0
                    -hom_tangent_rcond -1 -output ${_ac2}/o4)
petnet_add_cli_test(ac2d_cli_missing_init_file EXPECT_FAIL REGEX "-nn_init_file .*nothere.h5: no such file" PREFIX ${_ac2}/o5
                    ARGS -problem allen_cahn_2d -sample_n_res 100 -pde_ref_n 0 -nn_init_file ${_ac2}/nothere.h5
                    -output ${_ac2}/o5)
# a network of another size: a clear error (the file comes from a 1-hidden-layer 1D run, p = 7)
petnet_add_cli_test(ac2d_cli_tiny_net REGEX "petnet: wrote .*tiny.h5"
                    ARGS -problem allen_cahn_1d -method adam -adam_max_it 1 -nn_hidden 2 -output ${_ac2}/tiny)
petnet_add_cli_test(ac2d_cli_init_file_wrong_size EXPECT_FAIL REGEX "-nn_init_file .*tiny.h5 holds 7 parameters"
                    PREFIX ${_ac2}/o6 ARGS -problem allen_cahn_2d -sample_n_res 100 -pde_ref_n 0
                    -nn_init_file ${_ac2}/tiny.h5 -output ${_ac2}/o6)
set_tests_properties(ac2d_cli_tiny_net PROPERTIES FIXTURES_SETUP ac2d_tiny)
set_tests_properties(ac2d_cli_init_file_wrong_size PROPERTIES FIXTURES_REQUIRED ac2d_tiny)

# The decks as shipped with a coarser reference (201^2) and evaluation grid: the paper's
# accuracy target must hold for the plain MLP with the phase condition and its tilt rows
# (without the tilt rows the same run ends at 2.3e-2, without any phase rows at 6.3e-2)
# and for the network odd in x and y (mirror images folded to one quadrant).
foreach(_deck plain parity)
  set(_file ${PROJECT_SOURCE_DIR}/inputs/allen_cahn_2d.yaml)
  if(_deck STREQUAL "parity")
    set(_file ${PROJECT_SOURCE_DIR}/inputs/allen_cahn_2d_parity.yaml)
  endif()
  add_test(NAME pinn_deck_allen_cahn_2d_${_deck}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/run_and_check.sh ${_ac2}/${_deck} "l2re<=8.78e-3" --
                   ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} 2 ${MPIEXEC_PREFLAGS} $<TARGET_FILE:petnet>
                   -options_file_yaml ${_file} -hom_monitor 0 -pde_ref_n 201 -eval_n 101 -output ${_ac2}/${_deck})
  set_tests_properties(pinn_deck_allen_cahn_2d_${_deck} PROPERTIES ENVIRONMENT "${PETNET_TEST_ENV}" PROCESSORS 2
                       TIMEOUT 600 LABELS "deck")
endforeach()
# Bad network parity: wrong count, unknown word, and folding where the problem keeps no symmetry.
petnet_add_cli_test(ac2d_cli_parity_count EXPECT_FAIL REGEX "parity 'odd' has 1 entries, the problem has 2 coordinates"
                    PREFIX ${_ac2}/o7 ARGS -problem allen_cahn_2d -sample_n_res 100 -pde_ref_n 0 -nn_parity odd
                    -output ${_ac2}/o7)
petnet_add_cli_test(ac2d_cli_parity_word EXPECT_FAIL REGEX "parity must be none, even or odd per coordinate, got 'odd,up'"
                    PREFIX ${_ac2}/o8 ARGS -problem allen_cahn_2d -sample_n_res 100 -pde_ref_n 0 -nn_parity odd,up
                    -output ${_ac2}/o8)
petnet_add_cli_test(ac2d_cli_fold_without_symmetry EXPECT_FAIL REGEX "-sample_fold needs -nn_parity set, and allen_cahn_1d keeps no such symmetry"
                    PREFIX ${_ac2}/o9 ARGS -problem allen_cahn_1d -nn_parity odd -sample_fold true -output ${_ac2}/o9)
