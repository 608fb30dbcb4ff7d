// Glue shared by the C API files: the exception barrier and the thread-local last error.
#pragma once

#include <new>

#include "kiln.h"
#include "kiln/error.hpp"

namespace kiln::capi {

// Records the error for kiln_last_error() and returns `code`.
int set_error(int code, const char* message) noexcept;
int set_oom() noexcept;

}  // namespace kiln::capi

// Wraps an entry point body: returns KILN_OK, or catches everything and returns its status.
#define KILN_CAPI_GUARD(...)                                                              \
  try {                                                                                   \
    __VA_ARGS__;                                                                          \
    return KILN_OK;                                                                       \
  } catch (const kiln::Error& e) {                                                        \
    return kiln::capi::set_error(static_cast<int>(e.code()), e.what());                  \
  } catch (const std::bad_alloc&) {                                                       \
    return kiln::capi::set_oom();                                                         \
  } catch (const std::exception& e) {                                                     \
    return kiln::capi::set_error(KILN_ERROR, e.what());                                   \
  } catch (...) {                                                                         \
    return kiln::capi::set_error(KILN_ERROR, "unknown error");                            \
  }
