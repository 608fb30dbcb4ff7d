#include "codec/huffman_code.hpp"

#include <algorithm>
#include <limits>
#include <tuple>

namespace kiln::codec::deflate {
namespace {

constexpr int32_t kNever = std::numeric_limits<int32_t>::max();
constexpr int kMaxBitsLimit = 16;

struct Leaf {
  uint16_t symbol;
  int32_t freq;
};

uint16_t reverse_bits(uint16_t code, int length) {
  uint16_t reversed = 0;
  for (int i = 0; i < length; ++i, code >>= 1) reversed = static_cast<uint16_t>(reversed << 1 | (code & 1));
  return reversed;
}

// How many leaves get each code length (index = bits), for `leaves` sorted by rising frequency
// and followed by a sentinel of frequency kNever. Go's boundary package-merge: per tree level it
// tracks the next leaf and the next pair from the level below, and counts leaves left of the
// rightmost node so the lengths can be read off at the end.
std::array<int32_t, kMaxBitsLimit + 1> count_code_lengths(const Leaf* leaves, int32_t n, int max_bits) {
  struct Level {
    int32_t last_freq;       // frequency of the last node chosen at this level
    int32_t next_leaf_freq;  // frequency of the next leaf this level could take
    int32_t next_pair_freq;  // frequency of the next pair the level below offers
    int32_t needed;          // nodes still to choose at this level
  };
  max_bits = std::min<int>(max_bits, n - 1);
  std::array<Level, kMaxBitsLimit + 1> levels{};
  int32_t leaf_counts[kMaxBitsLimit][kMaxBitsLimit] = {};
  for (int level = 1; level <= max_bits; ++level) {
    levels[level] = {leaves[1].freq, leaves[2].freq, level == 1 ? kNever : leaves[0].freq + leaves[1].freq, 0};
    leaf_counts[level][level] = 2;
  }
  levels[max_bits].needed = 2 * n - 4;  // 2n - 2 nodes at the top, two chosen above

  for (int level = max_bits;;) {
    Level& l = levels[level];
    if (l.next_pair_freq == kNever && l.next_leaf_freq == kNever) {
      // Out of leaves and pairs: this level is done and must never be asked again.
      l.needed = 0;
      levels[level + 1].next_pair_freq = kNever;
      ++level;
      continue;
    }
    int32_t prev_freq = l.last_freq;
    if (l.next_leaf_freq < l.next_pair_freq) {
      int32_t taken = ++leaf_counts[level][level];
      l.last_freq = l.next_leaf_freq;
      l.next_leaf_freq = leaves[taken].freq;
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

  std::array<int32_t, kMaxBitsLimit + 1> per_length{};
  const int32_t* counts = leaf_counts[max_bits];
  for (int level = max_bits, bits = 1; level > 0; --level, ++bits) per_length[bits] = counts[level] - counts[level - 1];
  return per_length;
}

}  // namespace

void HuffmanCode::build(std::span<const int32_t> freq, int max_bits) {
  std::array<Leaf, kNumLiteralCodes + 1> leaves;
  int32_t n = 0;
  for (size_t s = 0; s < freq.size(); ++s) {
    codes_[s] = {};
    if (freq[s] != 0) leaves[n++] = {static_cast<uint16_t>(s), freq[s]};
  }
  if (n <= 2) {
    // One or two symbols: one bit each, in symbol order.
    for (int32_t i = 0; i < n; ++i) codes_[leaves[i].symbol] = {static_cast<uint16_t>(i), 1};
    return;
  }
  std::sort(leaves.begin(), leaves.begin() + n,
            [](const Leaf& a, const Leaf& b) { return a.freq != b.freq ? a.freq < b.freq : a.symbol < b.symbol; });
  leaves[n] = {0, kNever};
  auto per_length = count_code_lengths(leaves.data(), n, max_bits);
  // The most frequent leaves get the shortest codes.
  int32_t end = n;
  for (int bits = 1; bits <= kMaxBitsLimit; ++bits)
    for (int32_t k = 0; k < per_length[bits]; ++k) codes_[leaves[--end].symbol].length = static_cast<uint16_t>(bits);
  assign_canonical(freq.size());
}

void HuffmanCode::assign_canonical(size_t symbols) {
  std::array<uint16_t, kMaxBitsLimit + 1> next{};
  std::array<uint16_t, kMaxBitsLimit + 1> count{};
  for (size_t s = 0; s < symbols; ++s) ++count[codes_[s].length];
  count[0] = 0;
  for (int bits = 1, code = 0; bits <= kMaxBitsLimit; ++bits) {
    code = (code + count[bits - 1]) << 1;
    next[bits] = static_cast<uint16_t>(code);
  }
  for (size_t s = 0; s < symbols; ++s)
    if (int len = codes_[s].length) codes_[s].bits = reverse_bits(next[len]++, len);
}

int64_t HuffmanCode::bit_length(std::span<const int32_t> freq) const {
  int64_t total = 0;
  for (size_t s = 0; s < freq.size(); ++s) total += static_cast<int64_t>(freq[s]) * codes_[s].length;
  return total;
}

const HuffmanCode& HuffmanCode::fixed_literals() {
  // Canonical over RFC 1951's 288 symbols, of which the last two are never used.
  static const HuffmanCode code = [] {
    HuffmanCode c;
    for (int s = 0; s < kNumLiteralCodes; ++s) {
      auto [first_code, first_symbol, length] = s < 144   ? std::tuple{0x30, 0, 8}
                                                : s < 256 ? std::tuple{0x190, 144, 9}
                                                : s < 280 ? std::tuple{0x00, 256, 7}
                                                          : std::tuple{0xc0, 280, 8};
      c.codes_[s] = {reverse_bits(static_cast<uint16_t>(first_code + s - first_symbol), length), static_cast<uint16_t>(length)};
    }
    return c;
  }();
  return code;
}

const HuffmanCode& HuffmanCode::fixed_offsets() {
  static const HuffmanCode code = [] {
    HuffmanCode c;
    for (int s = 0; s < kNumOffsetCodes; ++s) c.codes_[s].length = 5;
    c.assign_canonical(kNumOffsetCodes);
    return c;
  }();
  return code;
}

}  // namespace kiln::codec::deflate
