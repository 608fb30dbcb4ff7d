#include "postprocessors/compress/output_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include <fmt/format.h>

#include "kiln/error.hpp"

namespace kiln {

namespace {
constexpr size_t kBufferSize = 1 << 20;
}  // namespace

void OutputFile::fail(const char* what, int err) const {
  throw Error(fmt::format("{}: cannot {} {}: {}", plugin_, what, path_, std::generic_category().message(err)), ErrorCode::Build);
}

OutputFile::OutputFile(std::string path, std::string plugin)
    : path_(std::move(path)), plugin_(std::move(plugin)),
      fd_(::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666)) {
  if (fd_.fd < 0) fail("create", errno);
  buffer_.reserve(kBufferSize);
}

void OutputFile::write(const char* data, size_t n) {
  if (buffer_.size() + n > kBufferSize) flush();
  if (n >= kBufferSize) {
    if (int err = write_all(fd_.fd, std::string_view(data, n))) fail("write", err);
    return;
  }
  buffer_.append(data, n);
}

void OutputFile::flush() {
  if (int err = write_all(fd_.fd, buffer_)) fail("write", err);
  buffer_.clear();
}

void OutputFile::close() {
  flush();
  int fd = fd_.fd;
  fd_.fd = -1;
  if (::close(fd) != 0) fail("write", errno);  // NFS and the like report late write errors here
}

}  // namespace kiln
