# ctest helper: regenerate the default corpus MIDI and compare it byte for byte with the committed file.
file(REMOVE "${OUTPUT}")
execute_process(COMMAND "${COMPOSE}" "${SOURCE}" "${OUTPUT}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "jazzlstm-compose failed (${rc}): ${err}")
endif()
message(STATUS "${out}")
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files "${OUTPUT}" "${EXPECTED}" RESULT_VARIABLE same)
if(NOT same EQUAL 0)
  file(SIZE "${OUTPUT}" new_size)
  file(SIZE "${EXPECTED}" old_size)
  message(FATAL_ERROR "regenerated ${OUTPUT} (${new_size} bytes) differs from the committed ${EXPECTED} "
    "(${old_size} bytes); run `cmake --build <build> --target update_default_corpus` and commit both files")
endif()
