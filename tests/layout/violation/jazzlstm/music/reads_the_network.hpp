// A planted violation: the music half including the network half. check_include_rule.cmake
// must refuse this tree, which proves the rule test can fail.
#pragma once
#include <jazzlstm/nn/fake.hpp>
