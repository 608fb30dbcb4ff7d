// What Go's compress/flate and klauspost/compress flate (BSD-3-Clause, The Go Authors) build their
// length-limited Huffman codes with, the same in both: the boundary package-merge that decides how
// many leaves get each code length, and the bit reversal of the canonical codes.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>

namespace kiln::codec {

constexpr int kMaxHuffmanBits = 16;
constexpr int32_t kNoMoreLeaves = std::numeric_limits<int32_t>::max();

// How many leaves get each code length (index = bits). `freq_at(i)` gives the frequency of leaf i,
// the leaves in rising order of frequency, and kNoMoreLeaves for i >= n; n is at least 3. Per tree
// level it tracks the next leaf and the next pair from the level below, and counts the leaves left
// of the rightmost node so that the lengths can be read off at the end.
template <class FreqAt>
std::array<int32_t, kMaxHuffmanBits + 1> count_code_lengths(FreqAt freq_at, int32_t n, int max_bits) {
  struct Level {
    int32_t last_freq;       // frequency of the last node chosen at this level
    int32_t next_leaf_freq;  // frequency of the next leaf this level could take
    int32_t next_pair_freq;  // frequency of the next pair the level below offers
    int32_t needed;          // nodes still to choose at this level
  };
  max_bits = std::min<int>(max_bits, n - 1);
  std::array<Level, kMaxHuffmanBits + 1> levels{};
  int32_t leaf_counts[kMaxHuffmanBits][kMaxHuffmanBits] = {};
  for (int level = 1; level <= max_bits; ++level) {
    levels[level] = {freq_at(1), freq_at(2), level == 1 ? kNoMoreLeaves : freq_at(0) + freq_at(1), 0};
    leaf_counts[level][level] = 2;
  }
  levels[max_bits].needed = 2 * n - 4;  // 2n - 2 nodes at the top, two chosen above

  for (int level = max_bits;;) {
    Level& l = levels[level];
    if (l.next_pair_freq == kNoMoreLeaves && l.next_leaf_freq == kNoMoreLeaves) {
      // Out of leaves and pairs: this level is done and must never be asked again.
      l.needed = 0;
      levels[level + 1].next_pair_freq = kNoMoreLeaves;
      ++level;
      continue;
    }
    int32_t prev_freq = l.last_freq;
    if (l.next_leaf_freq < l.next_pair_freq) {
      int32_t taken = ++leaf_counts[level][level];
      l.last_freq = l.next_leaf_freq;
      l.next_leaf_freq = freq_at(taken);
    } else {
      // A pair from the level below; that level must produce two more nodes to offer the next.
      l.last_freq = l.next_pair_freq;
      std::copy_n(leaf_counts[level - 1], level, leaf_counts[level]);
      levels[level - 1].needed = 2;
    }
    if (--l.needed == 0) {
      if (level == max_bits) break;
      levels[level + 1].next_pair_freq = prev_freq + l.last_freq;
      ++level;
    } else {
      while (levels[level - 1].needed > 0) --level;
    }
  }

  std::array<int32_t, kMaxHuffmanBits + 1> per_length{};
  const int32_t* counts = leaf_counts[max_bits];
  for (int level = max_bits, bits = 1; level > 0; --level, ++bits) per_length[bits] = counts[level] - counts[level - 1];
  return per_length;
}

// The low `length` bits of `code` in reverse order: deflate packs codes MSB first into an LSB-first
// bit stream.
constexpr uint16_t reverse_bits(uint16_t code, int length) {
  uint16_t reversed = 0;
  for (int i = 0; i < length; ++i, code >>= 1) reversed = static_cast<uint16_t>(reversed << 1 | (code & 1));
  return reversed;
}

}  // namespace kiln::codec
