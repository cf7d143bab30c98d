# CMake toolchain file for cVM images (docs/ivcc.md "Building existing
# projects"):
#   cmake -DCMAKE_TOOLCHAIN_FILE=/path/to/intravisor/cmake/ivcc.cmake SRC
# ivcc is the C compiler; libraries and headers are looked for only in the
# cVM sysroot and in IVCC_PREFIX (a list of prefixes where libraries built
# with ivcc are installed), never in the host's /usr.  This is not a cross
# toolchain: with `intravisor binfmt install` the images run like programs,
# so try_run, check_c_source_runs and ctest run them as CMake expects.
get_filename_component(_ivcc_root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
set(IVCC_BIN "${_ivcc_root}/build/bin" CACHE PATH "directory holding ivcc and intravisor")
set(IVCC_PREFIX "" CACHE STRING "prefixes of libraries built with ivcc")
set(CMAKE_C_COMPILER "${IVCC_BIN}/ivcc")
get_filename_component(_ivcc_sysroot "${IVCC_BIN}/../sysroot" ABSOLUTE)
set(CMAKE_FIND_ROOT_PATH "${_ivcc_sysroot}" ${IVCC_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER) # build tools are the host's
# ivcc answers -shared with a relocatable object (docs/ivcc.md); static
# libraries are what cVM images link in the end.
set(BUILD_SHARED_LIBS OFF CACHE BOOL "")
