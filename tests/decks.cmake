# Every shipped deck end to end (label decks), shortened by its line in tests/decks.txt:
#  - deck_<name>: the run's PREFIX.json validates against docs/summary.schema.json, its
#    provenance agrees with the HDF5 file's /run, every dataset has its attributes, the
#    XDMF sidecar names the table's grids and their fields (none: no sidecar), and
#    petnet-plot writes its two PNGs (tests/deck_check.sh). Skipped without a python that
#    imports jsonschema, h5py and matplotlib (Debian: python3-jsonschema python3-h5py
#    python3-matplotlib).
#  - deck_<name>_missing: fails for a deck of inputs/ with no line in the table, and
#    decks_table checks the same when it runs (a deck added since CMake last globbed).
#  - summary_schema_reference_2d, _checkpoint, _restart, _operator_evaluate: the same
#    checks on the summary of a -reference run, of a run keeping checkpoints, of its
#    restart and of -method evaluate with -nn_init_file and -op_test_file.
#  - decks_schema_mutants: the schema check bites: summaries of three kinds and the
#    restarted run's pass it, and their mutants (a required key deleted, a wrong type, a bare NaN, ...) fail it.
set(_dk ${CMAKE_BINARY_DIR}/deck_tests)
file(MAKE_DIRECTORY ${_dk})
set(_dk_schema ${PROJECT_SOURCE_DIR}/docs/summary.schema.json)
set(_dk_table ${CMAKE_CURRENT_SOURCE_DIR}/decks.txt)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_dk_table})
set(_dk_versions "${PETSC_VERSION},${HDF5_VERSION},${Kokkos_VERSION}")
petnet_find_python(_dk_py "import jsonschema, h5py, matplotlib")

file(STRINGS ${_dk_table} _dk_lines REGEX "^[^#]")
set(_dk_names)
foreach(_line ${_dk_lines})
  separate_arguments(_w UNIX_COMMAND "${_line}")
  list(LENGTH _w _len)
  if(_len LESS 3)
    message(FATAL_ERROR "tests/decks.txt: \"${_line}\" is not DECK RANKS GRIDS OPTIONS...")
  endif()
  list(POP_FRONT _w _name _ranks _grids)
  list(APPEND _dk_names ${_name})
  set(_opts_${_name} ${_w})
  set(_ranks_${_name} ${_ranks})
  set(_grids_${_name} ${_grids})
endforeach()

# petnet_add_deck_test(NAME DECK RANKS GRIDS PNGS OPTIONS...): DECK with OPTIONS through
# tests/deck_check.sh, petnet-plot writing PNGS (fields,history); fixture NAME (its
# PREFIX.json for decks_schema_mutants).
function(petnet_add_deck_test name deck ranks grids pngs)
  set(_pre ${_dk}/${name})
  add_test(NAME ${name}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/deck_check.sh ${_dk_py} ${PROJECT_SOURCE_DIR}/scripts/petnet-plot
                   $<TARGET_FILE:h5_describe> ${_dk_schema} ${_dk_versions} ${_pre} ${ranks} ${grids} ${pngs} --
                   ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${ranks} ${MPIEXEC_PREFLAGS} $<TARGET_FILE:petnet>
                   -options_file_yaml ${deck} ${ARGN} -output ${_pre}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(${name} PROPERTIES ENVIRONMENT "${PETNET_TEST_ENV}" PROCESSORS ${ranks} TIMEOUT 120
                       SKIP_RETURN_CODE 77 LABELS "decks" FIXTURES_SETUP ${name})
endfunction()

file(GLOB _dk_decks CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/inputs/*.yaml)
foreach(_deck ${_dk_decks})
  get_filename_component(_name ${_deck} NAME_WE)
  if(NOT _name IN_LIST _dk_names)
    add_test(NAME deck_${_name}_missing
             COMMAND bash -c "echo 'inputs/${_name}.yaml has no line in tests/decks.txt (its shortened run)'; exit 1")
    set_tests_properties(deck_${_name}_missing PROPERTIES LABELS "decks")
    continue()
  endif()
  petnet_add_deck_test(deck_${_name} ${_deck} ${_ranks_${_name}} ${_grids_${_name}} fields,history
                       ${_opts_${_name}})
endforeach()
# The summary's variants no deck writes: a -reference run (no solve), a run that keeps
# checkpoints and its restart, an operator evaluated from a file on a file's inputs.
petnet_add_deck_test(summary_schema_reference_2d ${PROJECT_SOURCE_DIR}/inputs/allen_cahn_2d.yaml 1 eval,reference fields
                     -reference -pde_ref_n 17 -eval_n 9 -hom_monitor 0)
petnet_add_deck_test(summary_schema_checkpoint ${PROJECT_SOURCE_DIR}/inputs/ritz_exp.yaml 1 - fields,history
                     -ritz_iterations 5                      -checkpoint_every 2 -checkpoint_file ${_dk}/summary_schema_checkpoint.ckpt.h5)
petnet_add_deck_test(summary_schema_restart ${PROJECT_SOURCE_DIR}/inputs/ritz_exp.yaml 1 - fields,history
                     -ritz_iterations 5 -restart ${_dk}/summary_schema_checkpoint.ckpt.h5)
set_tests_properties(summary_schema_restart PROPERTIES FIXTURES_REQUIRED summary_schema_checkpoint)
set(_dk_op ${_dk}/deck_allen_cahn_2d_operator.h5)
petnet_add_deck_test(summary_schema_operator_evaluate ${PROJECT_SOURCE_DIR}/inputs/allen_cahn_2d_operator.yaml 1 test0,test1,test2
                     fields -op_n_train 5 -op_n_test 3 -op_m 9 -nn_branch 16,16 -nn_trunk 16,16 -nn_features 8
                     -pde_eps 0.5 -method evaluate -nn_init_file ${_dk_op} -op_test_file ${_dk_op})
set_tests_properties(summary_schema_operator_evaluate PROPERTIES FIXTURES_REQUIRED deck_allen_cahn_2d_operator)
add_test(NAME decks_table COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/decks_table.sh ${PROJECT_SOURCE_DIR}/inputs
                                  ${_dk_table})
set_tests_properties(decks_table PROPERTIES LABELS "decks")

set(_dk_mutants deck_allen_cahn_1d deck_ritz_exp_adaptive deck_trsqp_transport summary_schema_restart)
set(_dk_files)
foreach(_name ${_dk_mutants})
  list(APPEND _dk_files ${_dk}/${_name}.json)
endforeach()
add_test(NAME decks_schema_mutants COMMAND ${_dk_py} ${CMAKE_CURRENT_SOURCE_DIR}/schema_mutants.py ${_dk_schema}
                                           ${_dk_files})
set_tests_properties(decks_schema_mutants PROPERTIES LABELS "decks" FIXTURES_REQUIRED "${_dk_mutants}"
                     SKIP_RETURN_CODE 77)
