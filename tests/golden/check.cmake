# One golden-hash test: cmake -DINNATE=<binary> -DNAME=<name> -DSOURCE=<repo> -DWORK=<dir>
#   [-DKERNELS=<scalar|avx2|avx512>] -P check.cmake. Runs the line NAME of golden.txt (on the
# kernel path KERNELS, through INNATE_KERNELS) and compares the SHA-256 of the result.json
# it writes with the one recorded there.
file(STRINGS "${SOURCE}/tests/golden/golden.txt" lines REGEX "^${NAME} ")
list(LENGTH lines count)
if(NOT count EQUAL 1)
  message(FATAL_ERROR "golden.txt has ${count} lines named '${NAME}'")
endif()
string(REGEX REPLACE " +" ";" fields "${lines}")
list(POP_FRONT fields name expected)
file(REMOVE_RECURSE "${WORK}")
if(KERNELS)
  set(ENV{INNATE_KERNELS} "${KERNELS}")
endif()
execute_process(COMMAND "${INNATE}" run ${fields} --quiet --out "${WORK}"
                WORKING_DIRECTORY "${SOURCE}" RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "innate run ${fields} failed (exit ${rc}): ${err}")
endif()
if(KERNELS)  # the run says which path it took: the variable must have reached it
  file(READ "${WORK}/resources.json" resources)
  if(NOT resources MATCHES "\"kernels\": \"${KERNELS}\"")
    message(FATAL_ERROR "${NAME}: INNATE_KERNELS=${KERNELS}, but resources.json says otherwise:\n${resources}")
  endif()
endif()
file(SHA256 "${WORK}/result.json" actual)
if(NOT actual STREQUAL expected)
  file(READ "${WORK}/result.json" result)
  message(FATAL_ERROR "${NAME}: result.json hashes to ${actual}, golden.txt says ${expected}.\n"
    "Either this machine computes different bits (not x86-64-v3? a different compiler or "
    "Eigen?) or a change altered results; if deliberate, update golden.txt and the docs.\n${result}")
endif()
message(STATUS "${NAME}: ${actual}")
