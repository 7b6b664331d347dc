# Proves that an installed jazzlstm works through find_package from another project:
# install this build tree into a scratch prefix, then configure, build and run
# tests/cmake_consumer against it.
if(JAZZLSTM_INSTALL)
  add_test(NAME cmake_consumer
    COMMAND ${CMAKE_COMMAND}
      -DJAZZLSTM_BINARY_DIR=${PROJECT_BINARY_DIR}
      -DCONSUMER_SOURCE_DIR=${CMAKE_CURRENT_SOURCE_DIR}/cmake_consumer
      -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/cmake_consumer_work
      -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
      -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake_consumer/run.cmake)
endif()
