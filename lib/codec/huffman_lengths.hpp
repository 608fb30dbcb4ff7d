// What Go's compress/flate and klauspost/compress flate (BSD-3-Clause, The Go Authors) build their
// length-limited Huffman codes with, the same in both: the boundary package-merge that decides how
// many leaves get each code length, the bit reversal of the canonical codes, and the run-length
// coding of the code lengths in a dynamic block's header.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <span>

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

// The order of the code-length code's own lengths in a dynamic block's header (RFC 1951 3.2.7).
inline constexpr std::array<uint8_t, 19> kCodegenOrder = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

// A symbol of the code-length alphabet: 0-15 a code length, 16-18 a run with its extra-bits value.
struct Codegen {
  uint8_t symbol;
  uint8_t repeat;
};

// Both trees' code lengths in the code-length alphabet (RFC 1951 3.2.7), the runs chosen as Go and
// klauspost choose them: a repeated nonzero length is written once and then in runs of up to 6,
// zeros in runs of up to 138 and then one of up to 10; `emit(Codegen)` for each symbol in order.
template <class Emit>
void run_length_code_lengths(std::span<const uint8_t> lengths, Emit emit) {
  for (size_t start = 0; start < lengths.size();) {
    uint8_t size = lengths[start];
    size_t end = start + 1;
    while (end < lengths.size() && lengths[end] == size) ++end;
    int count = static_cast<int>(end - start);
    start = end;
    if (size != 0) {
      emit(Codegen{size, 0});
      for (--count; count >= 3; count -= std::min(count, 6)) emit(Codegen{16, static_cast<uint8_t>(std::min(count, 6) - 3)});
    } else {
      for (; count >= 11; count -= std::min(count, 138)) emit(Codegen{18, static_cast<uint8_t>(std::min(count, 138) - 11)});
      if (count >= 3) {
        emit(Codegen{17, static_cast<uint8_t>(count - 3)});
        count = 0;
      }
    }
    for (; count > 0; --count) emit(Codegen{size, 0});
  }
}

}  // namespace kiln::codec
