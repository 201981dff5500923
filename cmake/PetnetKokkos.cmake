# Find Kokkos and expose it as the target petnet::kokkos.
#
# A normal Kokkos install (4.x from Spack or source; Serial, OpenMP or CUDA) exports
# Kokkos::kokkos through find_package(Kokkos CONFIG) and is used unchanged.
#
# Debian 12 ships Kokkos 3.4.1 inside Trilinos. Its config also defines
# Kokkos::kokkos, but computes the include directory one level too high
# (/usr/lib/include, which does not exist); the headers are in
# <prefix>/include/trilinos and the libraries are trilinos_kokkos*. The shim below
# detects an include path that does not hold Kokkos_Core.hpp and repairs only that.
find_package(Kokkos CONFIG REQUIRED)

add_library(petnet_kokkos INTERFACE)
add_library(petnet::kokkos ALIAS petnet_kokkos)

if(TARGET Kokkos::kokkos)
  set(_petnet_kokkos_target Kokkos::kokkos)
elseif(TARGET trilinos_kokkoscore)
  set(_petnet_kokkos_target trilinos_kokkoscore)
else()
  message(FATAL_ERROR "Kokkos config found but it defines neither Kokkos::kokkos nor trilinos_kokkoscore")
endif()

get_target_property(_petnet_kinc ${_petnet_kokkos_target} INTERFACE_INCLUDE_DIRECTORIES)
set(_petnet_kinc_ok FALSE)
set(_petnet_kinc_good "")
if(_petnet_kinc)
  foreach(_d ${_petnet_kinc})
    if(_d MATCHES "^\\$<") # generator expression (a normal Kokkos build tree): trust it
      set(_petnet_kinc_ok TRUE)
      list(APPEND _petnet_kinc_good "${_d}")
    elseif(EXISTS "${_d}")
      list(APPEND _petnet_kinc_good "${_d}")
      if(EXISTS "${_d}/Kokkos_Core.hpp")
        set(_petnet_kinc_ok TRUE)
      endif()
    endif()
  endforeach()
endif()

if(_petnet_kinc_ok)
  message(STATUS "Kokkos ${Kokkos_VERSION} (devices: ${Kokkos_DEVICES}) via ${_petnet_kokkos_target}")
  target_link_libraries(petnet_kokkos INTERFACE ${_petnet_kokkos_target})
else()
  find_path(PETNET_KOKKOS_INCLUDE_DIR Kokkos_Core.hpp
    HINTS ${Kokkos_INCLUDE_DIRS}
    PATHS /usr/include/trilinos /usr/local/include/trilinos
    REQUIRED)
  set_target_properties(${_petnet_kokkos_target} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${_petnet_kinc_good}")
  if(TARGET Kokkos::kokkos)
    # Debian's target also lists a stray "-DKOKKOS_DEPENDENCE" as a link item.
    get_target_property(_petnet_klibs Kokkos::kokkos INTERFACE_LINK_LIBRARIES)
    list(FILTER _petnet_klibs EXCLUDE REGEX "^-D")
    set_target_properties(Kokkos::kokkos PROPERTIES INTERFACE_LINK_LIBRARIES "${_petnet_klibs}")
  endif()
  target_include_directories(petnet_kokkos SYSTEM INTERFACE ${PETNET_KOKKOS_INCLUDE_DIR})
  target_link_libraries(petnet_kokkos INTERFACE ${_petnet_kokkos_target})
  message(STATUS "Kokkos ${Kokkos_VERSION} (devices: ${Kokkos_DEVICES}): repaired packaged config, "
                 "headers in ${PETNET_KOKKOS_INCLUDE_DIR}")
endif()
