# Script mode: (install this build tree into a scratch prefix,) configure a consumer project,
# build it, run it. Any failure is fatal. Variables: CONSUMER_SOURCE_DIR, WORK_DIR,
# CMAKE_CXX_COMPILER, INSTALL_FROM (a jazzlstm build tree; empty: no install), CONFIGURE_ARGS and
# RUN_ARGS (;-lists), EXPECT_OUTPUT (a regular expression the run must print).
# The consumers prove that the package is found, links and works, not how fast it runs: they build
# unoptimised (-O0, no debug info), which takes a fraction of a Release build of the whole library.
file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")
function(step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "step failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(step_output "${out}" PARENT_SCOPE)
endfunction()
set(prefix_args "")
if(INSTALL_FROM)
  step(${CMAKE_COMMAND} --install "${INSTALL_FROM}" --prefix "${prefix}")
  set(prefix_args "-DCMAKE_PREFIX_PATH=${prefix}")
endif()
step(${CMAKE_COMMAND} -S "${CONSUMER_SOURCE_DIR}" -B "${WORK_DIR}/build" ${prefix_args}
     -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER} -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O0" ${CONFIGURE_ARGS})
step(${CMAKE_COMMAND} --build "${WORK_DIR}/build")
step("${WORK_DIR}/build/consumer" ${RUN_ARGS})
message(STATUS "${step_output}")
if(EXPECT_OUTPUT AND NOT step_output MATCHES "${EXPECT_OUTPUT}")
  message(FATAL_ERROR "the consumer printed:\n${step_output}\nwhich does not match ${EXPECT_OUTPUT}")
endif()
