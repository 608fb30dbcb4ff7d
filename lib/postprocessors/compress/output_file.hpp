// The archive a post-processor (compress, vagrant) writes: buffered, and a failed write (a full disk,
// a file size limit) names the plugin, the file and the system's reason. Writes may come from any one thread at a time.
#pragma once

#include <string>

#include "util/fd.hpp"

namespace kiln {

class OutputFile {
 public:
  OutputFile(std::string path, std::string plugin);  // creates or truncates it
  void write(const char* data, size_t n);
  // Writes what is buffered and closes the file; throws when any of it could not be written.
  void close();

 private:
  void flush();
  [[noreturn]] void fail(const char* what, int err) const;
  std::string path_;
  std::string plugin_;
  Fd fd_;
  std::string buffer_;
};

}  // namespace kiln
