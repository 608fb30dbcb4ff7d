// The xz stream Packer 1.6.6 writes for .xz outputs: ulikunitz/xz 0.5.6's NewWriter with its defaults
// (BSD-3-Clause): CRC64 check, a single block of LZMA2 (codec/ulikunitz_lzma2_writer.hpp) whose header
// carries no sizes, then the index and footer. Single-threaded as Packer's writer is; the output is
// byte-identical to Packer's.
#pragma once

#include <memory>

#include "util/stream_compress.hpp"

namespace kiln::codec {

std::unique_ptr<StreamCompressor> make_xz_writer(ByteSinkFn sink);

}  // namespace kiln::codec
