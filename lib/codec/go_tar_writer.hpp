// GNU-format tar streams laid out byte for byte as Go's archive/tar writes them for headers with
// Format = FormatGNU and zero times, which is how Packer's compress post-processor builds .tar
// outputs. After Go 1.19's archive/tar (BSD-style licence, Copyright 2009 The Go Authors).
#pragma once

#include <cstdint>
#include <string>

#include "util/stream_compress.hpp"

namespace kiln::codec {

// The header fields Go's FileInfoHeader fills from a stat; times are always zero.
struct TarHeader {
  std::string name;
  char typeflag = '0';
  int64_t mode = 0;  // permission bits with setuid, setgid and sticky; no file type bits
  int64_t uid = 0;
  int64_t gid = 0;
  int64_t size = 0;  // content bytes that follow; 0 for header-only types
  std::string uname;
  std::string gname;
  int64_t devmajor = 0;
  int64_t devminor = 0;
};

class GoTarWriter {
 public:
  explicit GoTarWriter(ByteSinkFn sink);

  // Ends the previous member, which must have had all its content, and writes `header`
  // (preceded by a GNU long-name record when the name exceeds 100 bytes).
  void add_member(const TarHeader& header);
  // Content of the last added member, in pieces of any size, passed straight to the sink.
  void write(const char* data, size_t size);
  // Ends the last member and writes the two zero blocks that end the archive; call once.
  void finish();

 private:
  void end_member();
  void pad(uint64_t zeros);

  ByteSinkFn sink_;
  uint64_t remaining_ = 0;  // content of the open member not yet written
  uint64_t padding_ = 0;    // zeros that complete its last block
};

}  // namespace kiln::codec
