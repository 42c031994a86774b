# MuJoCo, the physics of the locomotion bodies: the C library at one pinned version, from
# PyPI's `mujoco` wheel (it ships libmujoco.so and include/mujoco/*.h; scripts/setup
# installs it for python3) or from -DMUJOCO_DIR (a folder holding include/mujoco/mujoco.h
# and the library). Pinned because the Gymnasium equality tests compare against the same
# library, and because another MuJoCo computes other bits. Without it the build goes on
# and the MuJoCo environments say, in one line, how to get it.
# Sets INNATE_MUJOCO_VERSION, INNATE_MUJOCO_FOUND and, when found, mujoco::mujoco.
set(INNATE_MUJOCO_VERSION 3.14.0)
string(REPLACE "." ";" _mj_parts ${INNATE_MUJOCO_VERSION})
list(GET _mj_parts 0 _mj_major)
list(GET _mj_parts 1 _mj_minor)
list(GET _mj_parts 2 _mj_patch)
math(EXPR _mj_header "${_mj_major} * 1000000 + ${_mj_minor} * 1000 + ${_mj_patch}")

set(MUJOCO_DIR "" CACHE PATH "MuJoCo ${INNATE_MUJOCO_VERSION} (include/mujoco/mujoco.h and the library); empty: python3's mujoco wheel")
option(INNATE_WITH_MUJOCO "build the MuJoCo locomotion environments when MuJoCo ${INNATE_MUJOCO_VERSION} is found" ON)
set(INNATE_MUJOCO_FOUND OFF)
if(INNATE_WITH_MUJOCO)
  set(_mj_dir "${MUJOCO_DIR}")
  if(NOT _mj_dir)
    if(Python_EXECUTABLE)
      set(_mj_python ${Python_EXECUTABLE})
    else()
      find_program(_mj_python NAMES python3)
    endif()
    if(_mj_python)
      execute_process(COMMAND ${_mj_python} -c "import mujoco, os; print(os.path.dirname(mujoco.__file__), end='')"
                      OUTPUT_VARIABLE _mj_dir RESULT_VARIABLE _mj_rc ERROR_QUIET)
      if(NOT _mj_rc EQUAL 0)
        set(_mj_dir "")
      endif()
    endif()
  endif()
  if(_mj_dir AND EXISTS "${_mj_dir}/include/mujoco/mujoco.h")
    file(STRINGS "${_mj_dir}/include/mujoco/mujoco.h" _mj_line REGEX "^#define mjVERSION_HEADER [0-9]+")
    string(REGEX MATCH "[0-9]+$" _mj_found "${_mj_line}")
    file(GLOB _mj_library "${_mj_dir}/libmujoco.so.${INNATE_MUJOCO_VERSION}" "${_mj_dir}/lib/libmujoco.so.${INNATE_MUJOCO_VERSION}"
         "${_mj_dir}/lib/libmujoco.so")
    if(NOT _mj_found EQUAL _mj_header)
      message(WARNING "innate: MuJoCo in ${_mj_dir} is version ${_mj_found}, not ${INNATE_MUJOCO_VERSION}: "
                      "building without the MuJoCo environments (python3 -m pip install mujoco==${INNATE_MUJOCO_VERSION})")
    elseif(NOT _mj_library)
      message(WARNING "innate: no libmujoco.so.${INNATE_MUJOCO_VERSION} in ${_mj_dir}: building without MuJoCo")
    else()
      list(GET _mj_library 0 _mj_library)
      add_library(mujoco::mujoco SHARED IMPORTED)
      set_target_properties(mujoco::mujoco PROPERTIES IMPORTED_LOCATION "${_mj_library}"
                            INTERFACE_INCLUDE_DIRECTORIES "${_mj_dir}/include")
      get_filename_component(INNATE_MUJOCO_LIBRARY_DIR "${_mj_library}" DIRECTORY)
      set(INNATE_MUJOCO_FOUND ON)
    endif()
  endif()
endif()
if(INNATE_MUJOCO_FOUND)
  message(STATUS "innate: MuJoCo ${INNATE_MUJOCO_VERSION} (${_mj_library})")
else()
  message(STATUS "innate: MuJoCo not found (scripts/setup installs PyPI's mujoco==${INNATE_MUJOCO_VERSION}): "
                 "building without the MuJoCo environments")
endif()
