// Level 6 of klauspost/compress 1.15.12 flate (level6.go, BSD-3-Clause): as level 5, plus a check for a repeat
// of the last match offset, both long candidates re-anchored on the match end, and denser indexing.
#include "codec/klauspost_levels.hpp"

namespace kiln::codec {

void FastEncoderL6::clear_tables() {
  table_.fill(0);
  b_table_.fill({});
}

void FastEncoderL6::encode(Tokens& dst, const uint8_t* in, int32_t size) {
  constexpr unsigned kBits = 15;
  int32_t s = add_block(in, size);
  const int32_t cur = cur_;  // a local: the table stores could alias the member
  if (size < kMinNonLiteralBlockSize) return;

  const uint8_t* src = hist_.get();
  const int32_t src_len = hist_len_;
  int32_t next_emit = s;
  const int32_t s_limit = src_len - kInputMargin;
  uint64_t cv = load64(src, s);
  int32_t repeat = 1;  // offset of the last match
  for (;;) {
    constexpr int kSkipLog = 7;
    int32_t next_s = s;
    int32_t l = 0;
    int32_t t = 0;
    for (;;) {
      uint32_t next_hash_s = hash4(cv, kBits);
      uint32_t next_hash_l = hash7(cv, kBits);
      s = next_s;
      next_s = s + 1 + ((s - next_emit) >> kSkipLog);
      if (next_s > s_limit) goto emit_remainder;
      int32_t s_candidate = table_[next_hash_s];
      EntryPrev l_candidate = b_table_[next_hash_l];
      uint64_t next = load64(src, next_s);
      table_[next_hash_s] = s + cur;
      push(b_table_[next_hash_l], s + cur);

      next_hash_s = hash4(next, kBits);
      next_hash_l = hash7(next, kBits);
      t = l_candidate.cur - cur;
      if (s - t < kMaxMatchOffset) {
        if (static_cast<uint32_t>(cv) == load32(src, t)) {
          table_[next_hash_s] = next_s + cur;
          push(b_table_[next_hash_l], next_s + cur);
          int32_t t2 = l_candidate.prev - cur;
          if (s - t2 < kMaxMatchOffset && static_cast<uint32_t>(cv) == load32(src, t2)) {
            l = matchlen(s + 4, t + 4) + 4;
            int32_t ml1 = matchlen(s + 4, t2 + 4) + 4;
            if (ml1 > l) {
              t = t2;
              l = ml1;
            }
          }
          break;
        }
        t = l_candidate.prev - cur;
        if (s - t < kMaxMatchOffset && static_cast<uint32_t>(cv) == load32(src, t)) {
          table_[next_hash_s] = next_s + cur;
          push(b_table_[next_hash_l], next_s + cur);
          break;
        }
      }

      t = s_candidate - cur;
      if (s - t < kMaxMatchOffset && static_cast<uint32_t>(cv) == load32(src, t)) {
        l = matchlen(s + 4, t + 4) + 4;
        l_candidate = b_table_[next_hash_l];
        table_[next_hash_s] = next_s + cur;
        push(b_table_[next_hash_l], next_s + cur);
        // A repeat of the last offset one byte on.
        int32_t t2 = s - repeat + 1;
        if (load32(src, t2) == static_cast<uint32_t>(cv >> 8)) {
          int32_t ml = matchlen(s + 4 + 1, t2 + 4) + 4;
          if (ml > l) {
            t = t2;
            l = ml;
            s += 1;
            break;
          }
        }
        // Prefer a longer match from the next position.
        t2 = l_candidate.cur - cur;
        if (next_s - t2 < kMaxMatchOffset) {
          if (load32(src, t2) == static_cast<uint32_t>(next)) {
            int32_t ml = matchlen(next_s + 4, t2 + 4) + 4;
            if (ml > l) {
              t = t2;
              s = next_s;
              l = ml;
            }
          }
          t2 = l_candidate.prev - cur;
          if (next_s - t2 < kMaxMatchOffset && load32(src, t2) == static_cast<uint32_t>(next)) {
            int32_t ml = matchlen(next_s + 4, t2 + 4) + 4;
            if (ml > l) {
              t = t2;
              s = next_s;
              l = ml;
            }
          }
        }
        break;
      }
      cv = next;
    }

    if (l == 0) {
      l = matchlen_long(s + 4, t + 4) + 4;
    } else if (l == kMaxMatchLength) {
      l += matchlen_long(s + l, t + l);
    }

    // Look for a longer match ending where this one ends, allowing 2 leading bytes to differ.
    if (int32_t s_at = s + l; s_at < s_limit) {
      constexpr int32_t kSkipBeginning = 2;
      const EntryPrev& e_long = b_table_[hash7(load64(src, s_at), kBits)];
      int32_t t2 = e_long.cur - cur - l + kSkipBeginning;
      const int32_t s2 = s + kSkipBeginning;
      if (int32_t off = s2 - t2; off < kMaxMatchOffset) {
        if (off > 0 && t2 >= 0) {
          if (int32_t l2 = matchlen_long(s2, t2); l2 > l) {
            t = t2;
            l = l2;
            s = s2;
          }
        }
        t2 = e_long.prev - cur - l + kSkipBeginning;
        off = s2 - t2;
        if (off > 0 && off < kMaxMatchOffset && t2 >= 0) {
          if (int32_t l2 = matchlen_long(s2, t2); l2 > l) {
            t = t2;
            l = l2;
            s = s2;
          }
        }
      }
    }

    while (t > 0 && s > next_emit && src[t - 1] == src[s - 1]) {
      --s;
      --t;
      ++l;
    }
    if (next_emit < s) dst.add_literals(src + next_emit, src + s);
    dst.add_match_long(l, static_cast<uint32_t>(s - t - kBaseMatchOffset));
    repeat = s - t;
    s += l;
    next_emit = s;
    if (next_s >= s) s = next_s + 1;
    if (s >= s_limit) {
      for (int32_t i = next_s + 1; i < src_len - 8; i += 2) {
        uint64_t c = load64(src, i);
        table_[hash4(c, kBits)] = i + cur;
        push(b_table_[hash7(c, kBits)], i + cur);
      }
      goto emit_remainder;
    }

    // Index every long hash of the match and every second short one.
    for (int32_t i = next_s + 1; i < s - 1; i += 2) {
      uint64_t c = load64(src, i);
      table_[hash4(c, kBits)] = i + cur;
      push(b_table_[hash7(c, kBits)], i + cur);
      push(b_table_[hash7(c >> 8, kBits)], i + cur + 1);
    }
    cv = load64(src, s);
  }

emit_remainder:
  if (next_emit < src_len && dst.n != 0) dst.add_literals(src + next_emit, src + src_len);
}

}  // namespace kiln::codec
