#include "util/read_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "kiln/error.hpp"
#include "util/fd.hpp"

namespace kiln {

std::string read_input_file(const std::string& path, const char* what) {
  auto fail = [&](int err) {
    return Error(fmt::format("cannot read {} {}: {}", what, path, std::strerror(err)), ErrorCode::NotFound);
  };
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
  Fd file(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (file.fd < 0) throw fail(errno);
  struct stat st {};
  if (::fstat(file.fd, &st) != 0) throw fail(errno);
  if (S_ISDIR(st.st_mode)) throw fail(EISDIR);
  // Reads block again, so a writer that is there but slow is waited for; with no writer, EOF.
  if (::fcntl(file.fd, F_SETFL, ::fcntl(file.fd, F_GETFL) & ~O_NONBLOCK) != 0) throw fail(errno);
  std::string text;
  char buf[1 << 16];
  while (true) {
    ssize_t n = ::read(file.fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw fail(errno);
    if (n == 0) return text;
    if (text.size() + static_cast<size_t>(n) > kMaxInputFile) throw fail(EFBIG);
    text.append(buf, static_cast<size_t>(n));
  }
}

}  // namespace kiln
