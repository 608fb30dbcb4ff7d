#include "util/fd.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace kiln {

Fd::~Fd() {
  if (fd >= 0) ::close(fd);
}

int write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t wrote = ::write(fd, data.data(), data.size());
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote < 0) return errno;
    data.remove_prefix(static_cast<size_t>(wrote));
  }
  return 0;
}

int send_all(int socket, std::string_view data) {
  while (!data.empty()) {
    ssize_t sent = ::send(socket, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent < 0) return errno;
    data.remove_prefix(static_cast<size_t>(sent));
  }
  return 0;
}

}  // namespace kiln
