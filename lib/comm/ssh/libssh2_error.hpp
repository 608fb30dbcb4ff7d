// The text of a libssh2 session's last error, for error messages. A failure of the connection
// itself says so: libssh2 words it after the call it was in ("channel read").
#pragma once

#include <libssh2.h>

#include <string>

namespace kiln {

inline std::string libssh2_error(LIBSSH2_SESSION* session) {
  char* msg = nullptr;
  int code = libssh2_session_last_error(session, &msg, nullptr, 0);
  std::string text = msg ? msg : "unknown error";
  if (code == LIBSSH2_ERROR_SOCKET_SEND || code == LIBSSH2_ERROR_SOCKET_RECV || code == LIBSSH2_ERROR_SOCKET_DISCONNECT)
    return "connection lost (" + text + ")";
  return text;
}

}  // namespace kiln
