#include "postprocessors/vagrant/box_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "kiln/error.hpp"
#include "util/fd.hpp"

namespace kiln::vagrant {
namespace {

[[noreturn]] void fail_box_file(const char* what, const std::string& path, int err) {
  throw Error(fmt::format("{} {}: {}", what, path, std::strerror(err)), ErrorCode::Build);
}

// os.Create: created with mode 0666 less the umask, or truncated. Returns the descriptor.
int create_box_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) fail_box_file("open", path, errno);
  return fd;
}

}  // namespace

void copy_contents(const std::string& dst, const std::string& src, const CancelToken& cancel) {
  Fd in(::open(src.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.fd < 0) fail_box_file("open", src, errno);
  Fd out(create_box_file(dst));
  std::vector<char> buf(1 << 20);
  while (true) {
    cancel.throw_if_cancelled();
    ssize_t n = ::read(in.fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail_box_file("read", src, errno);
    if (n == 0) break;
    if (int err = write_all(out.fd, std::string_view(buf.data(), static_cast<size_t>(n)))) fail_box_file("write", dst, err);
  }
}

void write_text_file(const std::string& path, const std::string& text) {
  Fd out(create_box_file(path));
  if (int err = write_all(out.fd, text)) fail_box_file("write", path, err);
}

void write_metadata(const std::string& dir, const std::string& json) {
  std::string path = dir + "/metadata.json";
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 || errno != ENOENT) return;
  write_text_file(path, json);
}

}  // namespace kiln::vagrant
