// CRC-64/XZ (the ECMA-182 polynomial, reflected, inverted in and out): xz's CRC64 check.
#pragma once

#include <cstddef>
#include <cstdint>

namespace kiln::codec {

// crc: the value so far (0 to start); chaining calls gives the one-shot value, as zlib's crc32 does.
uint64_t crc64_xz(uint64_t crc, const uint8_t* data, size_t size);

}  // namespace kiln::codec
