# Projects outside jazzlstm prove how users consume it (tests/consumers):
#   installed      cmake --install, then find_package(jazzlstm) and jazzlstm::jazzlstm, MIDI to MIDI
#   music_only     find_package(jazzlstm COMPONENTS music) with find_package(Eigen3) disabled
#   subdirectory   add_subdirectory of the source tree, jazzlstm::nn + jazzlstm::music
#   musicxml       find_package(jazzlstm COMPONENTS musicxml): a lead sheet written, read back (.mxl too)
set(_jazzlstm_consumers "${CMAKE_CURRENT_SOURCE_DIR}/consumers")
set(_jazzlstm_corpus_mid "${PROJECT_SOURCE_DIR}/examples/data/default_corpus.mid")
if(JAZZLSTM_INSTALL)
  add_test(NAME consumer_installed
    COMMAND ${CMAKE_COMMAND} -DINSTALL_FROM=${PROJECT_BINARY_DIR}
      -DCONSUMER_SOURCE_DIR=${_jazzlstm_consumers}/installed -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/consumer_installed
      -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
      "-DRUN_ARGS=${_jazzlstm_corpus_mid}\\;${CMAKE_CURRENT_BINARY_DIR}/consumer_installed"
      "-DEXPECT_OUTPUT=jazzlstm 0\\.2: 3 epochs, loss .* notes over 44 bars written"
      -P ${_jazzlstm_consumers}/run.cmake)
  add_test(NAME consumer_music_only
    COMMAND ${CMAKE_COMMAND} -DINSTALL_FROM=${PROJECT_BINARY_DIR}
      -DCONSUMER_SOURCE_DIR=${_jazzlstm_consumers}/music_only -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/consumer_music_only
      -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
      "-DCONFIGURE_ARGS=-DCMAKE_DISABLE_FIND_PACKAGE_Eigen3=ON\\;-DCMAKE_DISABLE_FIND_PACKAGE_nlohmann_json=ON"
      "-DRUN_ARGS=${_jazzlstm_corpus_mid}"
      "-DEXPECT_OUTPUT=music-only consumer: 44 measures"
      -P ${_jazzlstm_consumers}/run.cmake)
  # Both install into their own prefixes from the same build tree; one at a time.
  set_tests_properties(consumer_installed consumer_music_only PROPERTIES RESOURCE_LOCK jazzlstm_install)
  if(TARGET jazzlstm_musicxml)
    set(_jazzlstm_mxl_expect "")
    if(JAZZLSTM_MUSICXML_READS_MXL)
      set(_jazzlstm_mxl_expect "; from \\.mxl 4 measures, 6 chords")
    endif()
    add_test(NAME consumer_musicxml
      COMMAND ${CMAKE_COMMAND} -DINSTALL_FROM=${PROJECT_BINARY_DIR}
        -DCONSUMER_SOURCE_DIR=${_jazzlstm_consumers}/musicxml -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/consumer_musicxml
        -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
        "-DRUN_ARGS=${CMAKE_CURRENT_BINARY_DIR}/consumer_musicxml"
        "-DEXPECT_OUTPUT=musicxml consumer: 4 measures, 6 chords${_jazzlstm_mxl_expect}"
        -P ${_jazzlstm_consumers}/run.cmake)
    set_tests_properties(consumer_musicxml PROPERTIES RESOURCE_LOCK jazzlstm_install LABELS consumer)
  endif()
endif()
add_test(NAME consumer_subdirectory
  COMMAND ${CMAKE_COMMAND} -DCONSUMER_SOURCE_DIR=${_jazzlstm_consumers}/subdirectory
    -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/consumer_subdirectory -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
    "-DCONFIGURE_ARGS=-DJAZZLSTM_SOURCE=${PROJECT_SOURCE_DIR}"
    "-DRUN_ARGS=${_jazzlstm_corpus_mid}"
    "-DEXPECT_OUTPUT=add_subdirectory consumer: loss"
    -P ${_jazzlstm_consumers}/run.cmake)
# They build programs of their own (unoptimised, with the compiler alone), so the sanitizer stage of tests/run.sh skips them (-LE consumer).
set_property(TEST consumer_subdirectory PROPERTY LABELS consumer)
if(JAZZLSTM_INSTALL)
  set_property(TEST consumer_installed consumer_music_only PROPERTY LABELS consumer)
endif()
