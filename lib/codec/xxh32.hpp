// xxHash32 with seed 0, as pierrec/lz4 2.5.2's internal/xxh32 computes it (BSD-3-Clause): the lz4 frame's
// header and content checksums.
#pragma once

#include <cstddef>
#include <cstdint>

namespace kiln::codec {

uint32_t xxh32(const uint8_t* data, size_t size);

// Incremental form, for the content checksum of a stream fed in pieces of any size.
class Xxh32 {
 public:
  void update(const uint8_t* data, size_t size);
  uint32_t digest() const;

 private:
  uint32_t v_[4] = {2654435761u + 2246822519u, 2246822519u, 0, 0u - 2654435761u};
  uint64_t total_ = 0;
  uint8_t pending_[16] = {};
  size_t pending_size_ = 0;
};

}  // namespace kiln::codec
