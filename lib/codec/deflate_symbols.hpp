// Deflate's alphabets (RFC 1951 3.2.5) and the token the Go-compatible encoder queues per block; the
// length and distance codes are in deflate_tables.hpp.
#pragma once

#include <cstdint>

#include "codec/deflate_tables.hpp"

namespace kiln::codec::deflate {

constexpr int kMinMatch = 4;  // Go emits no 3-byte matches although deflate allows them
constexpr int kMaxMatch = 258;
constexpr int kWindowSize = 1 << 15;

constexpr int kEndOfBlock = 256;
constexpr int kFirstLengthCode = 257;
constexpr int kNumLiteralCodes = 286;  // literals, end of block, 29 length codes
constexpr int kNumOffsetCodes = 30;
constexpr int kNumCodegenCodes = 19;   // code-length alphabet: 0-15, 16 repeat, 17/18 zero runs

// A literal byte, or a match: kMatchFlag | (length - 3) << 22 | (distance - 1).
using Token = uint32_t;
constexpr Token kMatchFlag = 1u << 30;

constexpr Token literal_token(uint8_t byte) { return byte; }
constexpr Token match_token(int length, int distance) {
  return kMatchFlag | static_cast<uint32_t>(length - 3) << 22 | static_cast<uint32_t>(distance - 1);
}
constexpr bool is_match(Token t) { return t >= kMatchFlag; }
constexpr uint32_t match_xlength(Token t) { return (t >> 22) & 0xff; }   // length - 3
constexpr uint32_t match_xoffset(Token t) { return t & ((1u << 22) - 1); }  // distance - 1

}  // namespace kiln::codec::deflate
