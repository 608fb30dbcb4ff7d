// Deflate constants and code tables as klauspost/compress 1.15.12 flate uses them (BSD-3-Clause, Go Authors
// and Klaus Post); kiln reproduces that encoder byte for byte, see klauspost_deflate.hpp.
#pragma once

#include <array>
#include <cstdint>

namespace kiln::codec {

constexpr int kMaxStoreBlockSize = 65535;  // also the fast levels' window
constexpr int kMaxMatchOffset = 1 << 15;
constexpr int kMaxMatchLength = 258;
constexpr int kBaseMatchLength = 3;
constexpr int kBaseMatchOffset = 1;
constexpr int kLiteralCount = 286;        // literals, end of block and length codes
constexpr int kOffsetCodeCount = 30;
constexpr int kCodegenCodeCount = 19;
constexpr int kEndBlockMarker = 256;
constexpr int kLengthCodesStart = 257;

// Tokens: a literal is its byte; a match is kMatchType | (length - 3) << 22 | offset code << 16 | (offset - 1).
constexpr uint32_t kMatchType = 1u << 30;
constexpr int kLengthShift = 22;
constexpr uint32_t kOffsetMask = (1u << kLengthShift) - 1;
constexpr uint32_t kMatchOffsetOnlyMask = 0xffff;

constexpr std::array<uint8_t, 32> kLengthExtraBits = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
                                                      3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
constexpr std::array<uint8_t, 32> kLengthBase = {0,  1,  2,  3,  4,  5,  6,   7,   8,   10,  12,  14,  16,  20, 24,
                                                 28, 32, 40, 48, 56, 64, 80,  96,  112, 128, 160, 192, 224, 255};
constexpr std::array<uint8_t, 32> kOffsetExtraBits = {0, 0, 0, 0, 1, 1, 2,  2,  3,  3,  4,  4,  5,  5,  6, 6,
                                                      7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
constexpr std::array<uint32_t, 32> kOffsetBase = {
    0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0006, 0x0008, 0x000c, 0x0010, 0x0018, 0x0020, 0x0030, 0x0040, 0x0060, 0x0080,
    0x00c0, 0x0100, 0x0180, 0x0200, 0x0300, 0x0400, 0x0600, 0x0800, 0x0c00, 0x1000, 0x1800, 0x2000, 0x3000, 0x4000, 0x6000};

// Length code (0-28) of a match length minus 3.
constexpr std::array<uint8_t, 256> kLengthCodes = [] {
  std::array<uint8_t, 256> t{};
  for (int code = 0, x = 0; x < 256; ++x) {
    while (code < 28 && x >= kLengthBase[code + 1]) ++code;
    t[x] = static_cast<uint8_t>(code);
  }
  return t;
}();

// Offset code of an offset minus 1 below 256; offset_code() extends it to the whole window.
constexpr std::array<uint8_t, 256> kOffsetCodes = [] {
  std::array<uint8_t, 256> t{};
  for (uint32_t code = 0, x = 0; x < 256; ++x) {
    while (code < 29 && x >= kOffsetBase[code + 1]) ++code;
    t[x] = static_cast<uint8_t>(code);
  }
  return t;
}();

constexpr uint32_t offset_code(uint32_t xoffset) {
  return xoffset < 256 ? kOffsetCodes[xoffset] : kOffsetCodes[(xoffset >> 7) & 255] + 14u;
}

}  // namespace kiln::codec
