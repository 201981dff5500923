# -help and -version (label cli): -help works for every problem x method and for every
# deck of inputs/ (each deck parses and every key is an option of its problem and method).
add_test(NAME cli_help_every_problem_method
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/help_all.sh ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} 1
                 ${MPIEXEC_PREFLAGS} $<TARGET_FILE:petnet>)
add_test(NAME cli_help_every_deck
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/deck_help.sh ${PROJECT_SOURCE_DIR}/inputs ${MPIEXEC_EXECUTABLE}
                 ${MPIEXEC_NUMPROC_FLAG} 1 ${MPIEXEC_PREFLAGS} $<TARGET_FILE:petnet>)
set_tests_properties(cli_help_every_problem_method cli_help_every_deck PROPERTIES
                     ENVIRONMENT "${PETNET_TEST_ENV}" TIMEOUT 300 LABELS "cli")
# A misspelt deck key fails under -help as it does without it.
petnet_add_cli_test(cli_help_unknown_option EXPECT_FAIL REGEX "unknown option -hom_epss0"
                    ARGS -problem allen_cahn_1d -hom_epss0 0.2 -help)
# Every option read is listed: the path's least-squares solver (-hom_ls_*, read after the
# phase-I one under the same block title, used to be left out), the driver's own options,
# and lists with their default ("none", not an uninitialised value).
petnet_add_cli_test(cli_help_lists_every_solver REGEX "-hom_ls_type <now gram"
                    ARGS -problem allen_cahn_1d -help)
petnet_add_cli_test(cli_help_lists_driver_options REGEX "-petnet_traceback"
                    ARGS -problem ritz_exp -help)
petnet_add_cli_test(cli_help_list_default REGEX "-hom_waypoints <now none"
                    ARGS -problem highfreq -help)
petnet_add_cli_test(cli_help_method_note REGEX "lists the options of this method only"
                    ARGS -problem transport -help)
# -version: petnet's version and revision, then the libraries' own version reports.
add_test(NAME cli_version
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/version_check.sh ${PROJECT_SOURCE_DIR} ${PROJECT_VERSION}
                 ${PETSC_VERSION} ${HDF5_VERSION} ${Kokkos_VERSION} ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} 2
                 ${MPIEXEC_PREFLAGS} $<TARGET_FILE:petnet>)
set_tests_properties(cli_version PROPERTIES ENVIRONMENT "${PETNET_TEST_ENV}" PROCESSORS 2 TIMEOUT 60 LABELS "cli")
