// Zip archives laid out byte for byte as Go's archive/zip writes them for Writer.Create followed
// by io.Copy from a file, which is how Packer's compress post-processor builds .zip outputs:
// deflate at Go's level 5, no timestamps, CRC and sizes in a data descriptor, zip64 records
// exactly where Go writes them. After Go 1.19's archive/zip (BSD-style licence, Copyright 2010
// The Go Authors).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "codec/go_deflate.hpp"
#include "util/stream_compress.hpp"

namespace kiln::codec {

class ZipWriter {
 public:
  // `start_offset`: where the archive begins in the output (Go's Writer.SetOffset).
  explicit ZipWriter(ByteSinkFn sink, uint64_t start_offset = 0);

  // Ends the previous member, if any, and starts `name` (a path with forward slashes).
  void add_member(const std::string& name);
  // Content of the last added member, in pieces of any size; the deflater gets io.Copy's 32 KiB reads.
  void write(const char* data, size_t size);
  // Ends the last member and writes the central directory; call once.
  void finish();

 private:
  struct Member {
    std::string name;
    uint16_t flags;
    uint32_t crc32 = 0;
    uint64_t compressed = 0;
    uint64_t uncompressed = 0;
    uint64_t offset;
    bool zip64() const;
  };

  void emit(const void* data, size_t size);
  void end_member();

  ByteSinkFn sink_;
  uint64_t written_;
  std::vector<Member> members_;
  std::unique_ptr<GoDeflater> deflater_;  // of the open member
  std::vector<uint8_t> pending_;          // its input not yet a full 32 KiB read
};

}  // namespace kiln::codec
