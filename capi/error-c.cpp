// kiln_last_error and friends: one error slot per thread.
#include <cstdlib>
#include <string>

#include "capi/internal.hpp"
#include "kiln/version.hpp"

namespace kiln::capi {
namespace {

struct ErrorSlot {
  std::string message;
  kiln_error error{KILN_OK, ""};
};
thread_local ErrorSlot tls_error;
const kiln_error oom_error{KILN_ERROR, "out of memory"};
thread_local bool tls_oom = false;

}  // namespace

int set_error(int code, const char* message) noexcept {
  try {
    tls_error.message = message ? message : "";
    tls_error.error = kiln_error{code, tls_error.message.c_str()};
    tls_oom = false;
  } catch (...) {
    tls_oom = true;
  }
  return code;
}

int invalid(const char* what) noexcept {
  std::string message = "invalid argument: ";
  try {
    message += what;
    message += " is NULL";
  } catch (...) {
    return set_oom();
  }
  return set_error(KILN_EINVALID, message.c_str());
}

int set_oom() noexcept {
  tls_oom = true;
  return KILN_ERROR;
}

}  // namespace kiln::capi

extern "C" {

KILN_API const char* kiln_version(void) { return kiln::version; }

KILN_API const kiln_error* kiln_last_error(void) {
  return kiln::capi::tls_oom ? &kiln::capi::oom_error : &kiln::capi::tls_error.error;
}

KILN_API void kiln_free(void* p) { std::free(p); }

KILN_API void kiln_error_clear(void) {
  kiln::capi::tls_oom = false;
  kiln::capi::tls_error.message.clear();
  kiln::capi::tls_error.error = kiln_error{KILN_OK, ""};
}

}  // extern "C"
