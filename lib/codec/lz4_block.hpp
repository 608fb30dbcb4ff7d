// The two lz4 block compressors of pierrec/lz4 2.5.2 (block.go, BSD-3-Clause), which Packer 1.6.6's .lz4
// outputs use: the fast one (CompressBlock) and the high-compression one (CompressBlockHC).
// Both return what Go returns: the compressed size, or 0 when the data does not compress or the
// output would not fit in `dst_size` bytes (Go recovers from the out-of-range write and returns 0).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kiln::codec {

// CompressBlock with the writer's hash table, which is never cleared between the blocks of a frame:
// stale positions from earlier blocks are probed too, so a block's output depends on those before it.
class Lz4FastCompressor {
 public:
  size_t compress(const uint8_t* src, size_t size, uint8_t* dst, size_t dst_size);

 private:
  std::vector<int32_t> table_ = std::vector<int32_t>(1 << 16);
};

// CompressBlockHC: hash chains over a 64 KiB window, starting empty for every block; `depth` counts
// the chain entries that improve the match, not the entries visited (≤ 0: 65536).
class Lz4HcCompressor {
 public:
  size_t compress(const uint8_t* src, size_t size, uint8_t* dst, size_t dst_size, int depth);

 private:
  std::vector<int32_t> head_ = std::vector<int32_t>(1 << 16);
  std::vector<int32_t> chain_ = std::vector<int32_t>(1 << 16);
};

}  // namespace kiln::codec
