# Every public header must compile on its own, and core/ and music/ must compile with no Eigen
# (nor nlohmann_json) on the include path at all: that is how the layer rule is enforced, not
# trusted. Which side a header is on follows from its folder; a top-level umbrella or forwarding
# header is on the standard-library side when everything it includes is in core/ or music/.
# They only compile, so the sanitizer build of tests/run.sh turns them off: its flags change
# nothing about whether a header stands alone.
option(JAZZLSTM_CHECK_HEADERS "Compile every public header alone (the layer rule's check)" ON)
if(NOT JAZZLSTM_CHECK_HEADERS)
  return()
endif()
file(GLOB_RECURSE jazzlstm_public_headers CONFIGURE_DEPENDS RELATIVE "${PROJECT_SOURCE_DIR}/include"
  "${PROJECT_SOURCE_DIR}/include/jazzlstm/*.hpp")
# Forwarding headers (old paths, one include each) are checked together in one translation unit
# per side: what they forward to is checked alone anyway, and 30 more compilations of Eigen would
# only cost time.
set(network_sources)
set(music_sources)
set(network_forwarders "")
set(music_forwarders "")
if(NOT TARGET pugixml::pugixml)
  list(REMOVE_ITEM jazzlstm_public_headers "jazzlstm/music/musicxml/read.hpp")
endif()
if(NOT JAZZLSTM_MUSICXML_READS_MXL)
  list(REMOVE_ITEM jazzlstm_public_headers "jazzlstm/music/musicxml/mxl.hpp")
endif()
foreach(header IN LISTS jazzlstm_public_headers)
  string(MAKE_C_IDENTIFIER "${header}" stem)
  set(tu "${CMAKE_CURRENT_BINARY_DIR}/header_check/${stem}.cpp")
  file(STRINGS "${PROJECT_SOURCE_DIR}/include/${header}" opening LIMIT_COUNT 1)
  set(forwarder OFF)
  if(opening MATCHES "^// Forwarding header")
    set(forwarder ON)
  else()
    file(CONFIGURE OUTPUT "${tu}" CONTENT "#include <${header}>\n#include <${header}> // include guard works\n")
  endif()
  set(standard_only OFF)
  if(header MATCHES "^jazzlstm/(core|music)/")
    set(standard_only ON)
  elseif(header MATCHES "^jazzlstm/[^/]+$" OR header MATCHES "^jazzlstm/layers/")
    file(STRINGS "${PROJECT_SOURCE_DIR}/include/${header}" includes REGEX "^#include <jazzlstm/")
    set(standard_only ON)
    foreach(line IN LISTS includes)
      if(NOT line MATCHES "<jazzlstm/(core|music)/")
        set(standard_only OFF)
      endif()
    endforeach()
  endif()
  if(forwarder AND standard_only)
    string(APPEND music_forwarders "#include <${header}>\n#include <${header}>\n")
  elseif(forwarder)
    string(APPEND network_forwarders "#include <${header}>\n#include <${header}>\n")
  elseif(standard_only)
    list(APPEND music_sources "${tu}")
  else()
    list(APPEND network_sources "${tu}")
  endif()
endforeach()
foreach(side music network)
  if(${side}_forwarders)
    set(tu "${CMAKE_CURRENT_BINARY_DIR}/header_check/${side}_forwarding_headers.cpp")
    file(CONFIGURE OUTPUT "${tu}" CONTENT "${${side}_forwarders}")
    list(APPEND ${side}_sources "${tu}")
  endif()
endforeach()
add_library(jazzlstm_header_check OBJECT ${network_sources})
target_link_libraries(jazzlstm_header_check PRIVATE jazzlstm::jazzlstm jazzlstm_warnings)
# These objects are never linked, so the model instantiations can stay declarations (extern):
# without that every header that constructs a solo network would compile four full models.
target_compile_definitions(jazzlstm_header_check PRIVATE JAZZLSTM_NO_MOVED_HEADER_NOTES JAZZLSTM_EXTERN_MODEL_TEMPLATES)
add_library(jazzlstm_music_header_check OBJECT ${music_sources})
target_include_directories(jazzlstm_music_header_check PRIVATE "${PROJECT_SOURCE_DIR}/include")
target_compile_features(jazzlstm_music_header_check PRIVATE cxx_std_17)
target_compile_definitions(jazzlstm_music_header_check PRIVATE JAZZLSTM_NO_MOVED_HEADER_NOTES)
target_link_libraries(jazzlstm_music_header_check PRIVATE jazzlstm_warnings)
# Whether a header stands alone is decided by the front end; optimising about 140 objects that are
# never linked was a third of the release build's CPU time (the instantiation headers alone took
# minutes each at -O3).
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(jazzlstm_header_check PRIVATE -O0)
  target_compile_options(jazzlstm_music_header_check PRIVATE -O0)
endif()

# The include rule between the folders (tests/layout/check_include_rule.cmake), and proof that
# the check fails on a tree that breaks it.
add_test(NAME layout_include_rule
  COMMAND ${CMAKE_COMMAND} -DROOT=${PROJECT_SOURCE_DIR}/include -P ${CMAKE_CURRENT_SOURCE_DIR}/layout/check_include_rule.cmake)
add_test(NAME layout_include_rule_catches_violation
  COMMAND ${CMAKE_COMMAND} -DROOT=${CMAKE_CURRENT_SOURCE_DIR}/layout/violation -P ${CMAKE_CURRENT_SOURCE_DIR}/layout/check_include_rule.cmake)
set_tests_properties(layout_include_rule_catches_violation PROPERTIES
  PASS_REGULAR_EXPRESSION "reads_the_network.hpp: includes <jazzlstm/nn/fake.hpp>, which music/ may not")
