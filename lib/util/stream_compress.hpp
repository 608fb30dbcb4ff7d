// Output compressors for the compress post-processor: the interface, plain, and zstd with its own worker
// threads. Packer's own formats are in codec/ (pgzip_writer, bgzf_writer, lz4_frame_writer, xz_writer).
#pragma once

#include <cstdio>
#include <functional>
#include <memory>
#include <string_view>

namespace kiln {

using ByteSinkFn = std::function<void(const char* data, size_t size)>;

class StreamCompressor {
 public:
  virtual ~StreamCompressor() = default;
  virtual void write(const char* data, size_t size) = 0;
  // Flushes everything and writes the trailer; call once.
  virtual void finish() = 0;
};

std::unique_ptr<StreamCompressor> make_plain_writer(ByteSinkFn sink);
// level 1-19 (-1 = default 3); threads 0 = all cores.
std::unique_ptr<StreamCompressor> make_zstd(ByteSinkFn sink, int level, unsigned threads = 0);

}  // namespace kiln
