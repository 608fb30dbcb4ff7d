// The files of a box directory, made as Packer 1.6.6 makes them (os.Create: mode 0666 less the
// umask, so the box's tar headers carry the same modes as Packer's).
#pragma once

#include <string>

#include "kiln/cancel.hpp"

namespace kiln::vagrant {

// Copies the contents of `src` to `dst` (created or truncated). Throws naming the failing path.
void copy_contents(const std::string& dst, const std::string& src, const CancelToken& cancel);

// Writes `text` to `path` (created or truncated).
void write_text_file(const std::string& path, const std::string& text);

// Writes metadata.json into `dir` unless the directory already has one (an include wins, as in 1.6.6).
void write_metadata(const std::string& dir, const std::string& json);

}  // namespace kiln::vagrant
