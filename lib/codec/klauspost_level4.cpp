// Level 4 of klauspost/compress 1.15.12 flate (level4.go, BSD-3-Clause): a 4-byte and a 7-byte hash table,
// preferring the long candidate and trying the next position's.
#include "codec/klauspost_levels.hpp"

namespace kiln::codec {

void FastEncoderL4::clear_tables() {
  table_.fill(0);
  b_table_.fill(0);
}

void FastEncoderL4::encode(Tokens& dst, const uint8_t* in, int32_t size) {
  constexpr unsigned kBits = 15;
  int32_t s = add_block(in, size);
  const int32_t cur = cur_;  // a local: the table stores could alias the member
  if (size < kMinNonLiteralBlockSize) return;

  const uint8_t* src = hist_.get();
  const int32_t src_len = hist_len_;
  int32_t next_emit = s;
  const int32_t s_limit = src_len - kInputMargin;
  uint64_t cv = load64(src, s);
  for (;;) {
    constexpr int kSkipLog = 6;
    int32_t next_s = s;
    int32_t t = 0;
    for (;;) {
      uint32_t next_hash_s = hash4(cv, kBits);
      uint32_t next_hash_l = hash7(cv, kBits);
      s = next_s;
      next_s = s + 1 + ((s - next_emit) >> kSkipLog);
      if (next_s > s_limit) goto emit_remainder;
      int32_t s_candidate = table_[next_hash_s];
      int32_t l_candidate = b_table_[next_hash_l];
      uint64_t next = load64(src, next_s);
      table_[next_hash_s] = s + cur;
      b_table_[next_hash_l] = s + cur;

      t = l_candidate - cur;
      if (s - t < kMaxMatchOffset && static_cast<uint32_t>(cv) == load32(src, t)) break;
      t = s_candidate - cur;
      if (s - t < kMaxMatchOffset && static_cast<uint32_t>(cv) == load32(src, t)) {
        // A short match: take the next position's long candidate if it matches longer.
        l_candidate = b_table_[hash7(next, kBits)];
        int32_t l_off = next_s - (l_candidate - cur);
        if (l_off < kMaxMatchOffset && load32(src, l_candidate - cur) == static_cast<uint32_t>(next)) {
          int32_t l1 = common_prefix(src + s + 4, src + t + 4, src_len - s - 4);
          int32_t l2 = common_prefix(src + next_s + 4, src + next_s - l_off + 4, src_len - next_s - 4);
          if (l2 > l1) {
            s = next_s;
            t = l_candidate - cur;
          }
        }
        break;
      }
      cv = next;
    }

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
      if (s + 8 < src_len) {
        uint64_t c = load64(src, s);
        table_[hash4(c, kBits)] = s + cur;
        b_table_[hash7(c, kBits)] = s + cur;
      }
      goto emit_remainder;
    }

    // Index every third position of the match.
    for (int32_t i = next_s; i < s - 1; i += 3) {
      uint64_t c = load64(src, i);
      b_table_[hash7(c, kBits)] = i + cur;
      b_table_[hash7(c >> 8, kBits)] = i + cur + 1;
      table_[hash4(c >> 8, kBits)] = i + cur + 1;
    }
    uint64_t x = load64(src, s - 1);
    int32_t o = cur + s - 1;
    table_[hash4(x, kBits)] = o;
    b_table_[hash7(x, kBits)] = o;
    cv = x >> 8;
  }

emit_remainder:
  if (next_emit < src_len && dst.n != 0) dst.add_literals(src + next_emit, src + src_len);
}

}  // namespace kiln::codec
