# scripts/petnet-plot on small outputs (label plot): the fields and the convergence
# history of a 1D PINN path, a 2D PINN, a trSQP space-time run, an operator and a Ritz run
# become PNGs; a missing file is one error line. Skipped without a python3 that imports
# h5py and matplotlib (optional for users; Debian: python3-h5py python3-matplotlib).
set(_plot_py ${PETNET_PYTHON_H5})
set(_pl ${CMAKE_BINARY_DIR}/plot_tests)
file(MAKE_DIRECTORY ${_pl})
function(petnet_add_plot_test name ranks)
  add_test(NAME ${name}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/plot_check.sh ${_plot_py} ${PROJECT_SOURCE_DIR}/scripts/petnet-plot
                   ${_pl}/${name} fields history --
                   ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${ranks} ${MPIEXEC_PREFLAGS} $<TARGET_FILE:petnet>
                   ${ARGN} -output ${_pl}/${name}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(${name} PROPERTIES ENVIRONMENT "${PETNET_TEST_ENV}" PROCESSORS ${ranks} TIMEOUT 120
                       SKIP_RETURN_CODE 77 LABELS "plot")
endfunction()
# the runs of tests/output.cmake
petnet_add_plot_test(plot_pinn_1d 2 ${_out_ac1d})
petnet_add_plot_test(plot_pinn_2d 1 ${_out_ac2d})
petnet_add_plot_test(plot_trsqp 1 ${_out_trsqp})
petnet_add_plot_test(plot_operator_2d 1 ${_out_op2d})
petnet_add_plot_test(plot_ritz 1 ${_out_ritz})
