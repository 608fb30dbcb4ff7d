// The tar header Packer's compress post-processor writes for a file: Go's tar.FileInfoHeader of
// its stat (owner names looked up as Go's cgo os/user does, device numbers as on Linux) with
// Format = FormatGNU and the times zeroed (Packer's setHeaderFormat).
// After Go 1.19's archive/tar (BSD-style licence, Copyright 2009 The Go Authors).
#pragma once

#include <sys/stat.h>

#include <string>

#include "codec/go_tar_writer.hpp"

namespace kiln::codec {

// `st` from stat(), which follows symlinks, as Packer's os.Open + Stat does. `name` is the member
// name; a directory gets a trailing '/' as in Go. Throws for sockets.
TarHeader go_file_info_header(const std::string& name, const struct stat& st);

}  // namespace kiln::codec
