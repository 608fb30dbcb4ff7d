#include "codec/klauspost_huffman.hpp"

#include "codec/klauspost_sort.hpp"

namespace kiln::codec {
namespace {

constexpr int kMaxBitsLimit = 16;

uint16_t reverse_bits(uint16_t number, uint8_t bit_length) {
  uint16_t v = static_cast<uint16_t>(number << ((16 - bit_length) & 15));
  uint16_t r = 0;
  for (int i = 0; i < 16; ++i) r = static_cast<uint16_t>(r << 1 | ((v >> i) & 1));
  return r;
}

HuffCode make_code(uint16_t code, uint8_t length) { return length | static_cast<HuffCode>(code) << 8; }

// The state of one depth of the tree under construction (package-merge with per-level chains).
struct LevelInfo {
  int32_t level;
  int32_t last_freq;       // frequency of the last node at this level
  int32_t next_char_freq;  // frequency of the next leaf to add here
  int32_t next_pair_freq;  // frequency of the next pair from the level below
  int32_t needed;          // chains still to make at this level before moving up
};

}  // namespace

void HuffmanEncoder::generate(const uint16_t* freq, int n, int max_bits) {
  LiteralNode* list = nodes_.data();
  int count = 0;
  for (int i = 0; i < n; ++i) {
    if (freq[i] != 0)
      list[count++] = {static_cast<uint16_t>(i), freq[i]};
    else
      codes[i] = 0;
  }
  list[count] = {};
  if (count <= 2) {  // one or two symbols: each gets one bit, in symbol order
    for (int i = 0; i < count; ++i) codes[list[i].literal] = make_code(static_cast<uint16_t>(i), 1);
    return;
  }
  sort_by_freq(list, count);
  int32_t bits = max_bits > count - 1 ? count - 1 : max_bits;
  const int32_t* bit_count = bit_counts(list, count, bits);
  assign_codes(bit_count, bits + 1, list, count);
}

// How many leaves get each code length (list sorted by increasing frequency, at least 3 leaves).
const int32_t* HuffmanEncoder::bit_counts(LiteralNode* list, int32_t n, int32_t max_bits) {
  constexpr int32_t kNone = INT32_MAX;
  list[n] = {UINT16_MAX, UINT16_MAX};
  LevelInfo levels[kMaxBitsLimit + 1] = {};
  // leaf_counts[i][j]: leaves left of the level-j ancestor of level i's rightmost node.
  int32_t leaf_counts[kMaxBitsLimit][kMaxBitsLimit] = {};

  int32_t l2f = list[2].freq, l1f = list[1].freq, l0f = list[0].freq + list[1].freq;
  for (int32_t level = 1; level <= max_bits; ++level) {
    levels[level] = {level, l1f, l2f, level == 1 ? kNone : l0f, 0};
    leaf_counts[level][level] = 2;
  }
  levels[max_bits].needed = 2 * n - 4;

  uint32_t level = static_cast<uint32_t>(max_bits);
  while (level < 16) {
    LevelInfo& l = levels[level];
    if (l.next_pair_freq == kNone && l.next_char_freq == kNone) {
      l.needed = 0;
      levels[level + 1].next_pair_freq = kNone;
      ++level;
      continue;
    }
    int32_t prev_freq = l.last_freq;
    if (l.next_char_freq < l.next_pair_freq) {
      int32_t next = leaf_counts[level][level] + 1;
      l.last_freq = l.next_char_freq;
      leaf_counts[level][level] = next;
      const LiteralNode& e = list[next];
      l.next_char_freq = e.literal < UINT16_MAX ? e.freq : kNone;
    } else {
      l.last_freq = l.next_pair_freq;
      int32_t save = leaf_counts[level][level];
      for (int j = 0; j < kMaxBitsLimit; ++j) leaf_counts[level][j] = leaf_counts[level - 1][j];
      leaf_counts[level][level] = save;
      levels[l.level - 1].needed = 2;
    }
    if (--l.needed == 0) {
      if (l.level == max_bits) break;
      levels[l.level + 1].next_pair_freq = prev_freq + l.last_freq;
      ++level;
    } else {
      while (levels[level - 1].needed > 0) --level;
    }
  }

  const int32_t* counts = leaf_counts[max_bits];
  int bits = 1;
  for (int32_t lv = max_bits; lv > 0; --lv) bit_count_[bits++] = counts[lv] - counts[lv - 1];
  return bit_count_.data();
}

// Canonical codes: the least frequent leaves get the longest codes; equal lengths go in symbol order.
void HuffmanEncoder::assign_codes(const int32_t* bit_count, int levels, LiteralNode* list, int n) {
  uint16_t code = 0;
  for (int len = 0; len < levels; ++len) {
    code = static_cast<uint16_t>(code << 1);
    int32_t bits = bit_count[len];
    if (len == 0 || bits == 0) continue;
    LiteralNode* chunk = list + n - bits;
    sort_by_literal(chunk, bits);
    for (int i = 0; i < bits; ++i)
      codes[chunk[i].literal] = make_code(reverse_bits(code++, static_cast<uint8_t>(len)), static_cast<uint8_t>(len));
    n -= bits;
  }
}

const HuffmanEncoder& fixed_literal_encoding() {
  static const HuffmanEncoder h = [] {
    HuffmanEncoder e;
    for (int ch = 0; ch < kLiteralCount; ++ch) {
      uint16_t bits;
      uint8_t size;
      if (ch < 144) {
        bits = static_cast<uint16_t>(ch + 48), size = 8;
      } else if (ch < 256) {
        bits = static_cast<uint16_t>(ch + 400 - 144), size = 9;
      } else if (ch < 280) {
        bits = static_cast<uint16_t>(ch - 256), size = 7;
      } else {
        bits = static_cast<uint16_t>(ch + 192 - 280), size = 8;
      }
      e.codes[ch] = make_code(reverse_bits(bits, size), size);
    }
    return e;
  }();
  return h;
}

const HuffmanEncoder& fixed_offset_encoding() {
  static const HuffmanEncoder h = [] {
    HuffmanEncoder e;
    for (int ch = 0; ch < kOffsetCodeCount; ++ch) e.codes[ch] = make_code(reverse_bits(static_cast<uint16_t>(ch), 5), 5);
    return e;
  }();
  return h;
}

const HuffmanEncoder& huff_only_offset_encoding() {
  static const HuffmanEncoder h = [] {
    HuffmanEncoder e;
    uint16_t freq[kOffsetCodeCount] = {1};
    e.generate(freq, kOffsetCodeCount, 15);
    return e;
  }();
  return h;
}

}  // namespace kiln::codec
