// The gzip stream Packer 1.6.6 writes (klauspost/pgzip 1.2.5 with SetConcurrency(500000, ...), BSD-3-Clause):
// the input cut into 500000-byte blocks, each deflated on its own with the previous block's last 16 KiB as
// dictionary and ended by a sync flush, the last one also closing the stream. Blocks are compressed on all
// cores; the output is byte-identical to Packer's.
#pragma once

#include <memory>

#include "util/stream_compress.hpp"

namespace kiln::codec {

// level: 1-9 or -1 (default, deflate level 5), as given to pgzip; threads 0 = all cores.
std::unique_ptr<StreamCompressor> make_pgzip_writer(ByteSinkFn sink, int level, unsigned threads = 0);

}  // namespace kiln::codec
