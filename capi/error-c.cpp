// kiln_last_error and friends: one error slot per thread, and the exception barrier's classification.
#include <cstdlib>
#include <string>
#include <system_error>

#include "capi/internal.hpp"

namespace kiln::capi {
namespace {

struct ErrorSlot {
  std::string message;
  kiln_error error{KILN_OK, "", KILN_ERROR_CLASS_NONE};
};
thread_local ErrorSlot tls_error;
const kiln_error oom_error{KILN_ERROR, "out of memory", KILN_ERROR_CLASS_NOMEMORY};
thread_local bool tls_oom = false;

}  // namespace

int set_error(int code, int klass, const char* message) noexcept {
  try {
    tls_error.message = message ? message : "";
    tls_error.error = kiln_error{code, tls_error.message.c_str(), klass};
    tls_oom = false;
  } catch (...) {
    tls_oom = true;
  }
  return code;
}

int set_error(int code, const char* message) noexcept {
  return set_error(code, error_class(static_cast<ErrorCode>(code)), message);
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

int error_class(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::NotFound: return KILN_ERROR_CLASS_OS;
    case ErrorCode::Invalid:
    case ErrorCode::Version:
    case ErrorCode::Exists: return KILN_ERROR_CLASS_INVALID;
    case ErrorCode::User: return KILN_ERROR_CLASS_PLUGIN;
    case ErrorCode::Template: return KILN_ERROR_CLASS_TEMPLATE;
    case ErrorCode::Config: return KILN_ERROR_CLASS_CONFIG;
    case ErrorCode::Comm: return KILN_ERROR_CLASS_COMM;
    case ErrorCode::Remote: return KILN_ERROR_CLASS_NET;
    case ErrorCode::Build: return KILN_ERROR_CLASS_BUILD;
    case ErrorCode::Error:
    case ErrorCode::Cancelled: return KILN_ERROR_CLASS_NONE;
  }
  return KILN_ERROR_CLASS_NONE;
}

int set_current_exception() noexcept {
  try {
    throw;
  } catch (const Error& e) {
    return set_error(static_cast<int>(e.code()), error_class(e.code()), e.what());
  } catch (const std::bad_alloc&) {
    return set_oom();
  } catch (const std::system_error& e) {  // filesystem_error too
    return set_error(KILN_ERROR, KILN_ERROR_CLASS_OS, e.what());
  } catch (const std::exception& e) {
    return set_error(KILN_ERROR, KILN_ERROR_CLASS_NONE, e.what());
  } catch (...) {
    return set_error(KILN_ERROR, KILN_ERROR_CLASS_NONE, "unknown error");
  }
}

std::string current_exception_text() {
  try {
    throw;
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "an exception that is not a std::exception";
  }
}

}  // namespace kiln::capi

extern "C" {

KILN_API const kiln_error* kiln_last_error(void) noexcept {
  return kiln::capi::tls_oom ? &kiln::capi::oom_error : &kiln::capi::tls_error.error;
}

KILN_API void kiln_free(void* p) noexcept { std::free(p); }

KILN_API void kiln_error_clear(void) noexcept {
  kiln::capi::tls_oom = false;
  kiln::capi::tls_error.message.clear();
  kiln::capi::tls_error.error = kiln_error{KILN_OK, "", KILN_ERROR_CLASS_NONE};
}

}  // extern "C"
