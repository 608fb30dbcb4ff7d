// POSIX file descriptors: ownership and complete writes.
#pragma once

#include <string_view>

namespace kiln {

// Owns a file descriptor (-1 for none) and closes it when it goes out of scope.
struct Fd {
  explicit Fd(int descriptor) : fd(descriptor) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd();
  int fd;
};

// Writes all of `data`, through short writes and EINTR; returns 0, or the errno that stopped it.
int write_all(int fd, std::string_view data);
// write_all for a socket: a peer that is gone gives EPIPE, never a SIGPIPE to the host process.
int send_all(int socket, std::string_view data);

}  // namespace kiln
