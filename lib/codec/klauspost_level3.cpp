// Level 3 of klauspost/compress 1.15.12 flate (level3.go, BSD-3-Clause): a 5-byte hash table with two
// candidates per slot, keeping the longer match.
#include "codec/klauspost_levels.hpp"

namespace kiln::codec {

void FastEncoderL3::clear_tables() { table_.fill({}); }

void FastEncoderL3::encode(Tokens& dst, const uint8_t* in, int32_t size) {
  constexpr unsigned kBits = 16;
  int32_t s = add_block(in, size);
  const int32_t cur = cur_;  // a local: the table stores could alias the member
  if (size < kMinNonLiteralBlockSize) return;

  const uint8_t* src = hist_.get();
  const int32_t src_len = hist_len_;
  int32_t next_emit = s;
  const int32_t s_limit = src_len - kInputMargin;
  uint64_t cv = load64(src, s);
  for (;;) {
    constexpr int kSkipLog = 7;
    int32_t next_s = s;
    int32_t candidate = 0;
    for (;;) {
      uint32_t next_hash = hash5(cv, kBits);
      s = next_s;
      next_s = s + 1 + ((s - next_emit) >> kSkipLog);
      if (next_s > s_limit) goto emit_remainder;
      EntryPrev candidates = table_[next_hash];
      uint64_t now = load64(src, next_s);
      int32_t min_offset = cur + s - (kMaxMatchOffset - 4);  // entries at or above are safely within reach
      table_[next_hash] = {s + cur, candidates.cur};

      candidate = candidates.cur;
      if (candidate < min_offset) {
        cv = now;
        continue;
      }
      if (static_cast<uint32_t>(cv) == load32(src, candidate - cur)) {
        if (candidates.prev < min_offset || static_cast<uint32_t>(cv) != load32(src, candidates.prev - cur)) break;
        // Both match: keep the longer.
        int32_t l1 = common_prefix(src + s + 4, src + candidate - cur + 4, src_len - s - 4);
        int32_t l2 = common_prefix(src + s + 4, src + candidates.prev - cur + 4, src_len - s - 4);
        if (l2 > l1) candidate = candidates.prev;
        break;
      }
      candidate = candidates.prev;
      if (candidate > min_offset && static_cast<uint32_t>(cv) == load32(src, candidate - cur)) break;
      cv = now;
    }

    // Emit matches as long as the position right after one starts another.
    for (;;) {
      int32_t t = candidate - cur;
      int32_t l = matchlen_long(s + 4, t + 4) + 4;
      while (t > 0 && s > next_emit && src[t - 1] == src[s - 1]) {
        --s;
        --t;
        ++l;
      }
      if (next_emit < s) dst.add_literals(src + next_emit, src + s);
      dst.add_match_long(l, static_cast<uint32_t>(s - t - kBaseMatchOffset));
      s += l;
      next_emit = s;
      if (next_s >= s) s = next_s + 1;
      if (s >= s_limit) {
        t += l;
        if (t + 8 < src_len && t > 0) push(table_[hash5(load64(src, t), kBits)], cur + t);
        goto emit_remainder;
      }
      for (int32_t i = s - l + 2; i < s - 5; i += 6) push(table_[hash5(load64(src, i), kBits)], cur + i);
      uint64_t x = load64(src, s - 2);
      push(table_[hash5(x, kBits)], cur + s - 2);
      x >>= 8;
      push(table_[hash5(x, kBits)], cur + s - 1);
      x >>= 8;
      EntryPrev& slot = table_[hash5(x, kBits)];
      EntryPrev candidates = slot;
      cv = x;
      push(slot, s + cur);
      candidate = candidates.cur;
      int32_t min_offset = cur + s - (kMaxMatchOffset - 4);
      if (candidate > min_offset) {
        if (static_cast<uint32_t>(cv) == load32(src, candidate - cur)) continue;
        candidate = candidates.prev;
        if (candidate > min_offset && static_cast<uint32_t>(cv) == load32(src, candidate - cur)) continue;
      }
      cv = x >> 8;
      ++s;
      break;
    }
  }

emit_remainder:
  if (next_emit < src_len && dst.n != 0) dst.add_literals(src + next_emit, src + src_len);
}

}  // namespace kiln::codec
