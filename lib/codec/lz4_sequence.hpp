// lz4 block encoding shared by the two compressors of lz4_block.hpp.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "codec/bytes.hpp"

namespace kiln::codec::lz4 {

constexpr int kMinMatch = 4;
constexpr int kWindow = 1 << 16;
constexpr int kMatchFindLimit = 10 + kMinMatch;  // no match may start in the last 14 bytes
constexpr int kSkipLog = 7;                      // the search speeds up by 1 byte per 128 without a match

// How many of the 8 bytes at a and b agree before the first difference (8 if all do).
inline int common_bytes(const uint8_t* a, const uint8_t* b) {
  uint64_t x = load_le64(a) ^ load_le64(b);
  return x == 0 ? 8 : std::countr_zero(x) >> 3;
}

// pierrec's CompressBlockBound: the largest output for `size` bytes of input.
inline size_t block_bound(size_t size) { return size + size / 255 + 16; }

// Bytes a length field takes beyond its 4 bits in the token.
inline size_t length_bytes(size_t length) { return length < 15 ? 0 : (length - 15) / 255 + 1; }

inline uint8_t* put_length(uint8_t* out, size_t length) {
  for (length -= 15; length >= 255; length -= 255) *out++ = 0xFF;
  *out++ = static_cast<uint8_t>(length);
  return out;
}

// Bytes of a sequence: token, literals, offset, match length (counted beyond kMinMatch).
inline size_t sequence_size(size_t literals, size_t match) {
  return 1 + length_bytes(literals) + literals + 2 + length_bytes(match);
}

inline uint8_t* put_sequence(uint8_t* out, const uint8_t* literals, size_t literal_count, uint32_t offset,
                             size_t match) {
  uint8_t* token = out++;
  *token = static_cast<uint8_t>(std::min<size_t>(literal_count, 15) << 4 | std::min<size_t>(match, 15));
  if (literal_count >= 15) out = put_length(out, literal_count);
  std::memcpy(out, literals, literal_count);
  out += literal_count;
  *out++ = static_cast<uint8_t>(offset);
  *out++ = static_cast<uint8_t>(offset >> 8);
  return match >= 15 ? put_length(out, match) : out;
}

// The last literals, as both compressors end a block: the output size, or 0 as Go returns it when the
// block is not worth it (`incompressible` only when dst is smaller than the bound) or would overflow.
inline size_t put_last_literals(const uint8_t* src, size_t size, size_t anchor, uint8_t* dst, size_t di,
                                size_t dst_size, bool incompressible) {
  size_t count = size - anchor;
  size_t token_end = di + 1 + length_bytes(count);
  if (token_end > dst_size || (incompressible && token_end >= anchor) || token_end + count > dst_size) return 0;
  dst[di] = static_cast<uint8_t>(std::min<size_t>(count, 15) << 4);
  if (count >= 15) put_length(dst + di + 1, count);
  std::memcpy(dst + token_end, src + anchor, count);
  return token_end + count;
}

}  // namespace kiln::codec::lz4
