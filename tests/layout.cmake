# The layout of src/ (docs/ARCHITECTURE.md): the include rule between layers, the size
# limits of files and functions, and the formatting by .clang-format.
foreach(check layers sizes)
  add_test(NAME layout_${check}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/layout_check.sh
                   ${PROJECT_SOURCE_DIR}/scripts/check_${check}.sh ${PROJECT_SOURCE_DIR}/src)
  set_tests_properties(layout_${check} PROPERTIES LABELS "layout" TIMEOUT 120)
endforeach()
add_test(NAME layout_format COMMAND bash ${PROJECT_SOURCE_DIR}/scripts/check_format.sh ${PROJECT_SOURCE_DIR})
set_tests_properties(layout_format PROPERTIES LABELS "layout" TIMEOUT 300 SKIP_RETURN_CODE 77)
