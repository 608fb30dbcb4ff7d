#include "util/fd.hpp"

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

}  // namespace kiln
