// A C++ re-implementation of the deflate compressor of klauspost/compress 1.15.12 (flate/deflate.go,
// BSD-3-Clause, Go Authors and Klaus Post), as pgzip drives it: reset with a dictionary, write, sync flush,
// close. Its output is byte-identical to the Go original's, which Packer 1.6.6 writes .gz files with.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace kiln::codec {

class Deflater {
 public:
  virtual ~Deflater() = default;
  // Starts a new raw deflate stream appended to *out, as if `dict` (its last 32 KiB) had been compressed before.
  virtual void reset_dict(std::string* out, const uint8_t* dict, size_t size) = 0;
  virtual void write(const uint8_t* data, size_t size) = 0;
  // Writes out everything so far and a sync marker (an empty stored block).
  virtual void flush() = 0;
  // Writes out everything and the final block.
  virtual void close() = 0;
};

// Level 1-9, or -1 for the default (5). Streams between resets must stay below 256 MiB (pgzip's are 500 kB).
std::unique_ptr<Deflater> make_deflater(int level);

}  // namespace kiln::codec
