# The bad-input suite (label badinput): every case of bad_input.txt runs the driver on one
# hostile input and must end with one "petnet: error:" line matching its regex, a
# non-zero exit, and nothing written under its output prefix (cli_check.sh fail mode),
# within seconds: each error comes before any real work. Every case runs under
# `timeout`, so an input that blocks (a FIFO) fails instead of hanging the suite.
#
# Table lines: NAME | ARGS | REGEX [| RANKS]; '#' starts a comment line. In ARGS, @DIR@ is
# the fixture directory (bad_input_fixtures.sh) and @SRC@ the source tree. Unless ARGS
# give -output, "-output @DIR@/out/NAME" is appended and is the prefix checked; a case
# whose -output is a fixture (a symlink, a directory) is checked by bad_input_intact, which
# runs last and fails if any fixture was replaced or written through, or if anything was
# left under @DIR@/out.
add_executable(h5_fixture h5_fixture.cpp)
target_include_directories(h5_fixture SYSTEM PRIVATE ${HDF5_C_INCLUDE_DIRS})
target_compile_definitions(h5_fixture PRIVATE ${HDF5_C_DEFINITIONS})
target_link_libraries(h5_fixture PRIVATE ${HDF5_C_LIBRARIES} MPI::MPI_C)

set(_bi ${CMAKE_BINARY_DIR}/bad_input)
set(_bi_script ${CMAKE_CURRENT_SOURCE_DIR}/bad_input_fixtures.sh)
add_test(NAME bad_input_fixtures
         COMMAND bash ${_bi_script} ${_bi} $<TARGET_FILE:petnet> $<TARGET_FILE:h5_fixture>)
add_test(NAME bad_input_intact
         COMMAND bash ${_bi_script} ${_bi} $<TARGET_FILE:petnet> $<TARGET_FILE:h5_fixture> check)
set_tests_properties(bad_input_fixtures PROPERTIES FIXTURES_SETUP bad_input ENVIRONMENT "${PETNET_TEST_ENV}"
                     TIMEOUT 60 LABELS "badinput")
set_tests_properties(bad_input_intact PROPERTIES FIXTURES_CLEANUP bad_input TIMEOUT 20 LABELS "badinput")

file(STRINGS ${CMAKE_CURRENT_SOURCE_DIR}/bad_input.txt _bi_lines)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/bad_input.txt)
set(_bi_count 0)
foreach(_line IN LISTS _bi_lines)
  string(STRIP "${_line}" _line)
  if(_line STREQUAL "" OR _line MATCHES "^#")
    continue()
  endif()
  # Split at the first two " | " (a regex may contain '|'), then an optional " | RANKS".
  string(FIND "${_line}" " | " _a)
  string(SUBSTRING "${_line}" 0 ${_a} _name)
  math(EXPR _a "${_a} + 3")
  string(SUBSTRING "${_line}" ${_a} -1 _rest)
  string(FIND "${_rest}" " | " _b)
  if(_a LESS 3 OR _b LESS 0)
    message(FATAL_ERROR "bad_input.txt: expected 'NAME | ARGS | REGEX', got: ${_line}")
  endif()
  string(SUBSTRING "${_rest}" 0 ${_b} _args)
  math(EXPR _b "${_b} + 3")
  string(SUBSTRING "${_rest}" ${_b} -1 _regex)
  set(_ranks 1)
  if(_regex MATCHES "^(.*) \\| ([0-9]+)$")
    set(_regex "${CMAKE_MATCH_1}")
    set(_ranks "${CMAKE_MATCH_2}")
  endif()
  string(STRIP "${_name}" _name)
  set(_limit) # @MEMLIMIT@ first in ARGS: the address space capped at 3 GB, so an allocation
  # too large fails at once (std::bad_alloc) instead of swapping the machine
  if(_args MATCHES "^ *@MEMLIMIT@ (.*)$")
    set(_args "${CMAKE_MATCH_1}")
    set(_limit prlimit --as=3000000000)
  endif()
  string(REPLACE "@DIR@" "${_bi}" _args "${_args}")
  string(REPLACE "@SRC@" "${PROJECT_SOURCE_DIR}" _args "${_args}")
  separate_arguments(_args UNIX_COMMAND "${_args}")
  list(FIND _args "-output" _o)
  if(_o LESS 0)
    set(_prefix ${_bi}/out/${_name})
    list(APPEND _args -output ${_prefix})
  else()
    set(_prefix "") # a fixture of its own: bad_input_intact checks it
  endif()
  set(_launch) # one rank: the driver alone (MPI singleton), which starts in a fraction of mpiexec's time
  if(_ranks GREATER 1)
    set(_launch ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${_ranks} ${MPIEXEC_PREFLAGS})
  endif()
  add_test(NAME bad_input_${_name}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli_check.sh fail "${_regex}" "${_prefix}" timeout 10
                   ${_limit} ${_launch} $<TARGET_FILE:petnet> ${_args}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(bad_input_${_name} PROPERTIES ENVIRONMENT "${PETNET_TEST_ENV}" PROCESSORS ${_ranks}
                       TIMEOUT 20 LABELS "badinput" FIXTURES_REQUIRED bad_input)
  math(EXPR _bi_count "${_bi_count} + 1")
endforeach()
if(_bi_count LESS 40)
  message(FATAL_ERROR "bad_input.txt has ${_bi_count} cases, the suite asks for at least 40")
endif()

# The primitives behind the suite, on real files (FIFO, symlinks, stale temporaries).
petnet_add_test(test_file_safety SOURCES test_file_safety.cpp RANKS 1 TIMEOUT 60 LABELS badinput)

# A value that once wrapped silently: -seed 4294967297 was seed 1.
add_test(NAME bad_input_seed_64bit
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/seed_64bit.sh ${CMAKE_BINARY_DIR}/seed_64bit $<TARGET_FILE:petnet>)
set_tests_properties(bad_input_seed_64bit PROPERTIES ENVIRONMENT "${PETNET_TEST_ENV}" TIMEOUT 60 LABELS "badinput")
