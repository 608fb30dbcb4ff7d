// Deflate's length and distance codes (RFC 1951 3.2.5), as Go's and klauspost's encoders both use them.
#pragma once

#include <array>
#include <bit>
#include <cstdint>

namespace kiln::codec {

// Per length code (symbol - 257): extra bits and the smallest length - 3 it encodes.
constexpr std::array<uint8_t, 29> kLengthExtraBits = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                                      2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
constexpr std::array<uint16_t, 29> kLengthBase = {0,  1,  2,  3,  4,  5,  6,   7,   8,   10,  12,  14,  16,  20, 24,
                                                  28, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 255};
// Per offset code: extra bits and the smallest distance - 1 it encodes.
constexpr std::array<uint8_t, 30> kOffsetExtraBits = {0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                                      6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
constexpr std::array<uint32_t, 30> kOffsetBase = {0,    1,    2,    3,    4,    6,     8,     12,    16,   24,
                                                  32,   48,   64,   96,   128,  192,   256,   384,   512,  768,
                                                  1024, 1536, 2048, 3072, 4096, 6144, 8192, 12288, 16384, 24576};

// Length code (0-28) of every length - 3; 255 (length 258) has a code of its own.
constexpr std::array<uint8_t, 256> kLengthCodes = [] {
  std::array<uint8_t, 256> table{};
  for (uint8_t code = 0; code < 29; ++code)
    for (uint32_t x = kLengthBase[code]; x < 256u && x < kLengthBase[code] + (1u << kLengthExtraBits[code]); ++x) table[x] = code;
  return table;
}();

// Offset code (0-29) of a distance - 1: two codes per power of two above 4.
constexpr uint32_t offset_code(uint32_t xoffset) {
  if (xoffset < 4) return xoffset;
  int high = std::bit_width(xoffset) - 1;
  return 2 * static_cast<uint32_t>(high) + ((xoffset >> (high - 1)) & 1);
}

}  // namespace kiln::codec
