// The archive a compress post-processor writes: buffered, and a failed write (a full disk, a file
// size limit) names the file and the system's reason. Writes may come from any one thread at a time.
#pragma once

#include <string>

#include "util/fd.hpp"

namespace kiln {

class OutputFile {
 public:
  explicit OutputFile(std::string path);  // creates or truncates it
  void write(const char* data, size_t n);
  // Writes what is buffered and closes the file; throws when any of it could not be written.
  void close();

 private:
  void flush();
  std::string path_;
  Fd fd_;
  std::string buffer_;
};

}  // namespace kiln
