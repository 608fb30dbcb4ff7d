// Level 2 of klauspost/compress 1.15.12 flate (level2.go, BSD-3-Clause): as level 1 with a larger 5-byte hash
// table, and indexing inside matches.
#include "codec/klauspost_levels.hpp"

namespace kiln::codec {

void FastEncoderL2::clear_tables() { table_.fill(0); }

void FastEncoderL2::encode(Tokens& dst, const uint8_t* in, int32_t size) {
  constexpr unsigned kBits = 17;
  int32_t s = add_block(in, size);
  const int32_t cur = cur_;  // a local: the table stores could alias the member
  if (size < kMinNonLiteralBlockSize) return;

  const uint8_t* src = hist_.get();
  const int32_t src_len = hist_len_;
  int32_t next_emit = s;
  const int32_t s_limit = src_len - kInputMargin;
  uint64_t cv = load64(src, s);
  for (;;) {
    constexpr int kSkipLog = 5;
    constexpr int kDoEvery = 2;
    int32_t next_s = s;
    int32_t candidate = 0;
    for (;;) {
      uint32_t next_hash = hash5(cv, kBits);
      s = next_s;
      next_s = s + kDoEvery + ((s - next_emit) >> kSkipLog);
      if (next_s > s_limit) goto emit_remainder;
      candidate = table_[next_hash];
      uint64_t now = load64(src, next_s);
      table_[next_hash] = s + cur;
      next_hash = hash5(now, kBits);
      if (s - (candidate - cur) < kMaxMatchOffset && static_cast<uint32_t>(cv) == load32(src, candidate - cur)) {
        table_[next_hash] = next_s + cur;
        break;
      }
      // Try the next position right away.
      cv = now;
      s = next_s;
      ++next_s;
      candidate = table_[next_hash];
      now >>= 8;
      table_[next_hash] = s + cur;
      if (s - (candidate - cur) < kMaxMatchOffset && static_cast<uint32_t>(cv) == load32(src, candidate - cur)) break;
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
        if (s + l + 8 < src_len) table_[hash5(load64(src, s), kBits)] = s + cur;
        goto emit_remainder;
      }
      // Index three positions in every seven of the match.
      for (int32_t i = s - l + 2; i < s - 5; i += 7) {
        uint64_t x = load64(src, i);
        table_[hash5(x, kBits)] = cur + i;
        table_[hash5(x >> 16, kBits)] = cur + i + 2;
        table_[hash5(x >> 32, kBits)] = cur + i + 4;
      }
      uint64_t x = load64(src, s - 2);
      int32_t o = cur + s - 2;
      table_[hash5(x, kBits)] = o;
      table_[hash5(x >> 8, kBits)] = o + 1;
      uint32_t curr_hash = hash5(x >> 16, kBits);
      candidate = table_[curr_hash];
      table_[curr_hash] = o + 2;
      if (s - (candidate - cur) > kMaxMatchOffset || static_cast<uint32_t>(x >> 16) != load32(src, candidate - cur)) {
        cv = x >> 24;
        ++s;
        break;
      }
    }
  }

emit_remainder:
  if (next_emit < src_len && dst.n != 0) dst.add_literals(src + next_emit, src + src_len);
}

}  // namespace kiln::codec
