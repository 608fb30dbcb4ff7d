// Level 5 of klauspost/compress 1.15.12 flate (level5.go, BSD-3-Clause): a 4-byte hash table and a 7-byte hash
// table with two candidates per slot; a match is also tried from the next position and, when short, re-anchored
// on its end.
#include "codec/klauspost_levels.hpp"

namespace kiln::codec {

void FastEncoderL5::clear_tables() {
  table_.fill(0);
  b_table_.fill({});
}

void FastEncoderL5::encode(Tokens& dst, const uint8_t* in, int32_t size) {
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
        // Prefer a longer match from the next position.
        int32_t t2 = l_candidate.cur - cur;
        if (next_s - t2 < kMaxMatchOffset) {
          if (load32(src, t2) == static_cast<uint32_t>(next)) {
            int32_t ml = matchlen(next_s + 4, t2 + 4) + 4;
            if (ml > l) {
              t = t2;
              s = next_s;
              l = ml;
              break;
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

    // A short match: look for a longer one ending where it ends, allowing 2 leading bytes to differ.
    if (int32_t s_at = s + l; l < 30 && s_at < s_limit) {
      constexpr int32_t kSkipBeginning = 2;
      int32_t e_long = b_table_[hash7(load64(src, s_at), kBits)].cur;
      int32_t t2 = e_long - cur - l + kSkipBeginning;
      int32_t s2 = s + kSkipBeginning;
      int32_t off = s2 - t2;
      if (t2 >= 0 && off < kMaxMatchOffset && off > 0) {
        if (int32_t l2 = matchlen_long(s2, t2); l2 > l) {
          t = t2;
          l = l2;
          s = s2;
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
    s += l;
    next_emit = s;
    if (next_s >= s) s = next_s + 1;
    if (s >= s_limit) goto emit_remainder;

    // Index the matched bytes: both tables at its start, then every third position.
    if (int32_t i = s - l + 1; i < s - 1) {
      uint64_t c = load64(src, i);
      int32_t e = i + cur;
      table_[hash4(c, kBits)] = e;
      push(b_table_[hash7(c, kBits)], e);
      push(b_table_[hash7(c >> 8, kBits)], e + 1);
      table_[hash4(c >> 16, kBits)] = e + 2;
      for (i += 4; i < s - 1; i += 3) {
        c = load64(src, i);
        push(b_table_[hash7(c, kBits)], i + cur);
        table_[hash4(c >> 8, kBits)] = i + cur + 1;
      }
    }
    uint64_t x = load64(src, s - 1);
    int32_t o = cur + s - 1;
    table_[hash4(x, kBits)] = o;
    push(b_table_[hash7(x, kBits)], o);
    cv = x >> 8;
  }

emit_remainder:
  if (next_emit < src_len && dst.n != 0) dst.add_literals(src + next_emit, src + src_len);
}

}  // namespace kiln::codec
