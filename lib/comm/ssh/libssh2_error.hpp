// The text of a libssh2 session's last error, for error messages.
#pragma once

#include <libssh2.h>

#include <string>

namespace kiln {

inline std::string libssh2_error(LIBSSH2_SESSION* session) {
  char* msg = nullptr;
  libssh2_session_last_error(session, &msg, nullptr, 0);
  return msg ? msg : "unknown error";
}

}  // namespace kiln
