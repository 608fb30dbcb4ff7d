// pierrec/lz4 2.5.2's CompressBlock (block.go, BSD-3-Clause).
#include "codec/lz4_block.hpp"
#include "codec/lz4_sequence.hpp"

namespace kiln::codec {

using namespace lz4;

namespace {

// Hash of the low 6 bytes of x into 16 bits.
uint32_t hash6(uint64_t x) { return static_cast<uint32_t>(((x << 16) * 227718039650203ull) >> 48); }

// Whether `offset` reaches back into the window to 4 bytes equal to `bytes`.
bool matches(const uint8_t* src, int si, int offset, uint32_t bytes) {
  return offset > 0 && offset < kWindow && load_le32(src + si - offset) == bytes;
}

}  // namespace

size_t Lz4FastCompressor::compress(const uint8_t* src, size_t size, uint8_t* dst, size_t dst_size) {
  const bool incompressible = dst_size < block_bound(size);
  int32_t* table = table_.data();
  int si = 0;
  int anchor = 0;
  size_t di = 0;
  const int sn = static_cast<int>(size) - kMatchFindLimit;

  while (si < sn) {
    // Probe si, si+1 and si+2 (one 8-byte load) and take the first that matches.
    uint64_t sequence = load_le64(src + si);
    uint32_t h = hash6(sequence);
    uint32_t h2 = hash6(sequence >> 8);
    int ref = table[h];
    int ref2 = table[h2];
    table[h] = si;
    table[h2] = si + 1;
    int offset = si - ref;
    if (!matches(src, si, offset, static_cast<uint32_t>(sequence))) {
      h = hash6(sequence >> 16);
      ref = table[h];
      si += 1;
      offset = si - ref2;
      if (!matches(src, si, offset, static_cast<uint32_t>(sequence >> 8))) {
        si += 1;
        offset = si - ref;
        table[h] = si;
        if (!matches(src, si, offset, static_cast<uint32_t>(sequence >> 16))) {
          si += 2 + ((si - anchor) >> kSkipLog);
          continue;
        }
      }
    }

    // Extend the match backwards over the pending literals, then forwards 8 bytes at a time
    // (stopping 8 bytes before sn, as Go does, even in the middle of a match).
    int literals = si - anchor;
    int match_start = si;
    for (int back = si - offset - 1; literals > 0 && back >= 0 && src[match_start - 1] == src[back]; --back) {
      --match_start;
      --literals;
    }
    si += kMinMatch;  // from the probed position, not match_start
    while (si + 8 < sn) {
      int same = common_bytes(src + si, src + si - offset);
      si += same;
      if (same < 8) break;
    }
    auto match = static_cast<size_t>(si - match_start - kMinMatch);

    // Go writes into a dst of dst_size bytes and reads one byte past the offset: running out of room
    // panics into "return 0", leaving the table as it is here for the next block.
    size_t end = di + sequence_size(static_cast<size_t>(literals), match);
    if (match >= 15 ? end > dst_size : end >= dst_size) return 0;
    put_sequence(dst + di, src + anchor, static_cast<size_t>(literals), static_cast<uint32_t>(offset), match);
    di = end;
    anchor = si;
    if (si >= sn) break;
    table[hash6(load_le64(src + si - 2))] = si - 2;
  }
  return put_last_literals(src, size, static_cast<size_t>(anchor), dst, di, dst_size, incompressible);
}

}  // namespace kiln::codec
