// Reading a whole input file (template, var file) without ever blocking on it.
#pragma once

#include <string>

namespace kiln {

// The contents of `path`. A FIFO is opened without waiting for a writer: with none, it reads as
// empty; with one (a shell's <(…)), it is read to its end. Throws Error(NotFound) naming `what` and
// the path when the file is missing, a directory or unreadable, or larger than kMaxInputFile bytes.
std::string read_input_file(const std::string& path, const char* what);

inline constexpr size_t kMaxInputFile = size_t{1} << 30;

}  // namespace kiln
