// The lz4 frame Packer 1.6.6 writes for .lz4 outputs (pierrec/lz4 2.5.2's Writer as makeLZ4Writer sets it
// up, BSD-3-Clause): 4 MiB independent blocks, a content checksum and no block checksums or content
// size; each block compressed (fast, or HC searching `level` chain entries deep) or stored when that
// does not shrink it. Single-threaded as Packer's writer is; the output is byte-identical to Packer's.
#pragma once

#include <memory>

#include "util/stream_compress.hpp"

namespace kiln::codec {

// level: pierrec's CompressionLevel; 0 = the fast compressor, above 0 = HC with that depth.
std::unique_ptr<StreamCompressor> make_lz4_frame_writer(ByteSinkFn sink, int level);

}  // namespace kiln::codec
