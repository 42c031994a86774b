# One golden-hash test: cmake -DINNATE=<binary> -DNAME=<name> -DSOURCE=<repo> -DWORK=<dir>
#   -P check.cmake. Runs the line NAME of golden.txt and compares the SHA-256 of the
# result.json it writes with the one recorded there.
file(STRINGS "${SOURCE}/tests/golden/golden.txt" lines REGEX "^${NAME} ")
list(LENGTH lines count)
if(NOT count EQUAL 1)
  message(FATAL_ERROR "golden.txt has ${count} lines named '${NAME}'")
endif()
string(REGEX REPLACE " +" ";" fields "${lines}")
list(POP_FRONT fields name expected)
file(REMOVE_RECURSE "${WORK}")
execute_process(COMMAND "${INNATE}" run ${fields} --quiet --out "${WORK}"
                WORKING_DIRECTORY "${SOURCE}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "innate run ${fields} failed (exit ${rc})")
endif()
file(SHA256 "${WORK}/result.json" actual)
if(NOT actual STREQUAL expected)
  file(READ "${WORK}/result.json" result)
  message(FATAL_ERROR "${NAME}: result.json hashes to ${actual}, golden.txt says ${expected}.\n"
    "Either this machine computes different bits (not x86-64-v3? a different compiler or "
    "Eigen?) or a change altered results; if deliberate, update golden.txt and the docs.\n${result}")
endif()
message(STATUS "${NAME}: ${actual}")
