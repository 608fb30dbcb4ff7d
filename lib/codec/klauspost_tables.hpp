// Deflate constants and the token layout as klauspost/compress 1.15.12 flate uses them (BSD-3-Clause, Go Authors
// and Klaus Post), the length and distance codes being deflate_tables.hpp's; kiln reproduces that encoder byte
// for byte, see klauspost_deflate.hpp.
#pragma once

#include <cstdint>

#include "codec/deflate_tables.hpp"

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

}  // namespace kiln::codec
