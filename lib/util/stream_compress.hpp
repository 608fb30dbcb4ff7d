// Output compressors for the compress post-processor: plain, gzip compressed on all cores, lz4 and xz,
// byte-identical to Packer's (codec/pgzip_writer.hpp, codec/lz4_frame_writer.hpp, codec/xz_writer.hpp),
// and zstd with its own worker threads.
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
// level 1-9 (-1 = default: Packer's, deflate level 5); threads 0 = all cores.
std::unique_ptr<StreamCompressor> make_parallel_gzip(ByteSinkFn sink, int level, unsigned threads = 0);
// level 1-19 (-1 = default 3); threads 0 = all cores.
std::unique_ptr<StreamCompressor> make_zstd(ByteSinkFn sink, int level, unsigned threads = 0);
// Packer's xz (single-threaded, as Packer's is; Packer's xz takes no level).
std::unique_ptr<StreamCompressor> make_xz(ByteSinkFn sink);
// Packer's lz4 frames; level ≤ 0 = the fast default, 1-9 = lz4hc of that depth (above 9 = 9).
std::unique_ptr<StreamCompressor> make_lz4(ByteSinkFn sink, int level);
// BGZF byte-identical to Packer's (codec/bgzf_writer.hpp); level 1-9 or -1 (default, deflate level 6);
// threads 0 = all cores.
std::unique_ptr<StreamCompressor> make_bgzf(ByteSinkFn sink, int level, unsigned threads = 0);

}  // namespace kiln
