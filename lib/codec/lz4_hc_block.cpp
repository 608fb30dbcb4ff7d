// pierrec/lz4 2.5.2's CompressBlockHC (block.go, BSD-3-Clause).
#include <algorithm>

#include "codec/lz4_block.hpp"
#include "codec/lz4_sequence.hpp"

namespace kiln::codec {

using namespace lz4;

namespace {

constexpr int kWindowMask = kWindow - 1;

uint32_t hash4(uint32_t x) { return (x * 2654435761u) >> 16; }

}  // namespace

size_t Lz4HcCompressor::compress(const uint8_t* src, size_t size, uint8_t* dst, size_t dst_size, int depth) {
  const bool incompressible = dst_size < block_bound(size);
  std::fill(head_.begin(), head_.end(), 0);
  std::fill(chain_.begin(), chain_.end(), 0);
  int32_t* head = head_.data();    // the last position seen for each hash
  int32_t* chain = chain_.data();  // the position seen before each one with the same hash
  if (depth <= 0) depth = kWindow;
  int si = 0;
  int anchor = 0;
  size_t di = 0;
  const int sn = static_cast<int>(size) - kMatchFindLimit;

  while (si < sn) {
    uint32_t sequence = load_le32(src + si);
    uint32_t h = hash4(sequence);

    // The longest match along the chain; position 0 ends a chain, as an empty entry does.
    int length = 0;
    int offset = 0;
    for (int next = head[h], tries = depth; tries > 0 && next > 0 && si - next < kWindow;
         next = chain[next & kWindowMask]) {
      // Only a candidate that agrees at the current length's byte can be longer.
      if (src[next + length] != src[si + length]) continue;
      int candidate = 0;
      while (candidate < sn - si) {
        int same = common_bytes(src + next + candidate, src + si + candidate);
        candidate += same;
        if (same < 8) break;
      }
      if (candidate < kMinMatch || candidate <= length) continue;
      length = candidate;
      offset = si - next;
      --tries;
    }
    chain[si & kWindowMask] = head[h];
    head[h] = si;

    if (length == 0) {
      si += 1 + ((si - anchor) >> kSkipLog);
      continue;
    }

    // Insert the matched positions (at most the last window's worth). Go shifts the next byte into
    // the 4 bytes read at si, so after a skipped stretch the hashed value is not the bytes at p.
    for (int p = std::max(si + 1, si + length - kWindow); p < si + length; ++p) {
      sequence = sequence >> 8 | static_cast<uint32_t>(src[p + 3]) << 24;
      uint32_t hp = hash4(sequence);
      chain[p & kWindowMask] = head[hp];
      head[hp] = p;
    }

    auto literals = static_cast<size_t>(si - anchor);
    auto match = static_cast<size_t>(length - kMinMatch);
    size_t end = di + sequence_size(literals, match);
    if (end > dst_size) return 0;  // Go's out-of-range write, recovered as 0
    put_sequence(dst + di, src + anchor, literals, static_cast<uint32_t>(offset), match);
    di = end;
    si += length;
    anchor = si;
  }
  return put_last_literals(src, size, static_cast<size_t>(anchor), dst, di, dst_size, incompressible);
}

}  // namespace kiln::codec
