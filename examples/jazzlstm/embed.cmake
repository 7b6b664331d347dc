# Build step: turns a binary file into a C++ header holding its bytes, so the jazzlstm program
# carries its default corpus and works from any directory.
#   cmake -DINPUT=file.mid -DOUTPUT=header.hpp -DNAME=identifier -P embed.cmake
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" digits)
math(EXPR size "${digits} / 2")
if(size EQUAL 0)
  message(FATAL_ERROR "${INPUT} is empty")
endif()
# 24 bytes per line keeps the header readable in diffs and editors.
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){24})" "\\1\n    " bytes "${bytes}")
file(WRITE "${OUTPUT}.tmp"
"// Generated from ${INPUT} by embed.cmake; do not edit.\n"
"#pragma once\n"
"#include <cstddef>\n"
"namespace jazzlstm::app::embedded {\n"
"inline constexpr std::size_t ${NAME}_size = ${size};\n"
"inline constexpr unsigned char ${NAME}[${size}] = {\n    ${bytes}\n};\n"
"} // namespace jazzlstm::app::embedded\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
