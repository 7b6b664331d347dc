// Version and assertion macros shared by every jazzlstm header. Standard library only.
#pragma once

#include <cassert>

#define JAZZLSTM_VERSION_MAJOR 0
#define JAZZLSTM_VERSION_MINOR 2
#define JAZZLSTM_VERSION_PATCH 0

// Kernels are noexcept and check their preconditions only in debug builds; users may
// route the check to their own handler, as nlohmann/json allows with JSON_ASSERT.
#ifndef JAZZLSTM_ASSERT
#define JAZZLSTM_ASSERT(condition) assert(condition)
#endif
