# Third-party libraries, linked statically by default (issue 13 §3): the
# release binary then needs only the C library, so `build/modelshift` runs on
# a machine with none of libre2, libyaml-cpp or Boost installed (any Linux of
# its architecture with glibc >= the build machine's). Debian ships the
# static archives with the -dev packages this build already needs.
# -DMODELSHIFT_STATIC=OFF links the shared libraries instead (faster links
# for development, smaller binary, but tied to this machine's versions).
#
# Defines MS_THIRD_PARTY_LIBS (for target_link_libraries) and the function
# ms_static_runtime(TARGET), which adds -static-libstdc++ -static-libgcc to a
# program when MODELSHIFT_STATIC is on.
option(MODELSHIFT_STATIC "Link RE2, yaml-cpp, Boost and the C++ runtime statically" ON)

find_package(PkgConfig REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)  # header-only
find_package(Threads REQUIRED)             # part of glibc since 2.34

if(MODELSHIFT_STATIC)
  set(Boost_USE_STATIC_LIBS ON)
  find_package(Boost 1.74 REQUIRED COMPONENTS filesystem)
  pkg_check_modules(RE2 REQUIRED re2)
  find_package(yaml-cpp REQUIRED)  # for its include directory only
  # find_library prefers the shared object; ask for the archives by name, and
  # fail at configure time (not with a dynamic binary) when one is missing.
  # RE2's own static dependencies come from `pkg-config --static` (none on
  # Debian 12; abseil's libraries where RE2 is built on abseil), in its order.
  set(ms_re2_deps ${RE2_STATIC_LIBRARIES})
  list(REMOVE_ITEM ms_re2_deps re2 pthread)
  set(ms_re2_dep_archives)
  foreach(lib re2 yaml-cpp ${ms_re2_deps})
    string(MAKE_C_IDENTIFIER ${lib} var)
    find_library(MS_STATIC_${var} NAMES lib${lib}.a HINTS ${RE2_STATIC_LIBRARY_DIRS} ${RE2_LIBRARY_DIRS})
    if(NOT MS_STATIC_${var})
      message(FATAL_ERROR "MODELSHIFT_STATIC: lib${lib}.a not found (install its -dev package, "
                          "or configure with -DMODELSHIFT_STATIC=OFF)")
    endif()
    if(NOT lib STREQUAL "re2" AND NOT lib STREQUAL "yaml-cpp")
      list(APPEND ms_re2_dep_archives ${MS_STATIC_${var}})
    endif()
  endforeach()
  add_library(ms_re2 STATIC IMPORTED)
  set_target_properties(ms_re2 PROPERTIES
    IMPORTED_LOCATION ${MS_STATIC_re2}
    INTERFACE_INCLUDE_DIRECTORIES "${RE2_INCLUDE_DIRS}"
    INTERFACE_COMPILE_OPTIONS "${RE2_CFLAGS_OTHER}"
    INTERFACE_LINK_LIBRARIES "${ms_re2_dep_archives};Threads::Threads")
  get_target_property(ms_yaml_includes yaml-cpp INTERFACE_INCLUDE_DIRECTORIES)
  add_library(ms_yaml_cpp STATIC IMPORTED)
  set_target_properties(ms_yaml_cpp PROPERTIES
    IMPORTED_LOCATION ${MS_STATIC_yaml_cpp}
    INTERFACE_INCLUDE_DIRECTORIES "${ms_yaml_includes}")
  set(MS_THIRD_PARTY_LIBS ms_re2 ms_yaml_cpp nlohmann_json::nlohmann_json Boost::filesystem Threads::Threads)
else()
  find_package(Boost 1.74 REQUIRED COMPONENTS filesystem)
  pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
  find_package(yaml-cpp REQUIRED)
  set(MS_THIRD_PARTY_LIBS PkgConfig::RE2 yaml-cpp nlohmann_json::nlohmann_json Boost::filesystem Threads::Threads)
endif()

function(ms_static_runtime target)
  if(MODELSHIFT_STATIC)
    target_link_options(${target} PRIVATE -static-libstdc++ -static-libgcc)
  endif()
endfunction()
